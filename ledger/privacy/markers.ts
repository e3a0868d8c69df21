import { createHash } from 'node:crypto';

/** What erased free text (transcript lines, dispute text, claim notes) is replaced by. */
export const ERASED_TEXT = '[erased]';

/** What transcript text past the retention period is replaced by. */
export const PURGED_TEXT = '[purged]';

/** The prefix of every pseudonym; a lender's own ids never start with it. */
export const PSEUDONYM_PREFIX = 'ERASED-';

/** The channel user id left on an erased conversation (the real one can be a phone number). */
export const ERASED_CHANNEL_USER = 'erased';

/**
 * The pseudonym of a ledger row: "ERASED-" and 16 hex digits of the SHA-256 of its internal id. The internal
 * id is random, so the pseudonym is stable (erasing twice gives the same one) yet cannot be derived from the
 * lender's debtor_id or account_ref.
 */
export function pseudonymFor(internalId: string): string {
  return `${PSEUDONYM_PREFIX}${createHash('sha256').update(internalId).digest('hex').slice(0, 16)}`;
}
