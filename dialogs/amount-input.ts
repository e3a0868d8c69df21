import { exponentOf, parseMajorToMinor, type CurrencyCode } from '../ledger/index.js';
import type { Amount } from '../nlu/types.js';
import { amountToMinor } from './debtor.js';

/**
 * The amount in minor units a reply carries: the NLU's amount entity, or else a bare number
 * ("50000", "50.000", "1,234.50", "1.234,50") read with the currency's decimals; null when none.
 */
export function amountFromReply(text: string, entity: Amount | undefined, currency: CurrencyCode): number | null {
  const fromEntity = amountToMinor(entity, currency);
  if (fromEntity !== null) return fromEntity;
  const match = /\d[\d.,]*/.exec(text);
  if (!match) return null;
  let digits = match[0].replace(/[.,]$/, '');
  if (exponentOf(currency) === 0) digits = digits.replace(/[.,]/g, '');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(digits)) digits = digits.replaceAll(',', '');
  else if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(digits)) digits = digits.replaceAll('.', '').replace(',', '.');
  else digits = digits.replace(',', '.');
  try {
    const minor = parseMajorToMinor(digits, currency);
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}
