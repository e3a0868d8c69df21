import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateInTimeZone, daysBetween, isIsoDate, isTimeZone } from './calendar.js';

describe('calendar', () => {
  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-20', 30)).toBe('2027-01-19');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });

  it.each([
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2027-01-31', 2, '2027-03-31'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-11-30', 15, '2028-02-29'],
    ['2027-03-31', -1, '2027-02-28'],
    ['2027-01-15', -1, '2026-12-15'],
    ['2028-02-29', 0, '2028-02-29'],
  ] as const)('adds months to %s: + %i → %s, clamped to the month end', (start, months, expected) => {
    expect(addMonths(start, months)).toBe(expected);
  });

  it('gives the calendar date in the debtor time zone', () => {
    const instant = new Date('2026-11-24T02:30:00Z');
    expect(dateInTimeZone(instant, 'America/Santiago')).toBe('2026-11-23');
    expect(dateInTimeZone(instant, 'UTC')).toBe('2026-11-24');
  });

  it('recognises IANA time zones', () => {
    expect(isTimeZone('America/El_Salvador')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('GMT-3')).toBe(false);
  });
});
