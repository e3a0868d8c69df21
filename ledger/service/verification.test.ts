import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { findChannelLink, reverifyLinked, verifyIdentity, type VerificationOutcome } from './verification.js';

const now = new Date('2026-11-23T15:00:00Z');
const rightClaim = { documentNumber: '17.090.571-7', dateOfBirthIso: '1980-02-29' };
/** What a batch of attempts ended as, sorted: `failed:<attempts left>`, `locked`, `verified`. */
function summary(outcomes: readonly VerificationOutcome[]): string[] {
  return outcomes.map((outcome) => (outcome.status === 'failed' ? `failed:${outcome.attemptsLeft}` : outcome.status)).sort();
}

const wrongClaim = { documentNumber: '17.090.571-7', dateOfBirthIso: '1981-02-28' };

describe.each(testProviders)('identity verification on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  let seeded: Promise<{ debtorId: string }> | undefined;
  /** The one debtor of this ledger (every seeded debtor has the same document and date of birth). */
  const debtor = () => (seeded ??= seedDebtor(ledger.database.prisma));

  it.skipIf(!available)('links the channel user to the debtor it proves to be, and audits it', async () => {
    const { debtorId } = await debtor();
    const user = { channel: 'webchat', channelUserId: 'verifies-once' };
    expect(await verifyIdentity(ledger.context, user, { documentNumber: '17090571-7', dateOfBirthIso: '1980-02-29' }, now)).toMatchObject({
      status: 'verified',
      debtorId,
      firstName: 'Ana',
    });
    expect((await findChannelLink(ledger.context, user))?.debtor.debtorId).toBe(debtorId);
    const audit = await ledger.database.prisma.auditEvent.findMany({ where: { action: 'identity.verified', entityId: debtorId } });
    expect(audit.map((event) => event.actorId)).toEqual(['webchat:verifies-once']);
  });

  it.skipIf(!available)('counts every wrong attempt made at once, so sending them together does not dodge the lockout', async () => {
    const user = { channel: 'telegram', channelUserId: 'guesses-in-parallel' };
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => verifyIdentity(ledger.context, user, wrongClaim, now)));
    expect(summary(outcomes)).toEqual(['failed:1', 'failed:2', 'locked']);
    expect((await verifyIdentity(ledger.context, user, rightClaim, now)).status).toBe('locked');
    expect(await findChannelLink(ledger.context, user)).toBeNull();
  });

  it.skipIf(!available)('counts wrong dates of birth sent at once by a linked user coming back, and then locks them out', async () => {
    await debtor();
    const user = { channel: 'whatsapp', channelUserId: 'linked-then-guesses' };
    expect((await verifyIdentity(ledger.context, user, rightClaim, now)).status).toBe('verified');
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => reverifyLinked(ledger.context, user, '1981-02-28', now)));
    expect(summary(outcomes)).toEqual(['failed:1', 'failed:2', 'locked']);
    expect((await reverifyLinked(ledger.context, user, rightClaim.dateOfBirthIso, now)).status).toBe('locked');
  });

  it.skipIf(!available)('refuses a re-verification from someone never verified without counting it or remembering them', async () => {
    const user = { channel: 'telegram', channelUserId: 'never-verified' };
    expect(await reverifyLinked(ledger.context, user, rightClaim.dateOfBirthIso, now)).toEqual({ status: 'failed', attemptsLeft: 3 });
    expect(await ledger.database.prisma.channelIdentity.count({ where: { channelUserId: 'never-verified' } })).toBe(0);
  });
});
