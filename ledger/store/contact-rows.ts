import { channelUserKey, type ChannelUser } from './channel-user.js';
import type { LedgerDb } from './ledger-db.js';

/** Why contact on a channel stops. */
export type OptOutReason = 'opt_out' | 'wrong_person';

/** Whether and why contact with a channel user's address stopped. */
export interface ContactStop {
  readonly optedOutAt: Date | null;
  readonly reason: string | null;
}

/** Reads a channel user's contact preference, or null when none was ever written. */
export function findContactStop(db: LedgerDb, user: ChannelUser): Promise<ContactStop | null> {
  return db.contactPreference.findUnique({ where: channelUserKey(user) });
}

/** Writes the stop mark on a channel user's address (an opt-out links `debtorId` when known, "wrong person" unlinks any debtor); returns the preference's id. */
export async function stopContact(
  db: LedgerDb,
  stop: { readonly user: ChannelUser; readonly reason: OptOutReason; readonly debtorId: string | null; readonly now: Date },
): Promise<string> {
  const { user, reason, now } = stop;
  const linkedDebtor = reason === 'wrong_person' ? null : stop.debtorId;
  const preference = await db.contactPreference.upsert({
    where: channelUserKey(user),
    create: { channel: user.channel, channelUserId: user.channelUserId, debtorId: linkedDebtor, optedOutAt: now, reason },
    update: {
      optedOutAt: now,
      reason,
      ...(reason === 'wrong_person' ? { debtorId: null } : linkedDebtor ? { debtorId: linkedDebtor } : {}),
    },
  });
  return preference.id;
}

/** Lifts a "wrong person" mark on a channel user's address (an opt-out stays). */
export async function clearWrongPersonMark(db: LedgerDb, user: ChannelUser): Promise<void> {
  await db.contactPreference.updateMany({
    where: { channel: user.channel, channelUserId: user.channelUserId, reason: 'wrong_person' },
    data: { optedOutAt: null, reason: null },
  });
}
