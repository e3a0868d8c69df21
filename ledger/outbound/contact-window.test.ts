import { describe, expect, it } from 'vitest';
import { defaultContactRules, type CountryRules } from './contact-rules.js';
import { isContactTime, nextContactTime } from './contact-window.js';

const rulesOf = (country: string): CountryRules => {
  const rules = defaultContactRules.countries.get(country);
  if (!rules) throw new Error(`no built-in rules for ${country}`);
  return rules;
};
const at = (iso: string) => Date.parse(iso);
const next = (country: string, zone: string, fromIso: string, lastDateIso = '2027-12-31') => {
  const instant = nextContactTime(rulesOf(country), zone, { fromMs: at(fromIso), lastDateIso });
  return instant === null ? null : new Date(instant).toISOString();
};

// Each row: an instant, and whether the country's rules allow a contact then, in the debtor's own zone.
const windowEdges: ReadonlyArray<readonly [string, string, string, boolean, string]> = [
  // US, every day 08:00–21:00 local (New York: UTC−5 in winter, UTC−4 in summer).
  ['US', 'America/New_York', '2026-12-03T12:59:00Z', false, 'Thursday 07:59'],
  ['US', 'America/New_York', '2026-12-03T13:00:00Z', true, 'Thursday 08:00'],
  ['US', 'America/New_York', '2026-12-04T01:59:00Z', true, 'Thursday 20:59'],
  ['US', 'America/New_York', '2026-12-04T02:00:00Z', false, 'Thursday 21:00'],
  ['US', 'America/New_York', '2026-12-25T15:00:00Z', true, 'Christmas: US holidays do not stop contact'],
  ['US', 'America/Los_Angeles', '2026-12-03T15:30:00Z', false, '07:30 in Los Angeles while 10:30 in New York'],
  ['US', 'America/New_York', '2026-03-08T12:00:00Z', true, 'spring-forward Sunday 08:00 EDT'],
  ['US', 'America/New_York', '2026-03-08T11:59:00Z', false, 'spring-forward Sunday 07:59 EDT'],
  ['US', 'America/New_York', '2026-11-01T13:00:00Z', true, 'fall-back Sunday 08:00 EST'],
  ['US', 'America/New_York', '2026-11-01T12:59:00Z', false, 'fall-back Sunday 07:59 EST'],
  // Chile, Monday–Saturday 08:00–20:00, no holidays (Santiago: UTC−3 in summer, UTC−4 in winter).
  ['CL', 'America/Santiago', '2026-12-03T11:00:00Z', true, 'Thursday 08:00 (summer time)'],
  ['CL', 'America/Santiago', '2026-12-03T10:59:00Z', false, 'Thursday 07:59'],
  ['CL', 'America/Santiago', '2026-12-03T22:59:00Z', true, 'Thursday 19:59'],
  ['CL', 'America/Santiago', '2026-12-03T23:00:00Z', false, 'Thursday 20:00'],
  ['CL', 'America/Santiago', '2026-12-05T15:00:00Z', true, 'Saturday 12:00'],
  ['CL', 'America/Santiago', '2026-12-06T15:00:00Z', false, 'Sunday 12:00'],
  ['CL', 'America/Santiago', '2026-12-08T15:00:00Z', false, 'Tuesday 8 December, a public holiday'],
  ['CL', 'America/Santiago', '2026-07-01T12:00:00Z', true, 'Wednesday 08:00 in winter (UTC−4)'],
  ['CL', 'America/Santiago', '2026-07-01T11:00:00Z', false, 'Wednesday 07:00 in winter'],
  // Peru, Monday–Friday 07:00–20:00, no holidays (UTC−5).
  ['PE', 'America/Lima', '2026-12-03T12:00:00Z', true, 'Thursday 07:00'],
  ['PE', 'America/Lima', '2026-12-04T00:59:00Z', true, 'Thursday 19:59'],
  ['PE', 'America/Lima', '2026-12-04T01:00:00Z', false, 'Thursday 20:00'],
  ['PE', 'America/Lima', '2026-12-05T15:00:00Z', false, 'Saturday'],
  ['PE', 'America/Lima', '2026-12-09T15:00:00Z', false, 'Wednesday 9 December, a public holiday'],
  // Mexico, every day 07:00–22:00 (Mexico City: UTC−6 all year).
  ['MX', 'America/Mexico_City', '2026-12-06T13:00:00Z', true, 'Sunday 07:00'],
  ['MX', 'America/Mexico_City', '2026-12-07T03:59:00Z', true, 'Sunday 21:59'],
  ['MX', 'America/Mexico_City', '2026-12-07T04:00:00Z', false, 'Sunday 22:00'],
  ['MX', 'America/Mexico_City', '2026-12-25T16:00:00Z', true, 'Christmas: holidays do not stop contact'],
  // Colombia, Monday–Friday 07:00–19:00, Saturday 08:00–15:00, no Sundays or holidays (UTC−5).
  ['CO', 'America/Bogota', '2026-12-04T12:00:00Z', true, 'Friday 07:00'],
  ['CO', 'America/Bogota', '2026-12-04T23:59:00Z', true, 'Friday 18:59'],
  ['CO', 'America/Bogota', '2026-12-05T00:00:00Z', false, 'Friday 19:00'],
  ['CO', 'America/Bogota', '2026-12-05T12:59:00Z', false, 'Saturday 07:59'],
  ['CO', 'America/Bogota', '2026-12-05T19:59:00Z', true, 'Saturday 14:59'],
  ['CO', 'America/Bogota', '2026-12-05T20:00:00Z', false, 'Saturday 15:00'],
  ['CO', 'America/Bogota', '2026-12-06T15:00:00Z', false, 'Sunday'],
  ['CO', 'America/Bogota', '2026-11-16T15:00:00Z', false, 'Monday 16 November, a public holiday'],
  // El Salvador, Monday–Friday 08:00–18:00, no holidays (UTC−6).
  ['SV', 'America/El_Salvador', '2026-12-03T14:00:00Z', true, 'Thursday 08:00'],
  ['SV', 'America/El_Salvador', '2026-12-03T23:59:00Z', true, 'Thursday 17:59'],
  ['SV', 'America/El_Salvador', '2026-12-04T00:00:00Z', false, 'Thursday 18:00'],
  ['SV', 'America/El_Salvador', '2026-12-05T16:00:00Z', false, 'Saturday'],
  ['SV', 'America/El_Salvador', '2026-09-15T16:00:00Z', false, 'Tuesday 15 September, Independence Day'],
];

describe('the country profiles, at the edges of their windows', () => {
  it.each(windowEdges)('%s (%s) %s: %s — %s', (country, zone, instant, allowed) => {
    expect(isContactTime(rulesOf(country), zone, at(instant))).toBe(allowed);
  });
});

describe('the next moment a contact may go out', () => {
  it('is the moment itself when it is allowed, else the start of the next allowed window', () => {
    expect(next('US', 'America/New_York', '2026-12-03T15:00:00Z')).toBe('2026-12-03T15:00:00.000Z');
    expect(next('US', 'America/New_York', '2026-12-04T02:30:00Z')).toBe('2026-12-04T13:00:00.000Z');
    expect(next('CO', 'America/Bogota', '2026-12-05T20:00:00Z')).toBe('2026-12-07T12:00:00.000Z');
  });

  it('on a later day aims for the preferred time when the day’s hours include it, else their start', () => {
    const colombia = rulesOf('CO');
    const search = (preferredMinute: number) =>
      new Date(
        nextContactTime(colombia, 'America/Bogota', { fromMs: at('2026-12-04T23:59:30Z'), lastDateIso: '2026-12-31', preferredMinute }) ??
          0,
      ).toISOString();
    // Friday 18:59:30 rounds up to 19:00, closed: Saturday at 10:00 (inside 08–15), or 08:00 when 16:00 was preferred.
    expect(search(600)).toBe('2026-12-05T15:00:00.000Z');
    expect(search(960)).toBe('2026-12-05T13:00:00.000Z');
  });

  it('rounds up to the next whole minute, never earlier than asked', () => {
    expect(next('US', 'America/New_York', '2026-12-03T15:00:30Z')).toBe('2026-12-03T15:01:00.000Z');
  });

  it('follows daylight saving: 08:00 local is a different UTC hour on either side of the change', () => {
    expect(next('US', 'America/New_York', '2026-03-07T03:00:00Z')).toBe('2026-03-07T13:00:00.000Z');
    expect(next('US', 'America/New_York', '2026-03-08T03:00:00Z')).toBe('2026-03-08T12:00:00.000Z');
    expect(next('US', 'America/New_York', '2026-10-31T03:00:00Z')).toBe('2026-10-31T12:00:00.000Z');
    expect(next('US', 'America/New_York', '2026-11-01T03:00:00Z')).toBe('2026-11-01T13:00:00.000Z');
    // Chile leaves summer time on Sunday 5 April 2026 and starts it again on Sunday 6 September.
    expect(next('CL', 'America/Santiago', '2026-04-04T02:00:00Z')).toBe('2026-04-04T11:00:00.000Z');
    expect(next('CL', 'America/Santiago', '2026-04-05T02:00:00Z')).toBe('2026-04-06T12:00:00.000Z');
    expect(next('CL', 'America/Santiago', '2026-09-05T03:00:00Z')).toBe('2026-09-05T12:00:00.000Z');
    expect(next('CL', 'America/Santiago', '2026-09-06T03:00:00Z')).toBe('2026-09-07T11:00:00.000Z');
  });

  it('skips holidays and the days without hours: Chile on Good Friday goes to Saturday, Fiestas Patrias to Monday', () => {
    expect(next('CL', 'America/Santiago', '2026-04-03T12:00:00Z')).toBe('2026-04-04T11:00:00.000Z');
    expect(next('CL', 'America/Santiago', '2026-09-18T12:00:00Z')).toBe('2026-09-21T11:00:00.000Z');
    expect(next('PE', 'America/Lima', '2026-12-08T12:00:00Z')).toBe('2026-12-10T12:00:00.000Z');
  });

  it('is null when no allowed moment comes before the last useful date', () => {
    expect(next('CO', 'America/Bogota', '2026-12-05T20:00:00Z', '2026-12-06')).toBeNull();
    expect(next('CL', 'America/Santiago', '2026-12-05T23:30:00Z', '2026-12-06')).toBeNull();
  });
});
