import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, weekdayOf } from './arithmetic.js';
import { isIsoDate } from './day.js';
import { endOfMonth, endOfPreviousMonth, startOfNextMonth, startOfPreviousMonth } from './month-ends.js';

describe('calendar arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-20', 30)).toBe('2027-01-19');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });

  it('writes no ISO date past 9999-12-31 and refuses what is not a date', () => {
    expect(isIsoDate(addDays('9999-12-31', 1))).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
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

  it('names the weekday (0 = Sunday) and the month ends around a day', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(startOfNextMonth('2026-12-31')).toBe('2027-01-01');
    expect(endOfPreviousMonth('2026-03-01')).toBe('2026-02-28');
    expect(startOfPreviousMonth('2026-01-15')).toBe('2025-12-01');
  });
});
