// Whole days and months added to ISO dates, counted between them, and weekdays; in UTC, so no clock or zone leaks in.
import { daysInMonth, formatIsoDate, requireDay, utcMidnight } from './day.js';

const msPerDay = 86_400_000;

function toEpochDays(iso: string): number {
  const { year, month, day } = requireDay(iso);
  return utcMidnight(year, month - 1, day).getTime() / msPerDay;
}

function fromEpochDays(epochDays: number): string {
  const date = new Date(epochDays * msPerDay);
  if (Number.isNaN(date.getTime())) throw new RangeError(`no such day: ${epochDays} days after 1970-01-01`);
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** The date `days` days after (or before, when negative) `iso`; past 9999-12-31 the result is no ISO date (check with `isIsoDate`). */
export function addDays(iso: string, days: number): string {
  return fromEpochDays(toEpochDays(iso) + days);
}

/**
 * The same day of the month `months` months after (or before, when negative) `iso`, clamped to that month's
 * last day: 2028-01-31 + 1 → 2028-02-29, 2027-01-31 + 1 → 2027-02-28.
 */
export function addMonths(iso: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new RangeError(`not a whole number of months: ${months}`);
  const start = requireDay(iso);
  const target = utcMidnight(start.year, start.month - 1 + months, 1);
  const [year, month] = [target.getUTCFullYear(), target.getUTCMonth() + 1];
  return formatIsoDate({ year, month, day: Math.min(start.day, daysInMonth(year, month)) });
}

/** Whole days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return toEpochDays(toIso) - toEpochDays(fromIso);
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return new Date(toEpochDays(iso) * msPerDay).getUTCDay();
}
