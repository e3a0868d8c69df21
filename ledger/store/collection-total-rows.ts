// What collection has achieved across the ledger: money recovered per currency and promises by outcome.
import type { LedgerDb } from './ledger-db.js';

/** Money recovered per currency (payments that stand, minor units) and promises by outcome, across the ledger. */
export async function collectionTotals(db: LedgerDb): Promise<{
  readonly recovered: ReadonlyArray<{ readonly currency: string; readonly amountMinor: bigint }>;
  readonly promises: ReadonlyArray<{ readonly status: string; readonly count: number }>;
}> {
  const [recovered, promises] = await Promise.all([
    db.payment.groupBy({ by: ['currency'], where: { kind: 'payment', reversedAt: null }, _sum: { amountMinor: true } }),
    db.paymentPromise.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  return {
    recovered: recovered.map((row) => ({ currency: row.currency, amountMinor: row._sum.amountMinor ?? 0n })),
    promises: promises.map((row) => ({ status: row.status, count: row._count._all })),
  };
}
