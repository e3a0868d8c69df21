// What collection has achieved across the ledger: money recovered per currency and promises by outcome. Read on every
// /metrics scrape, so it runs on the ledger's own SQL runner: through Prisma the first scrape would load Prisma's query
// compiler (about 30 MB of memory) into a server that otherwise never needs it.
import type { SqlExecutor } from '../db/sql-runner.js';
import { countOf, minorOf } from './report-sql.js';

/** Money recovered per currency (payments that stand, minor units) and promises by outcome, across the ledger. */
export async function collectionTotals(sql: SqlExecutor): Promise<{
  readonly recovered: ReadonlyArray<{ readonly currency: string; readonly amountMinor: bigint }>;
  readonly promises: ReadonlyArray<{ readonly status: string; readonly count: number }>;
}> {
  const [recovered, promises] = await Promise.all([
    sql.query<{ currency: string; amount: unknown }>(
      `SELECT "currency", SUM("amountMinor") AS "amount" FROM "Payment" WHERE "kind" = 'payment' AND "reversedAt" IS NULL GROUP BY "currency"`,
    ),
    sql.query<{ status: string; count: unknown }>(`SELECT "status", COUNT(*) AS "count" FROM "PaymentPromise" GROUP BY "status"`),
  ]);
  return {
    recovered: recovered.map((row) => ({ currency: row.currency, amountMinor: minorOf(row.amount) })),
    promises: promises.map((row) => ({ status: row.status, count: countOf(row.count) })),
  };
}
