import { describe, expect, it } from 'vitest';
import { allocateEvenly, formatMoney, makeMoney, minorToMajorString, MoneyError, parseMajorToMinor, percentOfMinor } from './index.js';

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
    for (const [minor, currency] of [[1_153_880, 'PEN'], [5, 'USD'], [3_423_473, 'CLP'], [-250, 'MXN']] as const) {
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

describe('percentOfMinor', () => {
  it('rounds down or up exactly, with decimal percentages', () => {
    expect(percentOfMinor(1001, 10, 'down')).toBe(100);
    expect(percentOfMinor(1001, 10, 'up')).toBe(101);
    expect(percentOfMinor(1000, 12.5, 'down')).toBe(125);
    expect(percentOfMinor(9_007_199_254_740_991, 30, 'down')).toBe(2_702_159_776_422_297);
  });
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
