import { addDays, isIsoDate } from '../../lib/calendar.js';
import type { Refusal } from './types.js';

/** The refusal for a number or date the engine cannot use (NaN, fractional, malformed, out of range). */
export const invalidRequest: Refusal = { code: 'invalid_request' };

/** True when `value` is a whole number of minor units the ledger can hold exactly, zero or more. */
export function isWholeMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True when `value` is a real `YYYY-MM-DD` date (a non-string is not). */
export function isDate(value: unknown): value is string {
  return typeof value === 'string' && isIsoDate(value);
}

/**
 * The date `days` days after `dateIso`, or null when the input is not a date or the result leaves the
 * four-digit years `YYYY-MM-DD` can write (e.g. 9999-12-31 + 7).
 */
export function daysAfterOrNull(dateIso: unknown, days: number): string | null {
  if (!isDate(dateIso) || !Number.isSafeInteger(days) || Math.abs(days) > 1_000_000) return null;
  const result = addDays(dateIso, days);
  return isIsoDate(result) ? result : null;
}
