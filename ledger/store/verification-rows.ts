import { channelUserKey, type ChannelUser } from './channel-user.js';
import type { LedgerDb } from './ledger-db.js';

/** A channel user's identity: the debtor it is linked to since when, and its failed attempts and lockout. */
export interface ChannelIdentityRecord {
  readonly id: string;
  readonly debtorId: string | null;
  readonly verifiedAt: Date | null;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

/** What verification compares and greets a debtor with. */
export interface DebtorToVerify {
  readonly id: string;
  readonly fullName: string;
  readonly dateOfBirthIso: string;
  readonly phone: string;
  readonly language: string;
  readonly country: string;
  readonly timezone: string;
}

/** Reads a channel user's identity, or null when they never tried to verify. */
export function findIdentity(db: LedgerDb, user: ChannelUser): Promise<ChannelIdentityRecord | null> {
  return db.channelIdentity.findUnique({ where: channelUserKey(user) });
}

/** Reads a channel user's identity with the debtor it is linked to, or null when they never tried to verify. */
export function findIdentityWithDebtor(
  db: LedgerDb,
  user: ChannelUser,
): Promise<(ChannelIdentityRecord & { readonly debtor: DebtorToVerify | null }) | null> {
  return db.channelIdentity.findUnique({ where: channelUserKey(user), include: { debtor: true } });
}

/** Reads a channel user's identity, creating it (unlinked, no failures) when there is none. */
export function ensureIdentity(db: LedgerDb, user: ChannelUser): Promise<ChannelIdentityRecord> {
  return db.channelIdentity.upsert({
    where: channelUserKey(user),
    create: { channel: user.channel, channelUserId: user.channelUserId },
    update: {},
  });
}

/** Reads the debtors with this normalized document number and date of birth. */
export function findDebtorsByDocument(
  db: LedgerDb,
  claim: { readonly documentNumberNormalized: string; readonly dateOfBirthIso: string },
): Promise<DebtorToVerify[]> {
  return db.debtor.findMany({ where: { documentNumberNormalized: claim.documentNumberNormalized, dateOfBirthIso: claim.dateOfBirthIso } });
}

/** Links an identity to the debtor it was verified as at `verifiedAt`, clearing its failures and lockout. */
export async function linkIdentity(
  db: LedgerDb,
  link: { readonly identityId: string; readonly debtorId: string; readonly verifiedAt: Date },
): Promise<void> {
  await db.channelIdentity.update({
    where: { id: link.identityId },
    data: { debtorId: link.debtorId, verifiedAt: link.verifiedAt, failedAttempts: 0, lockedUntil: null },
  });
}

/** Removes an identity's link to its debtor (and when it was verified). */
export async function unlinkIdentity(db: LedgerDb, identityId: string): Promise<void> {
  await db.channelIdentity.update({ where: { id: identityId }, data: { debtorId: null, verifiedAt: null } });
}

/** Writes an identity's count of failed attempts (its lockout unchanged). */
export async function setFailedAttempts(
  db: LedgerDb,
  attempts: { readonly identityId: string; readonly failedAttempts: number },
): Promise<void> {
  await db.channelIdentity.update({ where: { id: attempts.identityId }, data: { failedAttempts: attempts.failedAttempts } });
}

/** Zeroes an identity's failed attempts and writes its lockout end (null: not locked). */
export async function resetFailedAttempts(
  db: LedgerDb,
  reset: { readonly identityId: string; readonly lockedUntil: Date | null },
): Promise<void> {
  await db.channelIdentity.update({ where: { id: reset.identityId }, data: { failedAttempts: 0, lockedUntil: reset.lockedUntil } });
}

/** Unlinks every conversation of a channel user from its debtor. */
export async function unlinkConversations(db: LedgerDb, user: ChannelUser): Promise<void> {
  await db.conversation.updateMany({ where: { channel: user.channel, channelUserId: user.channelUserId }, data: { debtorId: null } });
}
