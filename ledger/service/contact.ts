import type { SqlExecutor } from '../db/sql-runner.js';
import { writeAudit } from '../store/audit.js';
import type { ChannelUser } from '../store/channel-user.js';
import { stopContact, type OptOutReason } from '../store/contact-rows.js';
import { inSqlTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

export type { OptOutReason } from '../store/contact-rows.js';

/**
 * Marks a channel user's address as not to be contacted, inside the caller's transaction, with its audit
 * event. A "wrong person" address is also unlinked from any debtor (it is not theirs).
 */
export async function markContactStopped(
  tx: SqlExecutor,
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
  await inSqlTransaction(context, (tx) => markContactStopped(tx, user, reason, debtorId, now));
}
