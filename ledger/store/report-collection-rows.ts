// What collection achieved over a report's range: promises, agreements, money recovered and outbound contacts
// (reports, DESIGN §14). One row per period (and currency, or kind and outcome).
import type { SqlRunner } from '../db/sql-runner.js';
import type { ReportQuery } from '../reports/report-types.js';
import { allOf, countOf, filtersOn, groupByPeriod, groupOf, inDateRange, inInstantRange, minorOf, type Grouping } from './report-sql.js';

/** Agreements made in a period, by where they stand on the report's day. */
export interface AgreementCounts {
  readonly period: string;
  readonly created: number;
  readonly current: number;
  readonly late: number;
  readonly completed: number;
  readonly ended: number;
}

/** Per period: promises made, and promises kept or broken, each on the day it happened. */
export async function promiseCounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly made: number; readonly kept: number; readonly broken: number }[]> {
  const filters = { accountId: '"p"."accountId"', debtorId: '"p"."debtorId"', conversationId: '"p"."conversationId"' };
  const made = allOf([inInstantRange('"p"."createdAt"', query), filtersOn(query, filters)]);
  const decided = allOf([
    inInstantRange('"p"."decidedAt"', query),
    { text: `"p"."status" IN ('kept', 'broken')`, params: [] },
    filtersOn(query, filters),
  ]);
  const rows = await sql.query<{ period: string; made: unknown; kept: unknown; broken: unknown }>(
    `SELECT "period", SUM("made") AS "made", SUM("kept") AS "kept", SUM("broken") AS "broken" FROM (
       SELECT ${groupOf(sql.provider, '"p"."createdAt"', grouping, 'timestamp')} AS "period", 1 AS "made", 0 AS "kept", 0 AS "broken"
       FROM "PaymentPromise" "p" WHERE ${made.text}
       UNION ALL
       SELECT ${groupOf(sql.provider, '"p"."decidedAt"', grouping, 'timestamp')} AS "period", 0 AS "made",
         CASE WHEN "p"."status" = 'kept' THEN 1 ELSE 0 END AS "kept", CASE WHEN "p"."status" = 'broken' THEN 1 ELSE 0 END AS "broken"
       FROM "PaymentPromise" "p" WHERE ${decided.text}) "u"
     ${groupByPeriod(sql.provider, grouping, '"period"')}`,
    [...made.params, ...decided.params],
  );
  return rows.map((row) => ({ period: row.period, made: countOf(row.made), kept: countOf(row.kept), broken: countOf(row.broken) }));
}

/**
 * Per period: agreements (plans and settlements) made, and where those stand on `asOfIso`: completed, ended (broken
 * or cancelled), late (a down payment, settlement or installment due before that day not fully paid) or current.
 */
export async function agreementCounts(sql: SqlRunner, query: ReportQuery, grouping: Grouping, asOfIso: string): Promise<AgreementCounts[]> {
  const where = allOf([
    inInstantRange('"g"."createdAt"', query),
    filtersOn(query, { accountId: '"g"."accountId"', debtorId: '"g"."debtorId"', conversationId: '"g"."conversationId"' }),
  ]);
  const rows = await sql.query<{ period: string; created: unknown; current: unknown; late: unknown; completed: unknown; ended: unknown }>(
    `SELECT "period", COUNT(*) AS "created",
       SUM(CASE WHEN "status" = 'active' AND "late" = 0 THEN 1 ELSE 0 END) AS "current",
       SUM(CASE WHEN "status" = 'active' AND "late" = 1 THEN 1 ELSE 0 END) AS "late",
       SUM(CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END) AS "completed",
       SUM(CASE WHEN "status" IN ('broken', 'cancelled') THEN 1 ELSE 0 END) AS "ended"
     FROM (SELECT ${groupOf(sql.provider, '"g"."createdAt"', grouping, 'timestamp')} AS "period", "g"."status",
             CASE WHEN ("g"."downPaymentDueIso" IS NOT NULL AND "g"."downPaymentDueIso" < ?
                        AND "g"."lumpSumPaidMinor" < CASE WHEN "g"."kind" = 'plan' THEN "g"."downPaymentMinor" ELSE "g"."agreedAmountMinor" END)
                    OR EXISTS (SELECT 1 FROM "Installment" "i" WHERE "i"."agreementId" = "g"."id" AND "i"."status" = 'pending' AND "i"."dueDateIso" < ?)
                  THEN 1 ELSE 0 END AS "late"
           FROM "Agreement" "g" WHERE ${where.text}) "s"
     ${groupByPeriod(sql.provider, grouping, '"period"')}`,
    [asOfIso, asOfIso, ...where.params],
  );
  return rows.map((row) => ({
    period: row.period,
    created: countOf(row.created),
    current: countOf(row.current),
    late: countOf(row.late),
    completed: countOf(row.completed),
    ended: countOf(row.ended),
  }));
}

/** Per period and currency: payments (not reversed) paid in the range, in minor units, by the day they were paid. */
export async function recoveredAmounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly currency: string; readonly amountMinor: bigint }[]> {
  const where = allOf([
    { text: `"y"."kind" = 'payment' AND "y"."reversedAt" IS NULL`, params: [] },
    inDateRange('"y"."paidOnIso"', query),
    filtersOn(query, {
      accountId: '"y"."accountId"',
      debtorId: '(SELECT "ya"."debtorId" FROM "Account" "ya" WHERE "ya"."id" = "y"."accountId")',
      conversationId: '(SELECT "yl"."conversationId" FROM "PaymentLink" "yl" WHERE "yl"."id" = "y"."linkId")',
    }),
  ]);
  const rows = await sql.query<{ period: string; currency: string; amount: unknown }>(
    `SELECT ${groupOf(sql.provider, '"y"."paidOnIso"', grouping, 'date')} AS "period", "y"."currency", SUM("y"."amountMinor") AS "amount"
     FROM "Payment" "y" WHERE ${where.text} ${groupByPeriod(sql.provider, grouping, '1', ['2'])}`,
    where.params,
  );
  return rows.map((row) => ({ period: row.period, currency: row.currency, amountMinor: minorOf(row.amount) }));
}

/** Per period, kind and outcome: outbound contact attempts, those refused by a rule included. */
export async function outboundCounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly kind: string; readonly outcome: string; readonly count: number }[]> {
  const where = allOf([
    inInstantRange('"t"."attemptedAt"', query),
    filtersOn(query, { channel: '"t"."channel"', debtorId: '"t"."debtorId"', accountId: '"t"."accountId"' }),
  ]);
  const rows = await sql.query<{ period: string; kind: string; outcome: string; count: unknown }>(
    `SELECT ${groupOf(sql.provider, '"t"."attemptedAt"', grouping, 'timestamp')} AS "period", "t"."kind", "t"."outcome", COUNT(*) AS "count"
     FROM "ContactAttempt" "t" WHERE ${where.text} ${groupByPeriod(sql.provider, grouping, '1', ['2', '3'])}`,
    where.params,
  );
  return rows.map((row) => ({ period: row.period, kind: row.kind, outcome: row.outcome, count: countOf(row.count) }));
}
