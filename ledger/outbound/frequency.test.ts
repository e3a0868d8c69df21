import { describe, expect, it } from 'vitest';
import { defaultContactRules, type CountryRules } from './contact-rules.js';
import { frequencyRefusal, weekOf } from './frequency.js';

const rulesOf = (country: string): CountryRules => defaultContactRules.countries.get(country) as CountryRules;
const on = (dateIso: string, channel = 'telegram') => ({ dateIso, channel });

describe('weekly counting', () => {
  it('weeks run Monday to Sunday', () => {
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
    expect(weekOf('2026-12-13')).toBe('2026-12-07');
    expect(weekOf('2026-12-14')).toBe('2026-12-14');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
  });

  it('Chile: at most two a calendar week, two days apart; the count starts again on Monday', () => {
    const chile = rulesOf('CL');
    expect(frequencyRefusal(chile, [on('2026-12-07')], '2026-12-08', 'telegram')).toBe('min_days_apart');
    expect(frequencyRefusal(chile, [on('2026-12-07')], '2026-12-09', 'telegram')).toBeNull();
    expect(frequencyRefusal(chile, [on('2026-12-07'), on('2026-12-09')], '2026-12-12', 'telegram')).toBe('max_per_week');
    expect(frequencyRefusal(chile, [on('2026-12-09'), on('2026-12-12')], '2026-12-14', 'telegram')).toBeNull();
    // Two days apart across the week's edge: Saturday, then Monday.
    expect(frequencyRefusal(chile, [on('2026-12-12')], '2026-12-13', 'telegram')).toBe('min_days_apart');
    expect(frequencyRefusal(chile, [on('2026-12-12')], '2026-12-14', 'telegram')).toBeNull();
    // Any channel counts toward the debtor's limit.
    expect(frequencyRefusal(chile, [on('2026-12-07', 'whatsapp'), on('2026-12-09')], '2026-12-11', 'telegram')).toBe('max_per_week');
  });

  it('Colombia: one a day, and one channel a calendar week', () => {
    const colombia = rulesOf('CO');
    expect(frequencyRefusal(colombia, [on('2026-12-07')], '2026-12-07', 'telegram')).toBe('max_per_day');
    expect(frequencyRefusal(colombia, [on('2026-12-07')], '2026-12-08', 'telegram')).toBeNull();
    expect(frequencyRefusal(colombia, [on('2026-12-07')], '2026-12-08', 'whatsapp')).toBe('one_channel_per_week');
    expect(frequencyRefusal(colombia, [on('2026-12-07')], '2026-12-14', 'whatsapp')).toBeNull();
  });

  it('the US, Peru, Mexico and El Salvador set no frequency limit', () => {
    for (const country of ['US', 'PE', 'MX', 'SV'])
      expect(
        frequencyRefusal(rulesOf(country), [on('2026-12-07'), on('2026-12-07'), on('2026-12-08')], '2026-12-08', 'whatsapp'),
      ).toBeNull();
  });
});
