import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import type { ChannelUser } from './verification.js';

/** Why contact on a channel stops. */
export type OptOutReason = 'opt_out' | 'wrong_person';

/**
 * Marks a channel user's address as not to be contacted, inside the caller's transaction, with its audit
 * event. A "wrong person" address is also unlinked from any debtor (it is not theirs).
 */
export async function markContactStopped(tx: LedgerTransaction, user: ChannelUser, reason: OptOutReason, debtorId: string | null, now: Date): Promise<void> {
  const linkedDebtor = reason === 'wrong_person' ? null : debtorId;
  const preference = await tx.contactPreference.upsert({
    where: { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } },
    create: { channel: user.channel, channelUserId: user.channelUserId, debtorId: linkedDebtor, optedOutAt: now, reason },
    update: { optedOutAt: now, reason, ...(reason === 'wrong_person' ? { debtorId: null } : linkedDebtor ? { debtorId: linkedDebtor } : {}) },
  });
  await writeAudit(tx, { actor: { type: 'debtor', id: `${user.channel}:${user.channelUserId}` }, action: `contact.${reason}`, entityType: 'ContactPreference', entityId: preference.id, data: { channel: user.channel } });
}

/** Records that a channel user asked not to be contacted (or is not the debtor), with its audit event. */
export async function recordOptOut(context: LedgerContext, user: ChannelUser, reason: OptOutReason, debtorId: string | null, now: Date): Promise<void> {
  await inTransaction(context, (tx) => markContactStopped(tx, user, reason, debtorId, now));
}
