/** Calendar dates without a time of day, as ISO strings `YYYY-MM-DD`; pure functions. */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const millisecondsPerDay = 86_400_000;

/** True when `text` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtcMilliseconds(dateIso: string): number {
  if (!isIsoDate(dateIso)) throw new RangeError(`not an ISO date: ${JSON.stringify(dateIso)}`);
  return Date.parse(`${dateIso}T00:00:00Z`);
}

/** The date `days` days after (or before, when negative) `dateIso`. */
export function addDays(dateIso: string, days: number): string {
  return new Date(toUtcMilliseconds(dateIso) + days * millisecondsPerDay).toISOString().slice(0, 10);
}

/**
 * The same day of the month `months` months after (or before, when negative) `dateIso`, clamped to
 * that month's last day: 2028-01-31 + 1 → 2028-02-29, 2027-01-31 + 1 → 2027-02-28.
 */
export function addMonths(dateIso: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new RangeError(`not a whole number of months: ${months}`);
  const start = new Date(toUtcMilliseconds(dateIso));
  const monthIndex = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(start.getUTCFullYear(), monthIndex, Math.min(start.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

/** Whole days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtcMilliseconds(toIso) - toUtcMilliseconds(fromIso)) / millisecondsPerDay);
}

const knownTimeZones = new Map<string, boolean>();

/** True when `timeZone` is an IANA time zone this runtime knows (e.g. America/Santiago). */
export function isTimeZone(timeZone: string): boolean {
  const cached = knownTimeZones.get(timeZone);
  if (cached !== undefined) return cached;
  let known = timeZone.includes('/') || timeZone === 'UTC';
  if (known) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      known = false;
    }
  }
  if (knownTimeZones.size < 1000) knownTimeZones.set(timeZone, known);
  return known;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at instant `now` in `timeZone` (the clock is an argument, never read here). */
export function dateInTimeZone(now: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormatters.size < 1000) dayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
