// Retention (DESIGN §11): transcript text older than TRANSCRIPT_RETENTION_DAYS is purged; the rows stay.
import type { SqlRunner } from '../db/sql-runner.js';
import { writeAudit } from '../store/audit.js';
import { replaceMessageTextsBefore } from '../store/message-rows.js';
import { ERASED_TEXT, PURGED_TEXT } from './markers.js';

/** Days a transcript message's text is kept when TRANSCRIPT_RETENTION_DAYS is unset (two years). */
export const TRANSCRIPT_RETENTION_DAYS_DEFAULT = 730;

/** Options of purgeTranscripts. */
export interface PurgeOptions {
  /** The clock: messages written before `now − retentionDays` are purged. */
  readonly now: Date;
  /** Whole days of text to keep, at least 1 (default TRANSCRIPT_RETENTION_DAYS_DEFAULT). */
  readonly retentionDays?: number;
}

/**
 * Replaces the text of transcript messages older than the retention period by "[purged]" and returns how many
 * it changed. Message rows (counts, times, authors) stay; money records and the contact log are not touched.
 * Idempotent; one transaction with a "transcripts.purged" audit event when something was purged.
 */
export async function purgeTranscripts(ledger: { readonly sql: SqlRunner }, options: PurgeOptions): Promise<number> {
  const retentionDays = options.retentionDays ?? TRANSCRIPT_RETENTION_DAYS_DEFAULT;
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new RangeError(`retentionDays must be a whole number of days ≥ 1, got ${retentionDays}`);
  const cutoff = new Date(options.now.getTime() - retentionDays * 86_400_000);
  return ledger.sql.transaction(async (tx) => {
    const count = await replaceMessageTextsBefore(tx, { createdBefore: cutoff, text: PURGED_TEXT, keptTexts: [PURGED_TEXT, ERASED_TEXT] });
    if (count > 0) {
      await writeAudit(tx, {
        actor: { type: 'system', id: 'retention' },
        action: 'transcripts.purged',
        entityType: 'Message',
        entityId: '*',
        data: { count, before: cutoff.toISOString(), retentionDays },
      });
    }
    return count;
  });
}
