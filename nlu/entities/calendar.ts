// Pure calendar arithmetic on ISO dates (`YYYY-MM-DD`), done in UTC so no clock or zone leaks in.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** A calendar day; `month` is 1..12. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Parses an ISO date, or returns null when the text is not a real calendar day (e.g. `2026-02-30`). */
export function parseIsoDate(iso: string): CalendarDay | null {
  const match = ISO_DATE.exec(iso);
  if (match === null) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDay(day) ? day : null;
}

/** Formats a calendar day as ISO `YYYY-MM-DD`. */
export function formatIsoDate({ year, month, day }: CalendarDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether year/month/day name a day that exists. */
export function isValidDay({ year, month, day }: CalendarDay): boolean {
  return Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Number of days in a month (1..12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds a (possibly negative) number of days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return fromEpochDays(toEpochDays(iso) + days);
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return new Date(toEpochDays(iso) * MS_PER_DAY).getUTCDay();
}

/** The first day strictly after `iso` falling on `weekday` (0 = Sunday). */
export function nextWeekday(iso: string, weekday: number): string {
  const ahead = (weekday - weekdayOf(iso) + 7) % 7;
  return addDays(iso, ahead === 0 ? 7 : ahead);
}

/** The last day of the month that `iso` falls in. */
export function endOfMonth(iso: string): string {
  const { year, month } = requireDay(iso);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** The first day of the month after the one `iso` falls in. */
export function startOfNextMonth(iso: string): string {
  return addDays(endOfMonth(iso), 1);
}

/** The first `day`-of-month on or after `iso`, skipping months too short for it; null when `day` > 31. */
export function nextDayOfMonth(iso: string, day: number): string | null {
  if (!Number.isInteger(day) || day < 1 || day > 31) return null;
  const today = requireDay(iso);
  for (let offset = 0; offset < 12; offset += 1) {
    const monthIndex = today.month - 1 + offset;
    const candidate = { year: today.year + Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day };
    if (isValidDay(candidate) && formatIsoDate(candidate) >= iso) return formatIsoDate(candidate);
  }
  return null;
}

/** The first occurrence of month/day on or after `iso` (this year or the next); null when no such day exists. */
export function nextMonthDay(iso: string, month: number, day: number): string | null {
  const { year } = requireDay(iso);
  for (const candidateYear of [year, year + 1, year + 2, year + 3, year + 4]) {
    const candidate = { year: candidateYear, month, day };
    if (isValidDay(candidate) && formatIsoDate(candidate) >= iso) return formatIsoDate(candidate);
  }
  return null;
}

/** The last day strictly before `iso` falling on `weekday` (0 = Sunday). */
export function previousWeekday(iso: string, weekday: number): string {
  const back = (weekdayOf(iso) - weekday + 7) % 7;
  return addDays(iso, back === 0 ? -7 : -back);
}

/** The last `day`-of-month on or before `iso`, skipping months too short for it; null when `day` > 31. */
export function previousDayOfMonth(iso: string, day: number): string | null {
  if (!Number.isInteger(day) || day < 1 || day > 31) return null;
  const today = requireDay(iso);
  for (let offset = 0; offset < 12; offset += 1) {
    const monthIndex = today.year * 12 + today.month - 1 - offset;
    const candidate = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day };
    if (isValidDay(candidate) && formatIsoDate(candidate) <= iso) return formatIsoDate(candidate);
  }
  return null;
}

/** The last occurrence of month/day on or before `iso` (this year or an earlier one); null when no such day exists. */
export function previousMonthDay(iso: string, month: number, day: number): string | null {
  const { year } = requireDay(iso);
  for (const candidateYear of [year, year - 1, year - 2, year - 3, year - 4]) {
    const candidate = { year: candidateYear, month, day };
    if (isValidDay(candidate) && formatIsoDate(candidate) <= iso) return formatIsoDate(candidate);
  }
  return null;
}

/** The same day of the month `months` months before `iso`, or that month's last day when it is shorter. */
export function subtractMonths(iso: string, months: number): string {
  const today = requireDay(iso);
  const monthIndex = today.year * 12 + today.month - 1 - months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return formatIsoDate({ year, month, day: Math.min(today.day, daysInMonth(year, month)) });
}

/** The first day of the month before the one `iso` falls in. */
export function startOfPreviousMonth(iso: string): string {
  const { year, month } = requireDay(addDays(`${iso.slice(0, 8)}01`, -1));
  return formatIsoDate({ year, month, day: 1 });
}

function toEpochDays(iso: string): number {
  const { year, month, day } = requireDay(iso);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDays(epochDays: number): string {
  const date = new Date(epochDays * MS_PER_DAY);
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

function requireDay(iso: string): CalendarDay {
  const day = parseIsoDate(iso);
  if (day === null) throw new RangeError(`not an ISO date: ${iso}`);
  return day;
}
