// Calendar days written as ISO `YYYY-MM-DD` (years 0001 to 9999): reading, writing and checking them.

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day: `year` 1..9999, `month` 1..12, `day` 1..31. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Midnight UTC of a year, a month index (0 = January; overflow rolls into the next years) and a day of the month
 * (0 = the last day of the month before); unlike `Date.UTC`, years 0..99 are not taken as 1900..1999.
 */
export function utcMidnight(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  if (Number.isNaN(date.getTime())) throw new RangeError(`no such day: ${year}, month index ${monthIndex}, day ${day}`);
  return date;
}

/** Number of days (28..31) in a month (1..12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return utcMidnight(year, month, 0).getUTCDate();
}

/** Whether year/month/day name a day that exists in the years 1 to 9999. */
export function isValidDay({ year, month, day }: CalendarDay): boolean {
  return (
    [year, month, day].every(Number.isInteger) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Formats a calendar day as ISO `YYYY-MM-DD`, whether or not it exists (see `isoDateOf`). */
export function formatIsoDate({ year, month, day }: CalendarDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The ISO date of a calendar day, or null when that day does not exist (2026-02-30). */
export function isoDateOf(day: CalendarDay): string | null {
  return isValidDay(day) ? formatIsoDate(day) : null;
}

/** Parses an ISO date, or returns null when the text is not a real calendar day (e.g. `2026-02-30`). */
export function parseIsoDate(iso: string): CalendarDay | null {
  const match = isoDatePattern.exec(iso);
  if (match === null) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDay(day) ? day : null;
}

/** True when `text` is a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** The calendar day of an ISO date; throws a RangeError when `iso` is not one. */
export function requireDay(iso: string): CalendarDay {
  const day = parseIsoDate(iso);
  if (day === null) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  return day;
}
