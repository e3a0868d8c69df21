import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../money/index.js';
import { defaultPolicy, installmentDueDates, offerPlan, scheduleInstallments, type InstallmentFrequency, type Policy } from './index.js';

describe('installment due dates', () => {
  it.each([
    ['31 Jan anchor in a leap year (2028)', '2028-01-31', 4, 'monthly', ['2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31']],
    ['31 Jan anchor in a non-leap year (2027)', '2027-01-31', 4, 'monthly', ['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']],
    ['30th anchor in a non-leap year', '2027-01-30', 3, 'monthly', ['2027-02-28', '2027-03-30', '2027-04-30']],
    ['30th anchor in a leap year', '2028-01-30', 3, 'monthly', ['2028-02-29', '2028-03-30', '2028-04-30']],
    [
      '29 Feb anchor, into the next non-leap February',
      '2028-02-29',
      12,
      'monthly',
      [
        '2028-03-29',
        '2028-04-29',
        '2028-05-29',
        '2028-06-29',
        '2028-07-29',
        '2028-08-29',
        '2028-09-29',
        '2028-10-29',
        '2028-11-29',
        '2028-12-29',
        '2029-01-29',
        '2029-02-28',
      ],
    ],
    ['monthly across the year end', '2026-11-23', 3, 'monthly', ['2026-12-23', '2027-01-23', '2027-02-23']],
    ['monthly from 31 Dec across the year end', '2026-12-31', 3, 'monthly', ['2027-01-31', '2027-02-28', '2027-03-31']],
    ['biweekly across the year end', '2026-12-24', 3, 'biweekly', ['2027-01-07', '2027-01-21', '2027-02-04']],
    ['weekly across the year end', '2026-12-28', 3, 'weekly', ['2027-01-04', '2027-01-11', '2027-01-18']],
    ['every 30 days (the old intervalDays schedule)', '2026-01-01', 3, 30, ['2026-01-31', '2026-03-02', '2026-04-01']],
    ['every 10 days across leap day', '2028-02-20', 2, 10, ['2028-03-01', '2028-03-11']],
    ['every day', '2026-12-30', 3, 1, ['2026-12-31', '2027-01-01', '2027-01-02']],
    ['no installments', '2026-11-23', 0, 'monthly', []],
  ] as const)('%s', (_label, startIso, count, frequency, expected) => {
    expect(installmentDueDates(startIso, count, frequency)).toEqual(expected);
  });

  it.each([
    ['a frequency of zero days', '2026-01-01', 3, 0],
    ['a fractional frequency', '2026-01-01', 3, 1.5],
    ['a negative count', '2026-01-01', -1, 'monthly'],
    ['a fractional count', '2026-01-01', 1.5, 'weekly'],
    ['a date that does not exist', '2026-02-30', 1, 'monthly'],
  ] as const)('refuses %s', (_label, startIso, count, frequency) => {
    expect(() => installmentDueDates(startIso, count, frequency)).toThrow(RangeError);
  });
});

describe('plans at every frequency', () => {
  const frequencies: InstallmentFrequency[] = ['monthly', 'biweekly', 'weekly', 1, 10, 30, 366];
  const withFrequency = (frequency: InstallmentFrequency): Policy => ({
    ...defaultPolicy,
    installments: { ...defaultPolicy.installments, frequency },
  });
  const balances: ReadonlyArray<readonly [CurrencyCode, number]> = [
    ['CLP', 1_000_003],
    ['USD', 163_163],
    ['PEN', 99_999],
    ['MXN', 4_668_858],
  ];

  it.each(frequencies)('keeps sums exact, the remainder first and dates rising, at frequency %s', (frequency) => {
    const policy = withFrequency(frequency);
    for (const [currency, balanceMinor] of balances) {
      for (let count = 2; count <= 12; count += 1) {
        const result = offerPlan({ balanceMinor, currency, status: 'active', dueDateIso: '2026-01-01' }, policy, '2028-01-31', { count });
        if (!result.ok) throw new Error(result.refusal.code);
        const { offer } = result;
        const amounts = offer.installments.map((item) => item.amountMinor);
        expect(offer.downPaymentMinor + amounts.reduce((sum, amount) => sum + amount, 0)).toBe(balanceMinor);
        expect(amounts.slice(1).every((amount) => amount === amounts[1])).toBe(true);
        expect(amounts[0]! - amounts[amounts.length - 1]!).toBeLessThan(offer.installmentCount);
        const dates = offer.installments.map((item) => item.dueDateIso);
        expect(dates).toEqual(installmentDueDates('2028-01-31', offer.installmentCount, frequency));
        expect(dates.every((date, index) => date > (dates[index - 1] ?? '2028-01-31'))).toBe(true);
      }
    }
  });

  it.each(frequencies)('splits any financed amount exactly at frequency %s', (frequency) => {
    for (const [financed, count] of [
      [0, 3],
      [1, 3],
      [1_000_000, 7],
      [2 ** 40 + 5, 12],
      [99, 100],
    ] as const) {
      const scheduled = scheduleInstallments(financed, count, '2026-12-31', frequency);
      if (!scheduled.ok) throw new Error(scheduled.refusal.code);
      const { installments } = scheduled;
      expect(installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(financed);
      expect(installments.map((item) => item.sequence)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    }
  });
});
