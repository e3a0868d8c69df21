// The operator reports (DESIGN §14): every figure computed by SQL aggregation in ledger/store, shaped here into the
// summary and the trends the console serves. Money stays per currency, as decimal strings.
import { addDays, weekdayOf } from '../../lib/calendar.js';
import { minorToMajorString } from '../money/money.js';
import { isCurrencyCode } from '../money/currencies.js';
import type { LedgerContext } from '../service/context.js';
import { agreementCounts, outboundCounts, promiseCounts, recoveredAmounts } from '../store/report-collection-rows.js';
import { conversationCounts, handoffFigures, nluCounts, optOutCounts } from '../store/report-conversation-rows.js';
import { agingCells, countPortfolioAccounts } from '../store/report-portfolio-rows.js';
import {
  agingBuckets,
  type Granularity,
  type MoneyByCurrency,
  type ReportQuery,
  type ReportSummary,
  type Trend,
  type TrendName,
  type TrendPoint,
} from './report-types.js';

/** A fraction rounded to 4 places, or null when there is nothing to divide by. */
function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Minor units per currency as decimal strings in the major unit, currencies in alphabetical order. */
function moneyByCurrency(amounts: ReadonlyMap<string, bigint>): MoneyByCurrency {
  return Object.fromEntries(
    [...amounts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, minor]) => [currency, isCurrencyCode(currency) ? minorToMajorString(minor, currency) : minor.toString()]),
  );
}

/** Adds `amount` to `key`'s total in `totals` (a currency's money, or a count). */
function addTo(totals: Map<string, bigint>, key: string, amount: bigint): void {
  totals.set(key, (totals.get(key) ?? 0n) + amount);
}

/** The UTC date of `now`. */
function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Everything on the reports page for `query`, with the aging and the agreements' standing taken on `now`'s UTC day. */
export async function reportSummary(context: LedgerContext, query: ReportQuery, now: Date): Promise<ReportSummary> {
  const { sql } = context;
  const asOf = utcDate(now);
  const [accounts, aging, [conversations], [nlu], [handoffs], [optOuts], [promises], [agreements], recovered, outbound] = await Promise.all(
    [
      countPortfolioAccounts(sql, query),
      agingCells(sql, query, asOf),
      conversationCounts(sql, query, 'all'),
      nluCounts(sql, query, 'all'),
      handoffFigures(sql, query, 'all'),
      optOutCounts(sql, query, 'all'),
      promiseCounts(sql, query, 'all'),
      agreementCounts(sql, query, 'all', asOf),
      recoveredAmounts(sql, query, 'all'),
      outboundCounts(sql, query, 'all'),
    ],
  );
  const portfolio = new Map<string, bigint>();
  for (const cell of aging) addTo(portfolio, cell.currency, cell.balanceMinor);
  const recoveredTotals = new Map<string, bigint>();
  for (const row of recovered) addTo(recoveredTotals, row.currency, row.amountMinor);
  const recoveryRates = Object.fromEntries(
    [...new Set([...portfolio.keys(), ...recoveredTotals.keys()])].sort().map((currency) => {
      const recoveredMinor = Number(recoveredTotals.get(currency) ?? 0n);
      return [currency, rate(recoveredMinor, recoveredMinor + Number(portfolio.get(currency) ?? 0n))];
    }),
  );
  const conversationCount = conversations?.conversations ?? 0;
  const kept = promises?.kept ?? 0;
  const broken = promises?.broken ?? 0;
  const nluMessages = nlu?.messages ?? 0;
  const fallbacks = nlu?.fallbacks ?? 0;
  return {
    from: query.from,
    to: query.to,
    filters: {
      channel: query.channel ?? null,
      country: query.country ?? null,
      product: query.product ?? null,
      currency: query.currency ?? null,
    },
    asOf,
    accounts,
    portfolioBalanceByCurrency: moneyByCurrency(portfolio),
    aging: agingBuckets.map((bucket) => {
      const cells = aging.filter((cell) => cell.bucket === bucket);
      const balances = new Map<string, bigint>();
      for (const cell of cells) addTo(balances, cell.currency, cell.balanceMinor);
      return { bucket, accounts: cells.reduce((sum, cell) => sum + cell.accounts, 0), balanceByCurrency: moneyByCurrency(balances) };
    }),
    conversations: conversationCount,
    verifiedConversations: conversations?.verified ?? 0,
    verifiedShare: rate(conversations?.verified ?? 0, conversationCount),
    selfServedConversations: conversations?.selfServed ?? 0,
    selfServiceRate: rate(conversations?.selfServed ?? 0, conversationCount),
    handoffs: {
      count: handoffs?.count ?? 0,
      waiting: handoffs?.waiting ?? 0,
      waitP50Seconds: handoffs?.waitP50Seconds ?? null,
      waitP90Seconds: handoffs?.waitP90Seconds ?? null,
      answerP50Seconds: handoffs?.answerP50Seconds ?? null,
      answerP90Seconds: handoffs?.answerP90Seconds ?? null,
    },
    promises: { made: promises?.made ?? 0, kept, broken, keptRate: rate(kept, kept + broken) },
    agreements: {
      created: agreements?.created ?? 0,
      current: agreements?.current ?? 0,
      late: agreements?.late ?? 0,
      completed: agreements?.completed ?? 0,
      ended: agreements?.ended ?? 0,
    },
    recoveredByCurrency: moneyByCurrency(recoveredTotals),
    recoveryRateByCurrency: recoveryRates,
    outbound: outbound
      .map(({ kind, outcome, count }) => ({ kind, outcome, count }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.outcome.localeCompare(b.outcome)),
    optOuts: optOuts?.optOuts ?? 0,
    nlu: { messages: nluMessages, fallbacks, fallbackRate: rate(fallbacks, nluMessages) },
  };
}

/** The first day of every period from `query.from` to `query.to`: each day, or the Monday of each ISO week. */
export function periodsOf(query: ReportQuery, granularity: Granularity): string[] {
  const [first, step] = granularity === 'week' ? [addDays(query.from, -((weekdayOf(query.from) + 6) % 7)), 7] : [query.from, 1];
  const periods: string[] = [];
  for (let day = first; day <= query.to; day = addDays(day, step)) periods.push(day);
  return periods;
}

/** A trend with every period of the range, `series` read from each period's row (0 when the period has none). */
function trendOf<Row extends { readonly period: string }>(
  name: TrendName,
  query: ReportQuery,
  granularity: Granularity,
  rows: readonly Row[],
  series: readonly string[],
  valuesOf: (row: Row | undefined) => TrendPoint['values'],
): Trend {
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  return {
    name,
    granularity,
    series,
    points: periodsOf(query, granularity).map((period) => ({ period, values: valuesOf(byPeriod.get(period)) })),
  };
}

/** Rows of (period, key, amount) folded into one row per period with a total per key. */
function pivot<Row extends { readonly period: string }>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  valueOf: (row: Row) => bigint,
): { readonly keys: string[]; readonly rows: { readonly period: string; readonly totals: Map<string, bigint> }[] } {
  const periods = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    const totals = periods.get(row.period) ?? new Map<string, bigint>();
    addTo(totals, keyOf(row), valueOf(row));
    periods.set(row.period, totals);
  }
  const keys = [...new Set(rows.map(keyOf))].sort();
  return { keys, rows: [...periods.entries()].map(([period, totals]) => ({ period, totals })) };
}

/** One chart's figures per day or week over `query`'s range (every period present, empty ones as 0). */
export async function reportTrend(
  context: LedgerContext,
  name: TrendName,
  query: ReportQuery,
  granularity: Granularity,
  now: Date,
): Promise<Trend> {
  const { sql } = context;
  switch (name) {
    case 'conversations': {
      const rows = await conversationCounts(sql, query, granularity);
      return trendOf(name, query, granularity, rows, ['conversations', 'verified', 'selfServed'], (row) => ({
        conversations: row?.conversations ?? 0,
        verified: row?.verified ?? 0,
        selfServed: row?.selfServed ?? 0,
      }));
    }
    case 'promises': {
      const rows = await promiseCounts(sql, query, granularity);
      return trendOf(name, query, granularity, rows, ['made', 'kept', 'broken'], (row) => ({
        made: row?.made ?? 0,
        kept: row?.kept ?? 0,
        broken: row?.broken ?? 0,
      }));
    }
    case 'recovered': {
      const folded = pivot(
        await recoveredAmounts(sql, query, granularity),
        (row) => row.currency,
        (row) => row.amountMinor,
      );
      return trendOf(name, query, granularity, folded.rows, folded.keys, (row) =>
        moneyByCurrency(new Map(folded.keys.map((currency) => [currency, row?.totals.get(currency) ?? 0n]))),
      );
    }
    case 'handoffs': {
      const rows = await handoffFigures(sql, query, granularity);
      return trendOf(
        name,
        query,
        granularity,
        rows,
        ['count', 'waitP50Seconds', 'waitP90Seconds', 'answerP50Seconds', 'answerP90Seconds'],
        (row) => ({
          count: row?.count ?? 0,
          waitP50Seconds: row?.waitP50Seconds ?? null,
          waitP90Seconds: row?.waitP90Seconds ?? null,
          answerP50Seconds: row?.answerP50Seconds ?? null,
          answerP90Seconds: row?.answerP90Seconds ?? null,
        }),
      );
    }
    case 'agreements': {
      const rows = await agreementCounts(sql, query, granularity, utcDate(now));
      return trendOf(name, query, granularity, rows, ['created', 'current', 'late', 'completed', 'ended'], (row) => ({
        created: row?.created ?? 0,
        current: row?.current ?? 0,
        late: row?.late ?? 0,
        completed: row?.completed ?? 0,
        ended: row?.ended ?? 0,
      }));
    }
    case 'outbound': {
      const folded = pivot(
        await outboundCounts(sql, query, granularity),
        (row) => row.outcome,
        (row) => BigInt(row.count),
      );
      return trendOf(name, query, granularity, folded.rows, folded.keys, (row) =>
        Object.fromEntries(folded.keys.map((outcome) => [outcome, Number(row?.totals.get(outcome) ?? 0n)])),
      );
    }
    case 'opt-outs': {
      const rows = await optOutCounts(sql, query, granularity);
      return trendOf(name, query, granularity, rows, ['optOuts'], (row) => ({ optOuts: row?.optOuts ?? 0 }));
    }
    case 'nlu': {
      const rows = await nluCounts(sql, query, granularity);
      return trendOf(name, query, granularity, rows, ['messages', 'fallbacks'], (row) => ({
        messages: row?.messages ?? 0,
        fallbacks: row?.fallbacks ?? 0,
      }));
    }
  }
}
