import { exponentOf, type CurrencyCode } from '../ledger/index.js';
import type { Amount } from '../nlu/types.js';
import type { Catalog } from './messages/index.js';

/** Why an amount the debtor gave is not taken: more decimals than the currency has, more minor units than a safe integer, or no positive plain decimal. */
export type AmountProblem = 'too_precise' | 'too_large' | 'not_an_amount';

/** An amount read as integer minor units of the account's currency, or the problem that keeps it from being taken. */
export type AmountReading = { readonly ok: true; readonly amountMinor: number } | { readonly ok: false; readonly problem: AmountProblem };

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts a decimal string in major units ("10.50", "1234.5", "1250000") into integer minor units of `currency` by exact
 * string arithmetic with the currency's exponent: "10.50" USD → 1050, "1250000" CLP → 1250000. Never rounds: more decimals
 * than the currency has is `too_precise` (1234.5 CLP, 10.005 USD; trailing zeros are not decimals, "1234.00" CLP is 1234),
 * above Number.MAX_SAFE_INTEGER minor units is `too_large`, and zero or anything but digits with one optional "." (a sign,
 * an exponent, grouping) is `not_an_amount`.
 */
export function decimalToMinor(decimal: string, currency: CurrencyCode): AmountReading {
  const match = PLAIN_DECIMAL.exec(decimal);
  if (!match) return { ok: false, problem: 'not_an_amount' };
  const [, whole = '', written = ''] = match;
  const fraction = written.replace(/0+$/, '');
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) return { ok: false, problem: 'too_precise' };
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor === 0n) return { ok: false, problem: 'not_an_amount' };
  if (minor > MAX_MINOR) return { ok: false, problem: 'too_large' };
  return { ok: true, amountMinor: Number(minor) };
}

/** The NLU's amount entity (a decimal string in major units) read in `currency` by {@link decimalToMinor}; null when there is none. */
export function amountOfEntity(entity: Amount | undefined, currency: CurrencyCode): AmountReading | null {
  return entity === undefined ? null : decimalToMinor(entity.value, currency);
}

/** A day of the month written as one ("the 15th", "on the 3rd", "el 15", "el día 30", "15/12"): a date, never an amount. */
const DAY_OF_MONTH =
  /\b(?:\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b|(?:on the|the|on|el|del|d[ií]a|el d[ií]a) (?:[12]\d|3[01]|0?[1-9])(?![\d.,/-])\b)/giu;

/**
 * The amount a reply carries: the NLU's amount entity when there is one (its verdict is final), or else the first number
 * written ("50000", "50.000", "1,234.50", "1.234,50", "10,5") that is not a day of the month ("I get paid on the 15th"),
 * with "," or "." read as grouping only in groups of three and otherwise as the decimal point; null when there is none.
 */
export function amountFromReply(text: string, entity: Amount | undefined, currency: CurrencyCode): AmountReading | null {
  const fromEntity = amountOfEntity(entity, currency);
  if (fromEntity !== null) return fromEntity;
  const match = /\d[\d.,]*/.exec(text.replace(DAY_OF_MONTH, ' '));
  if (!match) return null;
  let digits = match[0].replace(/[.,]$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) digits = digits.replaceAll(',', '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(digits)) digits = digits.replaceAll('.', '').replace(',', '.');
  else digits = digits.replace(',', '.');
  return decimalToMinor(digits, currency);
}

/** The polite catalog message that refuses an amount for `problem` (never rounded, never silently dropped). */
export function amountProblemText(problem: AmountProblem, messages: Catalog, currency: CurrencyCode): string {
  switch (problem) {
    case 'too_precise':
      return messages.amountTooPrecise(exponentOf(currency));
    case 'too_large':
      return messages.amountTooLarge;
    case 'not_an_amount':
      return messages.refusal.invalid_amount;
  }
}
