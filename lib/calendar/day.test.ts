import { describe, expect, it } from 'vitest';
import { addDays } from './arithmetic.js';
import { isIsoDate, isoDateOf, parseIsoDate } from './day.js';

describe('calendar days', () => {
  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(parseIsoDate('2026-11-23')).toEqual({ year: 2026, month: 11, day: 23 });
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    expect(isIsoDate('0004-02-29')).toBe(true);
    expect(isIsoDate('0003-02-29')).toBe(false);
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('writes a day only when it exists', () => {
    expect(isoDateOf({ year: 1972, month: 6, day: 7 })).toBe('1972-06-07');
    expect(isoDateOf({ year: 2026, month: 2, day: 30 })).toBeNull();
    expect(isoDateOf({ year: 2026, month: 0, day: 1 })).toBeNull();
  });
});
