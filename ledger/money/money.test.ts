import { describe, expect, it } from 'vitest';
import {
  allocateEvenly,
  basisPointsToPercent,
  formatMoney,
  makeMoney,
  minorToMajorString,
  MoneyError,
  parseMajorToMinor,
  percentToBasisPoints,
  shareOfMinor,
  type ShareLimit,
} from './index.js';

describe('parseMajorToMinor', () => {
  it.each([
    ['11538.80', 'PEN', 1_153_880],
    ['11538.8', 'PEN', 1_153_880],
    ['3423473', 'CLP', 3_423_473],
    ['0', 'USD', 0],
    ['0.01', 'USD', 1],
    ['46688.58', 'MXN', 4_668_858],
    ['20000', 'COP', 20_000],
    ['90071992547409.91', 'USD', 9_007_199_254_740_991],
  ] as const)('parses %s %s exactly as %i minor units', (text, currency, expected) => {
    expect(parseMajorToMinor(text, currency)).toBe(expected);
  });

  it.each([
    ['1.5', 'CLP', 'no decimals'],
    ['10.001', 'USD', 'at most 2 decimals'],
    ['1,234.00', 'USD', 'not a decimal'],
    ['1e3', 'USD', 'not a decimal'],
    ['', 'USD', 'not a decimal'],
    ['abc', 'PEN', 'not a decimal'],
    ['90071992547409.92', 'USD', 'too large'],
  ] as const)('refuses %j in %s (%s)', (text, currency, message) => {
    expect(() => parseMajorToMinor(text, currency)).toThrow(MoneyError);
    expect(() => parseMajorToMinor(text, currency)).toThrow(message);
  });

  it('round-trips through minorToMajorString', () => {
    for (const [minor, currency] of [
      [1_153_880, 'PEN'],
      [5, 'USD'],
      [3_423_473, 'CLP'],
      [-250, 'MXN'],
    ] as const) {
      expect(parseMajorToMinor(minorToMajorString(minor, currency), currency)).toBe(minor);
    }
    expect(minorToMajorString(5, 'USD')).toBe('0.05');
  });
});

describe('allocateEvenly', () => {
  it('puts the remainder of the division on the first part', () => {
    expect(allocateEvenly(100, 3)).toEqual([34, 33, 33]);
    expect(allocateEvenly(1, 1)).toEqual([1]);
    expect(allocateEvenly(11, 12)).toEqual([11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('always sums exactly to the total (property over seeded random inputs)', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let trial = 0; trial < 2000; trial += 1) {
      const total = next() * 4096 + (next() % 4096);
      const parts = 1 + (next() % 36);
      const split = allocateEvenly(total, parts);
      expect(split).toHaveLength(parts);
      expect(split.reduce((sum, part) => sum + part, 0)).toBe(total);
      expect(Math.max(...split) - Math.min(...split)).toBeLessThan(parts);
    }
  });

  it('refuses impossible splits', () => {
    expect(() => allocateEvenly(10, 0)).toThrow(MoneyError);
    expect(() => allocateEvenly(-1, 2)).toThrow(MoneyError);
    expect(() => allocateEvenly(1.5, 2)).toThrow(MoneyError);
  });
});

describe('shareOfMinor: a share rounds inside the policy limit (a max down, a min up)', () => {
  it.each<readonly [string, number, number, ShareLimit, number]>([
    ['x.5 units, as a maximum', 5, 1_000, 'max', 0],
    ['x.5 units, as a minimum', 5, 1_000, 'min', 1],
    ['x.5 units (12.5 % of 1 004 = 125.5), as a maximum', 1_004, 1_250, 'max', 125],
    ['x.5 units (12.5 % of 1 004 = 125.5), as a minimum', 1_004, 1_250, 'min', 126],
    ['just above a unit, as a maximum', 1_001, 1_000, 'max', 100],
    ['just above a unit, as a minimum', 1_001, 1_000, 'min', 101],
    ['just below a unit, as a maximum', 999, 1_000, 'max', 99],
    ['just below a unit, as a minimum', 999, 1_000, 'min', 100],
    ['an exact share, either way (max)', 1_000_000, 3_000, 'max', 300_000],
    ['an exact share, either way (min)', 1_000_000, 3_000, 'min', 300_000],
    ['0 % of anything (max)', 3_423_473, 0, 'max', 0],
    ['0 % of anything (min)', 3_423_473, 0, 'min', 0],
    ['100 % of anything (max)', 3_423_473, 10_000, 'max', 3_423_473],
    ['100 % of anything (min)', 3_423_473, 10_000, 'min', 3_423_473],
    ['CLP (no decimals): 30 % of $3.423.473 = 1 027 041.9 pesos, as a maximum', 3_423_473, 3_000, 'max', 1_027_041],
    ['CLP (no decimals): 10 % of $22.223 = 2 222.3 pesos, as a minimum', 22_223, 1_000, 'min', 2_223],
    ['COP (no decimals): 0.01 % of $1 as a minimum is a whole peso', 1, 1, 'min', 1],
    ['0.01 % of 1 cent as a maximum is nothing', 1, 1, 'max', 0],
    ['nothing of nothing', 0, 10_000, 'min', 0],
    ['the largest safe amount, 30 %, as a maximum', 9_007_199_254_740_991, 3_000, 'max', 2_702_159_776_422_297],
    ['the largest safe amount, 30 %, as a minimum', 9_007_199_254_740_991, 3_000, 'min', 2_702_159_776_422_298],
  ])('%s', (_label, amountMinor, basisPoints, limit, expected) => {
    expect(shareOfMinor(amountMinor, basisPoints, limit)).toBe(expected);
  });

  it.each([
    [-1, 1_000],
    [1.5, 1_000],
    [Number.NaN, 1_000],
    [Number.MAX_SAFE_INTEGER + 1, 1_000],
    [100, -1],
    [100, 10_001],
    [100, 12.5],
    [100, Number.POSITIVE_INFINITY],
  ])('refuses %f minor units at %f basis points', (amountMinor, basisPoints) => {
    expect(() => shareOfMinor(amountMinor, basisPoints, 'max')).toThrow(MoneyError);
  });
});

describe('percentToBasisPoints', () => {
  it.each([
    [0, 0],
    [100, 10_000],
    [12.5, 1_250],
    [0.29, 29],
    [1.13, 113],
    [0.01, 1],
    [150, 15_000],
  ])('reads %f %% exactly as %i basis points', (percent, expected) => {
    expect(percentToBasisPoints(percent)).toBe(expected);
    expect(basisPointsToPercent(expected)).toBe(percent);
  });

  it.each([12.345, 0.001, 0.1 + 0.2, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e-7])(
    'refuses %f (not a percentage with at most two decimals)',
    (percent) => {
      expect(percentToBasisPoints(percent)).toBeNull();
    },
  );
});

describe('makeMoney and formatMoney', () => {
  it('refuses unsafe amounts and unknown currencies', () => {
    expect(() => makeMoney(0.5, 'USD')).toThrow(MoneyError);
    expect(() => makeMoney(1, 'XYZ')).toThrow('unknown currency');
  });

  it.each([
    [3_423_473, 'CLP', 'es-CL', '$3.423.473'],
    [123_450, 'PEN', 'es-PE', 'S/ 1,234.50'],
    [163_163, 'USD', 'en-US', '$1,631.63'],
    [1_234_567, 'COP', 'es-CO', '$ 1.234.567'],
    [4_668_858, 'MXN', 'es-MX', '$46,688.58'],
  ] as const)('formats %i %s in %s as %s', (amountMinor, currency, locale, expected) => {
    expect(formatMoney(makeMoney(amountMinor, currency), locale).replace(/\u00a0/g, ' ')).toBe(expected);
  });
});
