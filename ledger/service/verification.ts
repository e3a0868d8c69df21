import { normalizeDocumentNumber } from '../documents.js';
import { afterFailedCheck, isLockedOut, type Policy } from '../policy/index.js';
import { writeAudit, type AuditInput } from '../store/audit.js';
import type { SqlExecutor } from '../db/sql-runner.js';
import type { ChannelUser } from '../store/channel-user.js';
import { clearWrongPersonMark } from '../store/contact-rows.js';
import { inSqlTransaction } from '../store/transactions.js';
import {
  ensureIdentity,
  findDebtorsByDocument,
  findIdentity,
  findIdentityWithDebtor,
  linkIdentity,
  linkVerifiedIdentityAtOnce,
  lockIdentity,
  resetFailedAttempts,
  setFailedAttempts,
  unlinkConversations,
  unlinkIdentity,
  type DebtorToVerify,
} from '../store/verification-rows.js';
import { markContactStopped } from './contact.js';
import type { LedgerContext } from './context.js';

export type { ChannelUser } from '../store/channel-user.js';

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

function toVerified(debtor: DebtorToVerify): VerifiedDebtor {
  return {
    debtorId: debtor.id,
    firstName: debtor.fullName.split(/\s+/)[0] ?? '',
    language: debtor.language === 'en' ? 'en' : 'es',
    country: debtor.country,
    timezone: debtor.timezone,
  };
}

/** The debtor a channel user was fully verified as, and when (DESIGN §4: the link's age decides how they re-verify). */
export interface ChannelLink {
  readonly debtor: VerifiedDebtor;
  /** The instant of the last full verification (document and date of birth). */
  readonly verifiedAt: Date;
}

/** The debtor this channel user was fully verified as earlier, if the link still stands (it is revoked by "wrong person"). */
export async function findChannelLink(context: LedgerContext, user: ChannelUser): Promise<ChannelLink | null> {
  const identity = await findIdentityWithDebtor(context.sql, user);
  return identity?.debtor && identity.verifiedAt ? { debtor: toVerified(identity.debtor), verifiedAt: identity.verifiedAt } : null;
}

/**
 * Re-verifies a linked channel user by the date of birth alone (allowed while the link is young):
 * the same attempts and lockout as a full check; a link that no longer stands fails.
 */
export async function reverifyLinked(
  context: LedgerContext,
  user: ChannelUser,
  dateOfBirthIso: string,
  now: Date,
): Promise<VerificationOutcome> {
  return inSqlTransaction(context, async (tx) => {
    // Locked first, so the read sees every earlier attempt and two attempts at once both count.
    await lockIdentity(tx, user);
    const identity = await findIdentityWithDebtor(tx, user);
    if (!identity) return { status: 'failed', attemptsLeft: context.policy.verification.maxAttempts };
    if (identity.lockedUntil && isLockedOut(identity.lockedUntil, now)) return { status: 'locked', lockedUntil: identity.lockedUntil };
    if (identity.debtor && identity.verifiedAt && identity.debtor.dateOfBirthIso === dateOfBirthIso) {
      await resetFailedAttempts(tx, { identityId: identity.id, lockedUntil: null, now });
      await writeAudit(tx, {
        actor: debtorActorOf(user),
        action: 'identity.reverified',
        entityType: 'Debtor',
        entityId: identity.debtor.id,
        data: { channel: user.channel },
      });
      return { status: 'verified', ...toVerified(identity.debtor) };
    }
    return recordFailure(tx, identity, user, context.policy, now);
  });
}

/**
 * "Wrong person": the channel user is not the debtor. Revokes the link at once (nothing about that
 * debtor reaches this channel user until a fresh full verification), marks the address so nothing is
 * sent to it on the bot's own initiative, and unlinks its conversations; audited.
 */
export async function revokeChannelLink(context: LedgerContext, user: ChannelUser, now: Date): Promise<void> {
  await inSqlTransaction(context, async (tx) => {
    const identity = await findIdentity(tx, user);
    if (identity?.debtorId) {
      await unlinkIdentity(tx, identity.id, now);
      await writeAudit(tx, {
        actor: debtorActorOf(user),
        action: 'identity.revoked',
        entityType: 'ChannelIdentity',
        entityId: identity.id,
        data: { channel: user.channel, reason: 'wrong_person' },
      });
    }
    await unlinkConversations(tx, user, now);
    await markContactStopped(tx, user, 'wrong_person', null, now);
  });
}

function debtorActorOf(user: ChannelUser): { type: 'debtor'; id: string } {
  return { type: 'debtor', id: `${user.channel}:${user.channelUserId}` };
}

/** Records a failed attempt as the policy's lockout rule decides: one more try, or a lockout (audited). */
async function recordFailure(
  tx: SqlExecutor,
  identity: { id: string; failedAttempts: number },
  user: ChannelUser,
  policy: Pick<Policy, 'verification'>,
  now: Date,
): Promise<VerificationOutcome> {
  const outcome = afterFailedCheck(identity.failedAttempts, policy, now);
  if (outcome.locked) {
    await resetFailedAttempts(tx, { identityId: identity.id, lockedUntil: outcome.lockedUntil, now });
    await writeAudit(tx, {
      actor: { type: 'system' },
      action: 'identity.locked',
      entityType: 'ChannelIdentity',
      entityId: identity.id,
      data: { channel: user.channel, lockoutMinutes: policy.verification.lockoutMinutes },
    });
    return { status: 'locked', lockedUntil: outcome.lockedUntil };
  }
  await setFailedAttempts(tx, { identityId: identity.id, failedAttempts: outcome.failedAttempts, now });
  return { status: 'failed', attemptsLeft: outcome.attemptsLeft };
}

/** Which of the debtors a claim's document and date of birth found it proves to be; `need_phone` when several match and no phone was given. */
function matchClaim(candidates: readonly DebtorToVerify[], claim: IdentityClaim): DebtorToVerify | 'need_phone' | undefined {
  const matches = claim.phoneLast4
    ? candidates.filter((debtor) => debtor.phone.replace(/\D/g, '').endsWith(claim.phoneLast4 ?? ''))
    : candidates;
  if (matches.length > 1 && !claim.phoneLast4) return 'need_phone';
  return matches.length === 1 ? matches[0] : undefined;
}

function candidatesOf(sql: SqlExecutor, normalized: string, claim: IdentityClaim): Promise<DebtorToVerify[]> {
  return normalized === ''
    ? Promise.resolve([])
    : findDebtorsByDocument(sql, { documentNumberNormalized: normalized, dateOfBirthIso: claim.dateOfBirthIso });
}

function verifiedAudit(user: ChannelUser, debtor: DebtorToVerify): AuditInput {
  return {
    actor: debtorActorOf(user),
    action: 'identity.verified',
    entityType: 'Debtor',
    entityId: debtor.id,
    data: { channel: user.channel },
  };
}

/**
 * The outcomes of an attempt that need no transaction on PostgreSQL: locked out, the phone needed, or verified (the link
 * written in one statement that a lockout committed meanwhile stops). Two round trips instead of a transaction's
 * seven. Undefined when the attempt counts as a failure, or a lockout came in between: the transaction decides those.
 */
async function settleWithoutTransaction(
  context: LedgerContext,
  user: ChannelUser,
  claim: IdentityClaim,
  normalized: string,
  now: Date,
): Promise<VerificationOutcome | undefined> {
  const [identity, candidates] = await Promise.all([findIdentity(context.sql, user), candidatesOf(context.sql, normalized, claim)]);
  if (identity?.lockedUntil && isLockedOut(identity.lockedUntil, now)) return { status: 'locked', lockedUntil: identity.lockedUntil };
  const match = matchClaim(candidates, claim);
  if (match === 'need_phone') return { status: 'need_phone' };
  if (!match) return undefined;
  // As a transaction would: nothing is written once the caller gave up (the turn ran out of time).
  context.signal?.throwIfAborted();
  const linked = await linkVerifiedIdentityAtOnce(context.sql, {
    user,
    debtorId: match.id,
    verifiedAt: now,
    audit: verifiedAudit(user, match),
  });
  return linked ? { status: 'verified', ...toVerified(match) } : undefined;
}

/**
 * Checks a document number and date of birth (and, when several debtors match, the phone's last
 * four digits). After `maxAttempts` failures the channel user is locked for `lockoutMinutes`,
 * during which even a correct answer fails. `now` is the clock.
 */
export async function verifyIdentity(
  context: LedgerContext,
  user: ChannelUser,
  claim: IdentityClaim,
  now: Date,
): Promise<VerificationOutcome> {
  const normalized = normalizeDocumentNumber(claim.documentNumber);
  if (context.sql.provider === 'postgresql') {
    const settled = await settleWithoutTransaction(context, user, claim, normalized, now);
    if (settled) return settled;
  }
  return inSqlTransaction(context, async (tx) => {
    const identity = await ensureIdentity(tx, user, now);
    if (identity.lockedUntil && isLockedOut(identity.lockedUntil, now)) return { status: 'locked', lockedUntil: identity.lockedUntil };
    const match = matchClaim(await candidatesOf(tx, normalized, claim), claim);
    if (match === 'need_phone') return { status: 'need_phone' };
    if (match) {
      await linkIdentity(tx, { identityId: identity.id, debtorId: match.id, verifiedAt: now });
      // A fresh full verification lifts a "wrong person" mark on this address (an opt-out stays).
      await clearWrongPersonMark(tx, user, now);
      await writeAudit(tx, verifiedAudit(user, match));
      return { status: 'verified', ...toVerified(match) };
    }
    return recordFailure(tx, identity, user, context.policy, now);
  });
}
