// Partial dates (a weekday, a day of the month, a month and day) completed toward the future or the past of `today`.
import type { DateDirection } from '../types.js';
import {
  daysInMonth,
  endOfMonth,
  endOfPreviousMonth,
  formatIsoDate,
  nextDayOfMonth,
  nextMonthDay,
  nextWeekday,
  parseIsoDate,
  previousDayOfMonth,
  previousMonthDay,
  previousWeekday,
  weekdayOf,
} from '../../lib/calendar.js';

/** The nearest `weekday` (0 = Sunday) strictly after or before today, or today itself when `todayCounts` and it matches. */
export function weekdayToward(direction: DateDirection, today: string, weekday: number, todayCounts: boolean): string {
  if (todayCounts && weekdayOf(today) === weekday) return today;
  return direction === 'past' ? previousWeekday(today, weekday) : nextWeekday(today, weekday);
}

/** The nearest `day`-of-month on or after (future) or on or before (past) today. */
export function dayOfMonthToward(direction: DateDirection, today: string, day: number): string | null {
  return direction === 'past' ? previousDayOfMonth(today, day) : nextDayOfMonth(today, day);
}

/** The nearest month/day on or after (future) or on or before (past) today. */
export function monthDayToward(direction: DateDirection, today: string, month: number, day: number): string | null {
  return direction === 'past' ? previousMonthDay(today, month, day) : nextMonthDay(today, month, day);
}

/** The nearest last day of `month` (1..12) on or after (future) or on or before (past) today. */
export function monthEndToward(direction: DateDirection, today: string, month: number): string | null {
  if (month < 1 || month > 12) return null;
  const { year } = parseIsoDate(today) ?? { year: 0 };
  const years = direction === 'past' ? [year, year - 1] : [year, year + 1];
  for (const candidateYear of years) {
    const iso = formatIsoDate({ year: candidateYear, month, day: daysInMonth(candidateYear, month) });
    if (direction === 'past' ? iso <= today : iso >= today) return iso;
  }
  return null;
}

/** The end of today's month going forward; going back, today when it is a month's last day, else the previous month's end. */
export function currentMonthEndToward(direction: DateDirection, today: string): string {
  const end = endOfMonth(today);
  return direction === 'past' && end !== today ? endOfPreviousMonth(today) : end;
}
