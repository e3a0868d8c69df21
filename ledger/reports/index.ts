/** The operator reports (DESIGN §14): the summary and the trends, and how their query is read. */
export { reportSummary, reportTrend, periodsOf } from './reports.js';
export { parseReportQuery, maxReportDays, reportChannels, type ParsedReportQuery } from './report-query.js';
export * from './report-types.js';
