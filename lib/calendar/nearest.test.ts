import { describe, expect, it } from 'vitest';
import { nextDayOfMonth, nextMonthDay, nextWeekday, previousDayOfMonth, previousMonthDay, previousWeekday } from './nearest.js';

describe('nearest days', () => {
  it('finds the next and previous weekday, strictly after or before', () => {
    expect(nextWeekday('2026-11-23', 5)).toBe('2026-11-27');
    expect(nextWeekday('2026-11-23', 1)).toBe('2026-11-30');
    expect(previousWeekday('2026-11-23', 5)).toBe('2026-11-20');
    expect(previousWeekday('2026-11-23', 1)).toBe('2026-11-16');
  });

  it('finds a day of the month on or after / on or before, skipping months too short', () => {
    expect(nextDayOfMonth('2026-11-23', 23)).toBe('2026-11-23');
    expect(nextDayOfMonth('2027-01-31', 30)).toBe('2027-03-30');
    expect(previousDayOfMonth('2026-03-15', 31)).toBe('2026-01-31');
    expect(nextDayOfMonth('2026-11-23', 32)).toBeNull();
  });

  it('finds a month and day this year or the nearest year that has it', () => {
    expect(nextMonthDay('2026-11-23', 1, 5)).toBe('2027-01-05');
    expect(nextMonthDay('2026-11-23', 2, 29)).toBe('2028-02-29');
    expect(previousMonthDay('2026-11-23', 12, 25)).toBe('2025-12-25');
    expect(previousMonthDay('2026-11-23', 2, 30)).toBeNull();
  });
});
