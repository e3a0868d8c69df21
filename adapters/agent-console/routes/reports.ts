// The operator reports in the console (DESIGN §14), for supervisors and admins: the summary and one trend per chart,
// each as JSON or, with `?format=csv`, as a CSV download. The query (from, to, granularity, channel, country, product,
// currency) is read by the ledger, which answers why it cannot be read; money stays per currency, as decimal strings.
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import {
  parseReportQuery,
  reportSummary,
  reportTrend,
  trendNames,
  type ParsedReportQuery,
  type ReportQuery,
} from '../../../ledger/index.js';
import { toCsv } from '../csv.js';
import { ConsoleError, parseWith } from '../errors.js';
import { summaryCsvRows, trendCsvRows } from '../report-csv.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const formatQuery = z.object({ format: z.enum(['json', 'csv'], 'must be json or csv').default('json') });
const trendParams = z.object({ trend: z.string() });

/** The report's checked query, or a 400 `invalid_query` naming the field and why. */
function reportQueryOf(request: Request, now: Date): Extract<ParsedReportQuery, { ok: true }> {
  const parsed = parseReportQuery(request.query, now.toISOString().slice(0, 10));
  if (!parsed.ok) throw new ConsoleError(400, 'invalid_query', `${parsed.field}: ${parsed.reason}`, { field: parsed.field });
  return parsed;
}

/** Sends `rows` as a CSV attachment named `report-<name>-<from>-<to>.csv`. */
function sendCsv(response: Response, name: string, query: ReportQuery, rows: Parameters<typeof toCsv>[0]): void {
  response
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="report-${name}-${query.from}-${query.to}.csv"`)
    .send(toCsv(rows));
}

/** The report routes: `GET /reports/summary` and `GET /reports/<trend>` (supervisors and admins). */
export function reportRoutes(deps: ConsoleDeps): ApiRoute[] {
  const summary: RequestHandler = async (request, response) => {
    const { format } = parseWith(formatQuery, request.query);
    const now = deps.now();
    const { query } = reportQueryOf(request, now);
    const found = await reportSummary(deps.ledger, query, now);
    if (format === 'csv') sendCsv(response, 'summary', query, summaryCsvRows(found));
    else response.json(found);
  };

  const trend: RequestHandler = async (request, response) => {
    const { trend: asked } = parseWith(trendParams, request.params);
    const name = trendNames.find((candidate) => candidate === asked);
    if (name === undefined) throw new ConsoleError(404, 'not_found', 'no such report');
    const { format } = parseWith(formatQuery, request.query);
    const now = deps.now();
    const { query, granularity } = reportQueryOf(request, now);
    const found = await reportTrend(deps.ledger, name, query, granularity, now);
    if (format === 'csv') sendCsv(response, name, query, trendCsvRows(found));
    else response.json(found);
  };

  return [
    { method: 'get', path: '/reports/summary', access: 'supervisor', handler: summary },
    { method: 'get', path: '/reports/:trend', access: 'supervisor', handler: trend },
  ];
}
