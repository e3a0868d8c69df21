// The nearest day after or before an ISO date that falls on a weekday, a day of the month, or a month and day.
import { addDays, weekdayOf } from './arithmetic.js';
import { isoDateOf, requireDay } from './day.js';

/** Forward (1) or back (-1) in time. */
type Step = 1 | -1;

function isOnSide(candidate: string, iso: string, step: Step): boolean {
  return step > 0 ? candidate >= iso : candidate <= iso;
}

/** The first `day`-of-month from `iso` on, month by month for a year in the direction of `step`. */
function dayOfMonthFrom(iso: string, day: number, step: Step): string | null {
  if (!Number.isInteger(day) || day < 1 || day > 31) return null;
  const { year, month } = requireDay(iso);
  for (let offset = 0; offset < 12; offset += 1) {
    const monthIndex = year * 12 + month - 1 + step * offset;
    const candidate = isoDateOf({ year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day });
    if (candidate !== null && isOnSide(candidate, iso, step)) return candidate;
  }
  return null;
}

/** The first month/day from `iso` on, year by year (up to four years away, for 29 February) in the direction of `step`. */
function monthDayFrom(iso: string, month: number, day: number, step: Step): string | null {
  const { year } = requireDay(iso);
  for (let offset = 0; offset <= 4; offset += 1) {
    const candidate = isoDateOf({ year: year + step * offset, month, day });
    if (candidate !== null && isOnSide(candidate, iso, step)) return candidate;
  }
  return null;
}

/** The first day strictly after `iso` falling on `weekday` (0 = Sunday). */
export function nextWeekday(iso: string, weekday: number): string {
  const ahead = (weekday - weekdayOf(iso) + 7) % 7;
  return addDays(iso, ahead === 0 ? 7 : ahead);
}

/** The last day strictly before `iso` falling on `weekday` (0 = Sunday). */
export function previousWeekday(iso: string, weekday: number): string {
  const back = (weekdayOf(iso) - weekday + 7) % 7;
  return addDays(iso, back === 0 ? -7 : -back);
}

/** The first `day`-of-month on or after `iso`, skipping months too short for it; null when `day` is not 1..31. */
export function nextDayOfMonth(iso: string, day: number): string | null {
  return dayOfMonthFrom(iso, day, 1);
}

/** The last `day`-of-month on or before `iso`, skipping months too short for it; null when `day` is not 1..31. */
export function previousDayOfMonth(iso: string, day: number): string | null {
  return dayOfMonthFrom(iso, day, -1);
}

/** The first occurrence of month/day on or after `iso` (this year or a later one); null when no such day exists. */
export function nextMonthDay(iso: string, month: number, day: number): string | null {
  return monthDayFrom(iso, month, day, 1);
}

/** The last occurrence of month/day on or before `iso` (this year or an earlier one); null when no such day exists. */
export function previousMonthDay(iso: string, month: number, day: number): string | null {
  return monthDayFrom(iso, month, day, -1);
}
