// What each section of the reports page shows: which trend (or the summary) it reads, its charts' series and axes, and
// its table's columns, all formatted for the viewer. Money charts are one per currency, never summed.
import { labelOf, t } from './i18n.js';
import { count, duration, money, moneyAmount, moneyTick, percent, periodName, periodTick } from './reports-format.js';

/** The trends the page reads (`GET /agent/api/reports/<name>`). */
export const pageTrends = ['conversations', 'promises', 'recovered', 'handoffs', 'agreements', 'outbound', 'opt-outs', 'nlu'];

/** The series of the outbound trend in the order of a contact's life; others follow by name. */
const outcomeOrder = ['sent', 'delivered', 'failed', 'refused', 'interrupted'];

function byOutcome(a, b) {
  const rank = (name) => (outcomeOrder.includes(name) ? outcomeOrder.indexOf(name) : outcomeOrder.length);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Where the CSV of `name` (a trend, or 'summary') is downloaded from, with the filters of `query` (a query string). */
export function csvHref(name, query) {
  return `/agent/api/reports/${encodeURIComponent(name)}?${query}${query ? '&' : ''}format=csv`;
}

/** A CSV download link of `name` with the current filters. */
function csvLink(name, query, label = t('reportsExportCsv')) {
  return { href: csvHref(name, query), label };
}

/** A trend's table rows, the latest period first (the days with news are the ones in view). */
function newestFirst(rows) {
  return [...rows].reverse();
}

/** The period column's heading, the axis labels and the row headings of a trend. */
function periodsOf(trend, context) {
  const withYear = context.from.slice(0, 4) !== context.to.slice(0, 4);
  return {
    heading: t(trend.granularity === 'week' ? 'reportsWeek' : 'reportsDay'),
    ticks: trend.points.map((point) => periodTick(point.period, withYear)),
    names: trend.points.map((point) => periodName(point.period, trend.granularity)),
  };
}

/**
 * A section over one trend: a chart of `series` (each `{ key, type?, yAxisID?, format? }`, counts by default) and a
 * table of `columns` (each `{ key, format? }`, the series by default).
 */
function trendSection(id, trend, context, { series, columns = series, chart = {} }) {
  const periods = periodsOf(trend, context);
  const title = t(`reportsSection_${id}`);
  const valuesOf = (key) => trend.points.map((point) => point.values[key] ?? null);
  return {
    id,
    title,
    exports: [csvLink(trend.name, context.query)],
    charts: [
      {
        title,
        type: 'bar',
        ...chart,
        labels: periods.ticks,
        datasets: series.map((item) => ({
          label: labelOf('series', item.key),
          data: valuesOf(item.key),
          format: item.format ?? count,
          ...(item.type ? { type: item.type } : {}),
          ...(item.yAxisID ? { yAxisID: item.yAxisID } : {}),
        })),
      },
    ],
    table: {
      caption: t('reportsTrendCaption', { title }),
      columns: [periods.heading, ...columns.map((item) => labelOf('series', item.key))],
      rows: newestFirst(
        trend.points.map((point, index) => [
          periods.names[index],
          ...columns.map((item) => (item.format ?? count)(point.values[item.key] ?? null)),
        ]),
      ),
    },
  };
}

function conversations({ trends }, context) {
  const series = ['conversations', 'verified', 'selfServed'].map((key) => ({ key }));
  return trendSection('conversations', trends.conversations, context, { series, chart: { type: 'line' } });
}

function promises({ trends }, context) {
  return trendSection('promises', trends.promises, context, { series: ['made', 'kept', 'broken'].map((key) => ({ key })) });
}

function recovered({ trends }, context) {
  const trend = trends.recovered;
  const periods = periodsOf(trend, context);
  const title = t('reportsSection_recovered');
  return {
    id: 'recovered',
    title,
    exports: [csvLink('recovered', context.query)],
    empty: trend.series.length === 0 ? t('reportsNoPayments') : undefined,
    charts: trend.series.map((currency) => ({
      title: `${title} (${currency})`,
      caption: currency,
      type: 'bar',
      labels: periods.ticks,
      yTick: (value) => moneyTick(value, currency),
      datasets: [
        {
          label: currency,
          data: trend.points.map((point) => Number(point.values[currency] ?? 0)),
          format: (value) => moneyAmount(value, currency),
        },
      ],
    })),
    table: {
      caption: t('reportsTrendCaption', { title }),
      columns: [periods.heading, ...trend.series],
      rows: newestFirst(
        trend.points.map((point, index) => [
          periods.names[index],
          ...trend.series.map((currency) => money(point.values[currency] ?? '0', currency)),
        ]),
      ),
    },
  };
}

function handoffs({ trends }, context) {
  const waits = ['waitP50Seconds', 'waitP90Seconds'].map((key) => ({ key, type: 'line', yAxisID: 'y1', format: duration }));
  const answers = ['answerP50Seconds', 'answerP90Seconds'].map((key) => ({ key, format: duration }));
  return trendSection('handoffs', trends.handoffs, context, {
    series: [{ key: 'count' }, ...waits],
    columns: [{ key: 'count' }, ...waits, ...answers],
    chart: { y1Tick: duration },
  });
}

function agreements({ trends }, context) {
  return trendSection('agreements', trends.agreements, context, {
    series: ['current', 'late', 'completed', 'ended'].map((key) => ({ key })),
    columns: ['created', 'current', 'late', 'completed', 'ended'].map((key) => ({ key })),
    chart: { stacked: true },
  });
}

function outbound({ trends }, context) {
  const trend = trends.outbound;
  const section = trendSection('outbound', trend, context, {
    series: [...trend.series].sort(byOutcome).map((key) => ({ key })),
    chart: { stacked: true },
  });
  return trend.series.length === 0 ? { ...section, empty: t('reportsNoContacts') } : section;
}

function aging({ summary }, context) {
  const currencies = [...new Set(summary.aging.flatMap((row) => Object.keys(row.balanceByCurrency)))].sort();
  const labels = summary.aging.map((row) => t('reportsBucket', { bucket: row.bucket }));
  const ticks = summary.aging.map((row) => row.bucket);
  const title = t('reportsSection_aging');
  return {
    id: 'aging',
    title,
    exports: [csvLink('summary', context.query, t('reportsExportSummaryCsv'))],
    charts: [
      {
        title: t('reportsAgingAccounts'),
        caption: t('reportsAgingAccounts'),
        type: 'bar',
        labels: ticks,
        datasets: [{ label: t('reportsAccounts'), data: summary.aging.map((row) => row.accounts), format: count }],
      },
      ...currencies.map((currency) => ({
        title: t('reportsAgingBalance', { currency }),
        caption: t('reportsAgingBalance', { currency }),
        type: 'bar',
        labels: ticks,
        yTick: (value) => moneyTick(value, currency),
        datasets: [
          {
            label: currency,
            data: summary.aging.map((row) => Number(row.balanceByCurrency[currency] ?? 0)),
            format: (value) => moneyAmount(value, currency),
            colour: '#0e9384',
          },
        ],
      })),
    ],
    table: {
      caption: t('reportsAgingCaption'),
      columns: [t('reportsBucketHeading'), t('reportsAccounts'), ...currencies.map((currency) => t('reportsBalanceIn', { currency }))],
      rows: summary.aging.map((row, index) => [
        labels[index],
        count(row.accounts),
        ...currencies.map((currency) => money(row.balanceByCurrency[currency] ?? '0', currency)),
      ]),
    },
  };
}

function optOutsAndNlu({ trends }, context) {
  const nlu = trends.nlu;
  const optOutsByPeriod = new Map(trends['opt-outs'].points.map((point) => [point.period, point.values.optOuts ?? 0]));
  const merged = {
    ...nlu,
    points: nlu.points.map((point) => ({
      period: point.period,
      values: {
        ...point.values,
        fallbackRate: point.values.messages > 0 ? point.values.fallbacks / point.values.messages : null,
        optOuts: optOutsByPeriod.get(point.period) ?? 0,
      },
    })),
  };
  const section = trendSection('nlu', merged, context, {
    series: [{ key: 'messages' }, { key: 'fallbacks' }, { key: 'optOuts', type: 'line' }],
    columns: [{ key: 'messages' }, { key: 'fallbacks' }, { key: 'fallbackRate', format: percent }, { key: 'optOuts' }],
  });
  return {
    ...section,
    exports: [
      csvLink('nlu', context.query, t('reportsExportNamed', { name: t('series_fallbacks') })),
      csvLink('opt-outs', context.query, t('reportsExportNamed', { name: t('series_optOuts') })),
    ],
  };
}

/**
 * The specs of every chart section (see reports-section.js) from the summary and the trends `{ name: Trend }`, for
 * `context` `{ from, to, query }` (the report's dates and the query string of the filters).
 */
export function sectionSpecs(data, context) {
  return [conversations, promises, recovered, handoffs, agreements, outbound, aging, optOutsAndNlu].map((section) =>
    section(data, context),
  );
}
