import { describe, expect, it } from 'vitest';
import { addDecimals, canonicalDecimal, compareDecimals, timesPowerOfTen } from './decimal.js';

describe('canonical decimal strings', () => {
  it.each([
    ['1234.50', '1234.5'],
    ['0050.50', '50.5'],
    ['12.000', '12'],
    ['0.05', '0.05'],
    ['000', '0'],
    ['0.0', '0'],
    ['99999999999999999999.10', '99999999999999999999.1'],
  ])('writes %s as %s', (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it.each(['', '-5', '+5', '1e6', '1E-7', '1,5', '1.234.5', '.5', '5.', ' 5', 'Infinity'])('refuses %j', (text) => {
    expect(canonicalDecimal(text)).toBeNull();
  });
});

describe('exact decimal arithmetic', () => {
  it('adds without floats', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('1', '0.5')).toBe('1.5');
    expect(addDecimals('0.25', '0.75')).toBe('1');
    expect(addDecimals('9007199254740993', '0.5')).toBe('9007199254740993.5');
  });

  it('scales by powers of ten', () => {
    expect(timesPowerOfTen('1.5', 6)).toBe('1500000');
    expect(timesPowerOfTen('1.2345', 3)).toBe('1234.5');
    expect(timesPowerOfTen('0.5', 3)).toBe('500');
    expect(timesPowerOfTen('10', 0)).toBe('10');
    expect(timesPowerOfTen('99999999999999999999', 6)).toBe('99999999999999999999000000');
  });

  it('compares by value', () => {
    expect(compareDecimals('0.5', '0.50')).toBe(0);
    expect(compareDecimals('0.49', '0.5')).toBeLessThan(0);
    expect(compareDecimals('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimals('1000000000000', '999999999999.99')).toBeGreaterThan(0);
  });
});
