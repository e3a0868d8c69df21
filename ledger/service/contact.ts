import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit } from '../store/audit.js';
import type { ChannelUser } from '../store/channel-user.js';
import { stopContact, type OptOutReason } from '../store/contact-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

export type { OptOutReason } from '../store/contact-rows.js';

/**
 * Marks a channel user's address as not to be contacted, inside the caller's transaction, with its audit
 * event. A "wrong person" address is also unlinked from any debtor (it is not theirs).
 */
export async function markContactStopped(
  tx: LedgerTransaction,
  user: ChannelUser,
  reason: OptOutReason,
  debtorId: string | null,
  now: Date,
): Promise<void> {
  const preferenceId = await stopContact(tx, { user, reason, debtorId, now });
  await writeAudit(tx, {
    actor: { type: 'debtor', id: `${user.channel}:${user.channelUserId}` },
    action: `contact.${reason}`,
    entityType: 'ContactPreference',
    entityId: preferenceId,
    data: { channel: user.channel },
  });
}

/** Records that a channel user asked not to be contacted (or is not the debtor), with its audit event. */
export async function recordOptOut(
  context: LedgerContext,
  user: ChannelUser,
  reason: OptOutReason,
  debtorId: string | null,
  now: Date,
): Promise<void> {
  await inTransaction(context, (tx) => markContactStopped(tx, user, reason, debtorId, now));
}
