// The SQL pieces the report queries share, in both dialects: the range and filter conditions, a period's first day,
// seconds between two instants, percentiles by nearest rank. Columns are passed in quoted ("h"."queuedAt"); values
// always travel as parameters.
import { addDays } from '../../lib/calendar.js';
import type { SqlRunner, SqlValue } from '../db/sql-runner.js';
import type { Granularity, ReportQuery } from '../reports/report-types.js';

/** The database a report runs on. */
export type Dialect = SqlRunner['provider'];

/** A condition and its parameters, in order. */
export interface SqlPart {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/** Joins conditions with AND (TRUE when there are none). */
export function allOf(parts: readonly SqlPart[]): SqlPart {
  const kept = parts.filter((part) => part.text !== '');
  return kept.length === 0
    ? { text: '1 = 1', params: [] }
    : { text: kept.map((part) => `(${part.text})`).join(' AND '), params: kept.flatMap((part) => part.params) };
}

/** The instants a report's dates cover: from midnight UTC of `from` to (excluding) midnight UTC after `to`. */
function instantRange(query: ReportQuery): { readonly start: Date; readonly end: Date } {
  return { start: new Date(`${query.from}T00:00:00.000Z`), end: new Date(`${addDays(query.to, 1)}T00:00:00.000Z`) };
}

/** `column` (a timestamp) within the report's range. */
export function inInstantRange(column: string, query: ReportQuery): SqlPart {
  const { start, end } = instantRange(query);
  return { text: `${column} >= ? AND ${column} < ?`, params: [start, end] };
}

/** `column` (a YYYY-MM-DD text) within the report's dates. */
export function inDateRange(column: string, query: ReportQuery): SqlPart {
  return { text: `${column} >= ? AND ${column} <= ?`, params: [query.from, query.to] };
}

/** Where a row's filters are found; an absent reference means the filter does not apply to that row. */
export interface FilterColumns {
  /** A column holding the channel ("webchat", "telegram", …). */
  readonly channel?: string;
  /** A column holding the id of the conversation the row came from (its channel is the conversation's). */
  readonly conversationId?: string;
  /** A column holding the debtor's id (country, and product and currency through the debtor's accounts). */
  readonly debtorId?: string;
  /** A column holding the account's id (product and currency of that account). */
  readonly accountId?: string;
}

/** The query's filters as a condition on a row whose references are `columns`. */
export function filtersOn(query: ReportQuery, columns: FilterColumns): SqlPart {
  const parts: SqlPart[] = [];
  if (query.channel !== undefined) {
    if (columns.channel) parts.push({ text: `${columns.channel} = ?`, params: [query.channel] });
    else if (columns.conversationId)
      parts.push({
        text: `EXISTS (SELECT 1 FROM "Conversation" "fc" WHERE "fc"."id" = ${columns.conversationId} AND "fc"."channel" = ?)`,
        params: [query.channel],
      });
  }
  // Debtors and accounts are matched as one set per statement (`IN`), not looked up once per row (`EXISTS`): filtered by
  // country, the outbound counts read a debtor for each of 100,000 contact attempts (0.55 s on SQLite against 0.07 s).
  if (query.country !== undefined && columns.debtorId)
    parts.push({
      text: `${columns.debtorId} IN (SELECT "fd"."id" FROM "Debtor" "fd" WHERE "fd"."country" = ?)`,
      params: [query.country],
    });
  const accountConditions: SqlPart[] = [];
  if (query.product !== undefined) accountConditions.push({ text: '"fa"."product" = ?', params: [query.product] });
  if (query.currency !== undefined) accountConditions.push({ text: '"fa"."currency" = ?', params: [query.currency] });
  const [column, accountKey] = columns.accountId ? [columns.accountId, 'id'] : [columns.debtorId, 'debtorId'];
  if (accountConditions.length > 0 && column) {
    const condition = allOf(accountConditions);
    parts.push({
      text: `${column} IN (SELECT "fa"."${accountKey}" FROM "Account" "fa" WHERE ${condition.text})`,
      params: condition.params,
    });
  }
  return allOf(parts);
}

/** The first day (YYYY-MM-DD) of the period holding `column`: its UTC day, or the Monday of its ISO week. */
export function periodOf(dialect: Dialect, column: string, granularity: Granularity, kind: 'timestamp' | 'date'): string {
  if (dialect === 'sqlite') {
    const day = kind === 'timestamp' ? `substr(${column}, 1, 10)` : column;
    return granularity === 'day' ? day : `date(${day}, 'weekday 0', '-6 days')`;
  }
  const value = kind === 'timestamp' ? column : `CAST(${column} AS date)`;
  return granularity === 'day' ? `to_char(${value}, 'YYYY-MM-DD')` : `to_char(date_trunc('week', ${value}), 'YYYY-MM-DD')`;
}

/** Seconds from instant `from` to instant `to` (a real number). */
export function secondsBetween(dialect: Dialect, from: string, to: string): string {
  return dialect === 'sqlite' ? `((julianday(${to}) - julianday(${from})) * 86400.0)` : `EXTRACT(EPOCH FROM (${to} - ${from}))`;
}

/** Whole days from the YYYY-MM-DD text `column` to the YYYY-MM-DD parameter that follows. */
export function daysSinceDate(dialect: Dialect, column: string): string {
  return dialect === 'sqlite' ? `CAST(julianday(?) - julianday(${column}) AS INTEGER)` : `(CAST(? AS date) - CAST(${column} AS date))`;
}

/**
 * The 50th and 90th percentile (nearest rank: the smallest value with at least p % of the values at or below it) of
 * the `value` column of `source` (a SELECT yielding `period` and `value`), per period: rows of `period`, `p50`, `p90`.
 */
export function percentilesByPeriod(source: string): string {
  return `WITH "v" AS (${source}),
    "r" AS (SELECT "period", "value", ROW_NUMBER() OVER (PARTITION BY "period" ORDER BY "value") AS "rn",
                   COUNT(*) OVER (PARTITION BY "period") AS "n" FROM "v")
    SELECT "period",
      MAX(CASE WHEN "rn" = ("n" * 50 + 99) / 100 THEN "value" END) AS "p50",
      MAX(CASE WHEN "rn" = ("n" * 90 + 99) / 100 THEN "value" END) AS "p90"
    FROM "r" GROUP BY "period"`;
}

/** What a report query groups by: one period for the whole range (the summary), or days or weeks (a trend). */
export type Grouping = 'all' | Granularity;

/** The period expression of `column` for `grouping`: the literal 'all', or the first day of its day or week. */
export function groupOf(dialect: Dialect, column: string, grouping: Grouping, kind: 'timestamp' | 'date'): string {
  return grouping === 'all' ? `'all'` : periodOf(dialect, column, grouping, kind);
}

/**
 * The GROUP BY of a report query: its period (`period`, an expression, alias or position) and then `keys`. For the
 * summary ('all') on SQLite the period, a constant, is left out: SQLite sorted every row by it (half of the NLU counts'
 * 0.09 s over 500,000 messages); HAVING then keeps an empty range without a row, as grouping does.
 */
export function groupByPeriod(dialect: Dialect, grouping: Grouping, period: string, keys: readonly string[] = []): string {
  const terms = grouping === 'all' && dialect === 'sqlite' ? keys : [period, ...keys];
  return terms.length > 0 ? `GROUP BY ${terms.join(', ')}` : 'HAVING COUNT(*) > 0';
}

/** A count or a sum as the drivers return it (bigint, number, numeric text, null) as a number. */
export function countOf(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** A sum of minor units as the drivers return it (bigint, number, numeric text, null) as a bigint. */
export function minorOf(value: unknown): bigint {
  return value === null || value === undefined ? 0n : BigInt(String(value).replace(/\.0*$/, ''));
}

/**
 * Seconds as the drivers return them (a real, numeric text, null), rounded to whole seconds, or null; never below 0
 * (two instants stamped by clocks a little apart).
 */
export function secondsOf(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.max(0, Math.round(Number(value)));
}
