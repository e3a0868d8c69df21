// The portfolio as it stands: accounts in scope and the open balances by aging bucket (reports, DESIGN §14).
import type { SqlRunner } from '../db/sql-runner.js';
import type { AgingBucket, ReportQuery } from '../reports/report-types.js';
import { allOf, countOf, daysSinceDate, filtersOn, minorOf } from './report-sql.js';

/** Open accounts of one currency in one aging bucket, and their balance in minor units. */
export interface AgingCell {
  readonly bucket: AgingBucket;
  readonly currency: string;
  readonly accounts: number;
  readonly balanceMinor: bigint;
}

const accountFilters = { accountId: '"a"."id"', debtorId: '"a"."debtorId"' } as const;

/** Accounts in the report's scope, whatever their status. */
export async function countPortfolioAccounts(sql: SqlRunner, query: ReportQuery): Promise<number> {
  const where = filtersOn(query, accountFilters);
  const [row] = await sql.query<{ accounts: unknown }>(
    `SELECT COUNT(*) AS "accounts" FROM "Account" "a" WHERE ${where.text}`,
    where.params,
  );
  return countOf(row?.accounts);
}

/**
 * Open accounts (active or on hold, balance above zero) in scope by currency and aging bucket: days past the due date
 * on `asOfIso`, an account not yet due counting in 0–30.
 */
export async function agingCells(sql: SqlRunner, query: ReportQuery, asOfIso: string): Promise<AgingCell[]> {
  const where = allOf([
    { text: `"a"."status" IN ('active', 'on_hold') AND "a"."balanceMinor" > 0`, params: [] },
    filtersOn(query, accountFilters),
  ]);
  const rows = await sql.query<{ bucket: AgingBucket; currency: string; accounts: unknown; balance: unknown }>(
    `SELECT "bucket", "currency", COUNT(*) AS "accounts", SUM("balanceMinor") AS "balance"
     FROM (SELECT "a"."currency", "a"."balanceMinor",
             CASE WHEN "days" <= 30 THEN '0-30' WHEN "days" <= 60 THEN '31-60' WHEN "days" <= 90 THEN '61-90'
                  WHEN "days" <= 180 THEN '91-180' ELSE '180+' END AS "bucket"
           FROM (SELECT "a"."currency", "a"."balanceMinor", ${daysSinceDate(sql.provider, '"a"."dueDateIso"')} AS "days"
                 FROM "Account" "a" WHERE ${where.text}) "a") "b"
     GROUP BY "bucket", "currency"`,
    [asOfIso, ...where.params],
  );
  return rows.map((row) => ({
    bucket: row.bucket,
    currency: row.currency,
    accounts: countOf(row.accounts),
    balanceMinor: minorOf(row.balance),
  }));
}
