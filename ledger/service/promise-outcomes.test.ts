import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { recordPayment } from './payments.js';
import { breakOverduePromises } from './promise-outcomes.js';

describe.each(testProviders)('promises kept and broken on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  /** A Chilean debtor's account with a pending promise of `amountMinor` due on `dueDateIso`, made on 20 November. */
  async function promised(amountMinor: bigint, dueDateIso: string) {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 500_000 }]);
    const accountId = accountIds[0] as string;
    const promise = await ledger.database.prisma.paymentPromise.create({
      data: {
        accountId,
        debtorId,
        currency: 'CLP',
        amountMinor,
        dueDateIso,
        createdByType: 'debtor',
        idempotencyKey: `promise-${accountId}`,
        requestHash: 'h',
        createdAt: new Date('2026-11-20T15:00:00Z'),
      },
    });
    const pay = (amount: number, paidOnIso: string) =>
      recordPayment(ledger.context, {
        idempotencyKey: `pay-${accountId}-${amount}-${paidOnIso}`,
        accountId,
        amountMinor: amount,
        currency: 'CLP',
        paidOnIso,
        source: 'test',
        actor: { type: 'system' },
      });
    const status = async () => (await ledger.database.prisma.paymentPromise.findUniqueOrThrow({ where: { id: promise.id } })).status;
    return { pay, status };
  }

  it.skipIf(!available)('kept when the payments since it was made reach it by its date, in one payment or several', async () => {
    const whole = await promised(50_000n, '2026-11-25');
    await whole.pay(50_000, '2026-11-25');
    expect(await whole.status()).toBe('kept');

    const parts = await promised(50_000n, '2026-11-25');
    await parts.pay(30_000, '2026-11-22');
    expect(await parts.status()).toBe('pending');
    await parts.pay(20_000, '2026-11-24');
    expect(await parts.status()).toBe('kept');

    const before = await promised(50_000n, '2026-11-25');
    await before.pay(50_000, '2026-11-19'); // before the promise was made: it does not count
    expect(await before.status()).toBe('pending');
  });

  it.skipIf(!available)('broken the day after its date in the debtor’s zone when unpaid; a late payment does not keep it', async () => {
    const late = await promised(40_000n, '2026-11-25');
    await late.pay(40_000, '2026-11-26');
    expect(await late.status()).toBe('pending');
    // 25 November, 23:30 in Santiago (26 November in UTC): still its day there.
    await breakOverduePromises(ledger.context, new Date('2026-11-26T02:30:00Z'));
    expect(await late.status()).toBe('pending');
    // 26 November, 00:30 in Santiago.
    expect(await breakOverduePromises(ledger.context, new Date('2026-11-26T03:30:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await late.status()).toBe('broken');
    const audit = await ledger.database.prisma.auditEvent.findMany({ where: { action: 'promise.broken' } });
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});
