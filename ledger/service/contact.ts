import { writeAudit } from '../store/audit.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import type { ChannelUser } from './verification.js';

/** Why contact on a channel stops. */
export type OptOutReason = 'opt_out' | 'wrong_person';

/** Records that a channel user asked not to be contacted (or is not the debtor), with its audit event. */
export async function recordOptOut(context: LedgerContext, user: ChannelUser, reason: OptOutReason, debtorId: string | null, now: Date): Promise<void> {
  await inTransaction(context.prisma, async (tx) => {
    const preference = await tx.contactPreference.upsert({
      where: { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } },
      create: { channel: user.channel, channelUserId: user.channelUserId, debtorId, optedOutAt: now, reason },
      update: { optedOutAt: now, reason, ...(debtorId ? { debtorId } : {}) },
    });
    await writeAudit(tx, { actor: { type: 'debtor', id: `${user.channel}:${user.channelUserId}` }, action: `contact.${reason}`, entityType: 'ContactPreference', entityId: preference.id, data: { channel: user.channel } });
  });
}

/** True when the channel user opted out of contact on that channel. */
export async function hasOptedOut(context: LedgerContext, user: ChannelUser): Promise<boolean> {
  const preference = await context.prisma.contactPreference.findUnique({ where: { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } } });
  return Boolean(preference?.optedOutAt);
}
