import { describe, expect, it } from 'vitest';
import { dateInTimeZone, isTimeZone } from './time-zone.js';

describe('time zones', () => {
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
