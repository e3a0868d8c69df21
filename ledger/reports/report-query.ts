// Reads a report's query string (from, to, filters, granularity) into a checked ReportQuery, with a clear reason when
// something is wrong: the console answers 400 with it.
import { addDays, isIsoDate } from '../../lib/calendar.js';
import { isCurrencyCode } from '../money/currencies.js';
import type { Granularity, ReportQuery } from './report-types.js';

/** The longest range a report covers, in days: about two years of daily points at most. */
export const maxReportDays = 731;

/** The channels a report can be narrowed to. */
export const reportChannels = ['webchat', 'telegram', 'whatsapp', 'whatsapp_cloud'] as const;

/** A checked query, or why it cannot be read. */
export type ParsedReportQuery =
  | { readonly ok: true; readonly query: ReportQuery; readonly granularity: Granularity }
  | { readonly ok: false; readonly field: string; readonly reason: string };

/** A single text parameter (the last one when repeated), trimmed; undefined when absent or empty. */
function textOf(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  if (typeof last !== 'string') return undefined;
  const trimmed = last.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads `from`, `to` (YYYY-MM-DD, UTC; default: the 30 days to `todayIso`), `granularity` (day | week; default day)
 * and the filters `channel`, `country`, `product`, `currency` from a query string's parameters.
 */
export function parseReportQuery(parameters: Readonly<Record<string, unknown>>, todayIso: string): ParsedReportQuery {
  const fail = (field: string, reason: string): ParsedReportQuery => ({ ok: false, field, reason });
  const to = textOf(parameters.to) ?? todayIso;
  if (!isIsoDate(to)) return fail('to', 'must be a date written YYYY-MM-DD');
  const from = textOf(parameters.from) ?? addDays(to, -29);
  if (!isIsoDate(from)) return fail('from', 'must be a date written YYYY-MM-DD');
  if (from > to) return fail('from', 'must not be after to');
  if (from < addDays(to, -(maxReportDays - 1))) return fail('from', `the range may cover at most ${maxReportDays} days`);
  const granularity = textOf(parameters.granularity) ?? 'day';
  if (granularity !== 'day' && granularity !== 'week') return fail('granularity', 'must be day or week');
  const channel = textOf(parameters.channel);
  if (channel !== undefined && !(reportChannels as readonly string[]).includes(channel))
    return fail('channel', `must be one of ${reportChannels.join(', ')}`);
  const country = textOf(parameters.country)?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) return fail('country', 'must be a two-letter country code');
  const currency = textOf(parameters.currency)?.toUpperCase();
  if (currency !== undefined && !isCurrencyCode(currency)) return fail('currency', 'must be a currency the ledger knows');
  const product = textOf(parameters.product);
  if (product !== undefined && product.length > 100) return fail('product', 'must be at most 100 characters');
  return {
    ok: true,
    granularity,
    query: {
      from,
      to,
      ...(channel !== undefined ? { channel } : {}),
      ...(country !== undefined ? { country } : {}),
      ...(product !== undefined ? { product } : {}),
      ...(currency !== undefined ? { currency } : {}),
    },
  };
}
