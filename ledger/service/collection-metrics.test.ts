import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import type { LedgerContext } from './context.js';
import { collectionMetrics } from './collection-metrics.js';

describe.each(testProviders)('collection totals for /metrics, on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('sums payments that stand per currency and counts promises by outcome, without Prisma', async () => {
    const { prisma } = ledger.database;
    const { debtorId, accountIds } = await seedDebtor(prisma, [{ currency: 'CLP' }, { currency: 'USD' }]);
    const [clp, usd] = accountIds as [string, string];
    let key = 0;
    const payment = async (accountId: string, currency: string, amountMinor: bigint, extra: { kind?: string; reversedAt?: Date } = {}) =>
      prisma.payment.create({
        data: {
          accountId,
          currency,
          amountMinor,
          paidOnIso: '2026-11-20',
          source: 'import',
          idempotencyKey: `m-${(key += 1)}`,
          requestHash: 'h',
          ...extra,
        },
      });
    // Beyond 2^53 in total: the sum stays exact.
    await payment(clp, 'CLP', 9_007_199_254_740_000n);
    await payment(clp, 'CLP', 1_000n);
    await payment(clp, 'CLP', 5_000n, { reversedAt: new Date() });
    await payment(clp, 'CLP', 5_000n, { kind: 'reversal' });
    await payment(usd, 'USD', 12_345n);
    const promise = async (accountId: string, currency: string, status: string) =>
      prisma.paymentPromise.create({
        data: {
          accountId,
          debtorId,
          currency,
          amountMinor: 100n,
          dueDateIso: '2026-12-01',
          status,
          createdByType: 'debtor',
          idempotencyKey: `p-${(key += 1)}`,
          requestHash: 'h',
        },
      });
    await promise(clp, 'CLP', 'pending');
    await promise(clp, 'CLP', 'pending');
    await promise(usd, 'USD', 'kept');

    // A context whose Prisma client refuses every use: a scrape must not load Prisma's query compiler.
    const noPrisma = new Proxy({} as LedgerContext['prisma'], {
      get: (_target, property) => {
        throw new Error(`collection totals used Prisma (${String(property)})`);
      },
    });
    const totals = await collectionMetrics({ ...ledger.context, prisma: noPrisma });

    expect([...totals.recovered].sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: 'CLP', amountMinor: 9_007_199_254_741_000n },
      { currency: 'USD', amountMinor: 12_345n },
    ]);
    expect([...totals.promises].sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { status: 'kept', count: 1 },
      { status: 'pending', count: 2 },
    ]);
  });
});
