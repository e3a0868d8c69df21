import { normalizeDocumentNumber } from '../documents.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** Who is asking to be verified: a user of one channel. */
export interface ChannelUser {
  /** "webchat" | "telegram" | "whatsapp" */
  readonly channel: string;
  readonly channelUserId: string;
}

/** What a verified debtor may be greeted with (never documents or dates of birth). */
export interface VerifiedDebtor {
  readonly debtorId: string;
  readonly firstName: string;
  readonly language: 'es' | 'en';
  readonly country: string;
  readonly timezone: string;
}

/** The result of one verification attempt; failures never say whether the document exists. */
export type VerificationOutcome =
  | ({ readonly status: 'verified' } & VerifiedDebtor)
  | { readonly status: 'need_phone' }
  | { readonly status: 'failed'; readonly attemptsLeft: number }
  | { readonly status: 'locked'; readonly lockedUntil: Date };

/** The facts a debtor gives to prove who they are. */
export interface IdentityClaim {
  readonly documentNumber: string;
  readonly dateOfBirthIso: string;
  /** Last 4 digits of the phone, asked only when several debtors match. */
  readonly phoneLast4?: string;
}

function toVerified(debtor: { id: string; fullName: string; language: string; country: string; timezone: string }): VerifiedDebtor {
  return {
    debtorId: debtor.id,
    firstName: debtor.fullName.split(/\s+/)[0] ?? '',
    language: debtor.language === 'en' ? 'en' : 'es',
    country: debtor.country,
    timezone: debtor.timezone,
  };
}

/** The debtor this channel user was verified as earlier, if any. */
export async function findVerifiedDebtor(context: LedgerContext, user: ChannelUser): Promise<VerifiedDebtor | null> {
  const identity = await context.prisma.channelIdentity.findUnique({
    where: { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } },
    include: { debtor: true },
  });
  return identity?.debtor && identity.verifiedAt ? toVerified(identity.debtor) : null;
}

/**
 * Checks a document number and date of birth (and, when several debtors match, the phone's last
 * four digits). After `maxAttempts` failures the channel user is locked for `lockoutMinutes`,
 * during which even a correct answer fails. `now` is the clock.
 */
export async function verifyIdentity(context: LedgerContext, user: ChannelUser, claim: IdentityClaim, now: Date): Promise<VerificationOutcome> {
  const { maxAttempts, lockoutMinutes } = context.policy.verification;
  const normalized = normalizeDocumentNumber(claim.documentNumber);
  return inTransaction(context.prisma, async (tx) => {
    const identity = await tx.channelIdentity.upsert({
      where: { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } },
      create: { channel: user.channel, channelUserId: user.channelUserId },
      update: {},
    });
    if (identity.lockedUntil && identity.lockedUntil > now) return { status: 'locked', lockedUntil: identity.lockedUntil };

    const candidates =
      normalized === '' ? [] : await tx.debtor.findMany({ where: { documentNumberNormalized: normalized, dateOfBirthIso: claim.dateOfBirthIso } });
    const matches = claim.phoneLast4 ? candidates.filter((debtor) => debtor.phone.replace(/\D/g, '').endsWith(claim.phoneLast4 ?? '')) : candidates;
    if (matches.length > 1 && !claim.phoneLast4) return { status: 'need_phone' };
    const debtor = matches.length === 1 ? matches[0] : undefined;
    if (debtor) {
      await tx.channelIdentity.update({ where: { id: identity.id }, data: { debtorId: debtor.id, verifiedAt: now, failedAttempts: 0, lockedUntil: null } });
      await writeAudit(tx, { actor: { type: 'debtor', id: `${user.channel}:${user.channelUserId}` }, action: 'identity.verified', entityType: 'Debtor', entityId: debtor.id, data: { channel: user.channel } });
      return { status: 'verified', ...toVerified(debtor) };
    }

    const failures = identity.failedAttempts + 1;
    if (failures >= maxAttempts) {
      const lockedUntil = new Date(now.getTime() + lockoutMinutes * 60_000);
      await tx.channelIdentity.update({ where: { id: identity.id }, data: { failedAttempts: 0, lockedUntil } });
      await writeAudit(tx, { actor: { type: 'system' }, action: 'identity.locked', entityType: 'ChannelIdentity', entityId: identity.id, data: { channel: user.channel, lockoutMinutes } });
      return { status: 'locked', lockedUntil };
    }
    await tx.channelIdentity.update({ where: { id: identity.id }, data: { failedAttempts: failures } });
    return { status: 'failed', attemptsLeft: maxAttempts - failures };
  });
}
