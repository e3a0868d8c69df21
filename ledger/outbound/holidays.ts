import Holidays from 'date-holidays';

/** Public holidays per country and year, as ISO dates (built once each: date-holidays computes them from rules). */
const holidayYears = new Map<string, ReadonlySet<string>>();

/** True when `dateIso` is a public holiday in `country` (ISO 3166-1 alpha-2), by the `date-holidays` package. */
export function isPublicHoliday(country: string, dateIso: string): boolean {
  const year = Number(dateIso.slice(0, 4));
  const key = `${country} ${year}`;
  let dates = holidayYears.get(key);
  if (!dates) {
    const calendar = new Holidays(country, { types: ['public'] });
    const found = new Set<string>();
    for (const holiday of calendar.getHolidays(year) || []) found.add(holiday.date.slice(0, 10));
    dates = found;
    holidayYears.set(key, dates);
  }
  return dates.has(dateIso);
}
