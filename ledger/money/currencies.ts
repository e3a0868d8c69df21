/** ISO 4217 currencies the ledger accepts, with the exponent (decimal places) of their minor unit. */
export const currencyExponents = {
  ARS: 2,
  CLP: 0,
  /** COP is quoted without cents in this product's convention (ISO says 2). */
  COP: 0,
  MXN: 2,
  PEN: 2,
  USD: 2,
} as const;

/** A currency code the ledger knows. */
export type CurrencyCode = keyof typeof currencyExponents;

/** True when `code` is a currency the ledger knows. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(currencyExponents, code);
}

/** Number of decimal places of the currency's minor unit. */
export function exponentOf(currency: CurrencyCode): number {
  return currencyExponents[currency];
}

/** All known currency codes, sorted. */
export const currencyCodes = Object.keys(currencyExponents).sort() as CurrencyCode[];
