// The reports as CSV rows (DESIGN §14): the summary as `section,item,currency,value` (money per currency, never
// summed; rates as fractions; an absent figure as an empty field) and a trend as `period,<series…>`.
import type { MoneyByCurrency, RateByCurrency, ReportSummary, Trend } from '../../ledger/index.js';
import type { CsvCell } from './csv.js';

/** The header of the summary's CSV. */
export const summaryCsvHeader = ['section', 'item', 'currency', 'value'] as const;

type Row = readonly CsvCell[];

/** Rows of plain figures of one section: `section,item,,value`. */
function figures(section: string, values: Readonly<Record<string, CsvCell>>): Row[] {
  return Object.entries(values).map(([item, value]) => [section, item, null, value]);
}

/** Rows of one item per currency: `section,item,currency,value`. */
function perCurrency(section: string, item: string, values: MoneyByCurrency | RateByCurrency): Row[] {
  return Object.entries(values).map(([currency, value]) => [section, item, currency, value]);
}

/** The summary as CSV rows, header first. */
export function summaryCsvRows(summary: ReportSummary): Row[] {
  return [
    summaryCsvHeader,
    ...figures('range', { from: summary.from, to: summary.to, asOf: summary.asOf }),
    ...figures('filters', summary.filters),
    ...figures('portfolio', { accounts: summary.accounts }),
    ...perCurrency('portfolio', 'openBalance', summary.portfolioBalanceByCurrency),
    ...summary.aging.flatMap((row) => [
      ['aging', `${row.bucket} accounts`, null, row.accounts] as Row,
      ...perCurrency('aging', `${row.bucket} balance`, row.balanceByCurrency),
    ]),
    ...figures('conversations', {
      conversations: summary.conversations,
      verified: summary.verifiedConversations,
      verifiedShare: summary.verifiedShare,
      selfServed: summary.selfServedConversations,
      selfServiceRate: summary.selfServiceRate,
    }),
    ...figures('handoffs', summary.handoffs),
    ...figures('promises', summary.promises),
    ...figures('agreements', summary.agreements),
    ...perCurrency('recovered', 'amount', summary.recoveredByCurrency),
    ...perCurrency('recovered', 'recoveryRate', summary.recoveryRateByCurrency),
    ...summary.outbound.map((row): Row => ['outbound', `${row.kind} ${row.outcome}`, null, row.count]),
    ...figures('optOuts', { optOuts: summary.optOuts }),
    ...figures('nlu', summary.nlu),
  ];
}

/** A trend as CSV rows: `period,<series…>`, then one row per period. */
export function trendCsvRows(trend: Trend): Row[] {
  return [
    ['period', ...trend.series],
    ...trend.points.map((point): Row => [point.period, ...trend.series.map((name) => point.values[name] ?? null)]),
  ];
}
