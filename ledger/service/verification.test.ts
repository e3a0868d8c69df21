import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { linkVerifiedIdentityAtOnce } from '../store/verification-rows.js';
import { markContactStopped } from './contact.js';
import { findChannelLink, reverifyLinked, revokeChannelLink, verifyIdentity, type VerificationOutcome } from './verification.js';

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

  it.skipIf(!available)(
    'verifies one user answering right from several sessions at once: one identity, every attempt audited',
    async () => {
      const { debtorId } = await debtor();
      const user = { channel: 'webchat', channelUserId: 'many-tabs' };
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => verifyIdentity(ledger.context, user, rightClaim, now)));
      expect(new Set(outcomes.map((outcome) => outcome.status))).toEqual(new Set(['verified']));
      const prisma = ledger.database.prisma;
      expect(
        await prisma.channelIdentity.findMany({ where: { channelUserId: 'many-tabs' }, select: { debtorId: true, failedAttempts: true } }),
      ).toEqual([{ debtorId, failedAttempts: 0 }]);
      expect(await prisma.auditEvent.count({ where: { action: 'identity.verified', actorId: 'webchat:many-tabs' } })).toBe(12);
    },
  );

  it.skipIf(!available)('links nothing once the turn gave up, though the answer was right', async () => {
    await debtor();
    const user = { channel: 'webchat', channelUserId: 'turn-timed-out' };
    const gaveUp = new AbortController();
    gaveUp.abort(new Error('turn deadline'));
    await expect(verifyIdentity({ ...ledger.context, signal: gaveUp.signal }, user, rightClaim, now)).rejects.toThrow('turn deadline');
    expect(await findChannelLink(ledger.context, user)).toBeNull();
    expect(await ledger.database.prisma.auditEvent.count({ where: { actorId: 'webchat:turn-timed-out' } })).toBe(0);
  });

  it.skipIf(!available)('lifts a "wrong person" mark when the debtor verifies afresh, but keeps an opt-out', async () => {
    await debtor();
    const prisma = ledger.database.prisma;
    const marked = { channel: 'telegram', channelUserId: 'was-wrong-person' };
    expect((await verifyIdentity(ledger.context, marked, rightClaim, now)).status).toBe('verified');
    await revokeChannelLink(ledger.context, marked, now);
    expect(await findChannelLink(ledger.context, marked)).toBeNull();
    expect((await verifyIdentity(ledger.context, marked, rightClaim, now)).status).toBe('verified');
    expect(await prisma.contactPreference.findFirst({ where: { channelUserId: 'was-wrong-person' } })).toMatchObject({
      reason: null,
      optedOutAt: null,
    });
    const optedOut = { channel: 'telegram', channelUserId: 'opted-out' };
    await markContactStopped(ledger.context.sql, optedOut, 'opt_out', null, now);
    expect((await verifyIdentity(ledger.context, optedOut, rightClaim, now)).status).toBe('verified');
    expect(await prisma.contactPreference.findFirst({ where: { channelUserId: 'opted-out' } })).toMatchObject({ reason: 'opt_out' });
  });

  it.skipIf(!available)(
    'asks for the phone when two debtors share the document and date of birth, without counting a failure',
    async () => {
      const prisma = ledger.database.prisma;
      const twin = { documentNumber: '20.111.222-3', dateOfBirthIso: '1990-05-05' };
      const created = await Promise.all(
        ['+56911110001', '+56922220002'].map((phone, index) =>
          prisma.debtor.create({
            data: {
              externalId: `twin-${provider}-${index}`,
              fullName: index === 0 ? 'Rosa Twin' : 'Lidia Twin',
              documentType: 'RUT',
              documentNumber: twin.documentNumber,
              documentNumberNormalized: '201112223',
              dateOfBirthIso: twin.dateOfBirthIso,
              phone,
              email: '',
              language: 'es',
              country: 'CL',
              timezone: 'America/Santiago',
            },
          }),
        ),
      );
      const user = { channel: 'whatsapp', channelUserId: 'one-of-twins' };
      expect(await verifyIdentity(ledger.context, user, twin, now)).toEqual({ status: 'need_phone' });
      expect(await verifyIdentity(ledger.context, user, { ...twin, phoneLast4: '0002' }, now)).toMatchObject({
        status: 'verified',
        debtorId: created[1]?.id,
        firstName: 'Lidia',
      });
      expect((await prisma.channelIdentity.findFirst({ where: { channelUserId: 'one-of-twins' } }))?.failedAttempts).toBe(0);
    },
  );

  it.skipIf(!available || provider !== 'postgresql')(
    'links in one statement only while the identity is not locked out: a lockout committed meanwhile wins',
    async () => {
      const { debtorId } = await debtor();
      const prisma = ledger.database.prisma;
      const user = { channel: 'telegram', channelUserId: 'locked-between-read-and-link' };
      for (let attempt = 0; attempt < 3; attempt += 1) await verifyIdentity(ledger.context, user, wrongClaim, now);
      const audit = {
        actor: { type: 'debtor' as const, id: 'telegram:locked-between-read-and-link' },
        action: 'identity.verified',
        entityType: 'Debtor',
        entityId: debtorId,
        data: {},
      };
      expect(await linkVerifiedIdentityAtOnce(ledger.context.sql, { user, debtorId, verifiedAt: now, audit })).toBe(false);
      expect(await findChannelLink(ledger.context, user)).toBeNull();
      expect(await prisma.auditEvent.count({ where: { action: 'identity.verified', actorId: audit.actor.id } })).toBe(0);
      const later = new Date(now.getTime() + 24 * 60 * 60 * 1000);
      expect(await linkVerifiedIdentityAtOnce(ledger.context.sql, { user, debtorId, verifiedAt: later, audit })).toBe(true);
      expect((await findChannelLink(ledger.context, user))?.debtor.debtorId).toBe(debtorId);
      expect(await prisma.auditEvent.count({ where: { action: 'identity.verified', actorId: audit.actor.id } })).toBe(1);
    },
  );
});
