import { createRequire } from 'node:module';
import type HolidaysCalendar from 'date-holidays';

/** Public holidays per country and year, as ISO dates (built once each: date-holidays computes them from rules). */
const holidayYears = new Map<string, ReadonlySet<string>>();

/**
 * date-holidays, loaded at the first holiday check rather than at start-up: its rules for every country, with
 * moment-timezone and the astronomy tables, take about 10 MB that a server which never plans a reminder never needs.
 */
let Holidays: typeof HolidaysCalendar | undefined;

/** True when `dateIso` is a public holiday in `country` (ISO 3166-1 alpha-2), by the `date-holidays` package. */
export function isPublicHoliday(country: string, dateIso: string): boolean {
  const year = Number(dateIso.slice(0, 4));
  const key = `${country} ${year}`;
  let dates = holidayYears.get(key);
  if (!dates) {
    Holidays ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysCalendar;
    const calendar = new Holidays(country, { types: ['public'] });
    const found = new Set<string>();
    for (const holiday of calendar.getHolidays(year) || []) found.add(holiday.date.slice(0, 10));
    dates = found;
    holidayYears.set(key, dates);
  }
  return dates.has(dateIso);
}
