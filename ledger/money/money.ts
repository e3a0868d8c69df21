import { LedgerError } from '../errors.js';
import { exponentOf, isCurrencyCode, type CurrencyCode } from './currencies.js';

/** An exact amount: an integer count of minor units of a currency (CLP pesos, USD cents, …). */
export interface Money {
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

/** Raised when a money value or string cannot be represented exactly. */
export class MoneyError extends LedgerError {
  constructor(message: string) {
    super('invalid_money', message);
  }
}

/** Builds a Money, checking the amount is a safe integer and the currency known. */
export function makeMoney(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new MoneyError(`amount must be a safe integer of minor units, got ${amountMinor}`);
  if (!isCurrencyCode(currency)) throw new MoneyError(`unknown currency ${JSON.stringify(currency)}`);
  return { amountMinor, currency };
}

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string in major units ("11538.80", "3423473") into minor units, exactly.
 * Rejects more decimals than the currency has, thousands separators, exponents and blanks.
 */
export function parseMajorToMinor(text: string, currency: CurrencyCode): number {
  const match = decimalPattern.exec(text.trim());
  if (!match) throw new MoneyError(`${JSON.stringify(text)} is not a decimal number like 1234.50`);
  const [, sign, whole = '', fraction = ''] = match;
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) {
    throw new MoneyError(
      exponent === 0
        ? `${currency} has no decimals, got ${JSON.stringify(text)}`
        : `${currency} has at most ${exponent} decimals, got ${JSON.stringify(text)}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyError(`${JSON.stringify(text)} is too large`);
  const value = Number(minor);
  return sign && value !== 0 ? -value : value;
}

/** Renders minor units as a plain decimal string in major units ("1153880" PEN → "11538.80"); sums may be bigints. */
export function minorToMajorString(amountMinor: number | bigint, currency: CurrencyCode): string {
  const exponent = exponentOf(currency);
  const minor = BigInt(amountMinor);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  const units = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const sign = minor < 0n ? '-' : '';
  return exponent === 0 ? `${sign}${units}` : `${sign}${units}.${fraction}`;
}

/**
 * Splits `totalMinor` into `parts` integer amounts that sum exactly to it; the remainder of the
 * integer division goes to the first part (DESIGN §3).
 */
export function allocateEvenly(totalMinor: number, parts: number): number[] {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) throw new MoneyError(`cannot split ${totalMinor}`);
  if (!Number.isSafeInteger(parts) || parts < 1) throw new MoneyError(`cannot split into ${parts} parts`);
  const base = Math.floor(totalMinor / parts);
  const remainder = totalMinor - base * parts;
  return Array.from({ length: parts }, (_, index) => (index === 0 ? base + remainder : base));
}
