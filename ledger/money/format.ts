import { exponentOf } from './currencies.js';
import { minorToMajorString, type Money } from './money.js';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats money for people, locale-aware ("$1.234.567" for CLP in es-CL, "S/ 1,234.50" in es-PE,
 * "$1,631.63" in en-US). The number reaches Intl as an exact decimal string, never a float.
 */
export function formatMoney(money: Money, locale: string): string {
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = exponentOf(money.currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  // Intl.NumberFormat accepts decimal strings exactly (ES2023); TypeScript's lib types lag behind.
  return formatter.format(minorToMajorString(money.amountMinor, money.currency) as unknown as number);
}
