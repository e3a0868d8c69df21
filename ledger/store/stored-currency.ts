import { LedgerError } from '../errors.js';
import { isCurrencyCode, type CurrencyCode } from '../money/index.js';

/** Reads a stored ISO 4217 currency column as a supported currency code, or fails loudly. */
export function toCurrencyCode(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) throw new LedgerError('unknown_currency', `stored currency ${code} is not supported`);
  return code;
}
