// Time zones: the only part of the calendar that knows one; the clock is always an argument.

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
/** The last date computed per time zone and the minute it holds for (a zone's date changes on a whole minute). */
const lastDates = new Map<string, { readonly minute: number; readonly date: string }>();

/** The calendar date at instant `now` in `timeZone` (the clock is an argument, never read here). */
export function dateInTimeZone(now: Date, timeZone: string): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormatters.size < 1000) dayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  if (last || lastDates.size < 1000) lastDates.set(timeZone, { minute, date });
  return date;
}
