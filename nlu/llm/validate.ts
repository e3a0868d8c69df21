import { parseIsoDate } from '../../lib/calendar.js';
import { MAX_COUNT } from '../entities/count.js';
import { isOnSide } from '../date-direction.js';
import { canonicalDecimal, compareDecimals } from '../decimal.js';
import type { DateDirection, Entities } from '../types.js';
import type { LlmAnswer } from './schema.js';

/** The limit an amount proposed by the LLM must stay below, in major units as a decimal string; anything from it up is noise. */
const AMOUNT_LIMIT = '1000000000000';

/** The entities of an LLM answer that passed the checks, and the names of those that did not. */
export interface ValidatedEntities {
  readonly entities: Entities;
  readonly rejected: readonly ('amount' | 'date' | 'count')[];
}

/**
 * Keeps only plausible entities proposed by the LLM: an amount that is a positive plain decimal string below 10^12 ("1234.50",
 * kept in canonical form "1234.5"; no sign, exponent, comma or grouping, never read through a float) with an ISO-looking currency or null,
 * a real ISO date on the `direction` side of `today` (not before it going forward, not after it going back), an integer
 * count in 1..120.
 */
export function validateLlmEntities(answer: LlmAnswer, today: string, direction: DateDirection): ValidatedEntities {
  const entities: { amount?: Entities['amount']; date?: string; count?: number } = {};
  const rejected: ('amount' | 'date' | 'count')[] = [];
  const { amount, date, count } = answer;
  if (amount !== null) {
    const value = canonicalDecimal(amount.value);
    const valid =
      value !== null &&
      compareDecimals(value, '0') > 0 &&
      compareDecimals(value, AMOUNT_LIMIT) < 0 &&
      (amount.currency === null || /^[A-Z]{3}$/.test(amount.currency));
    if (valid) entities.amount = { value, currency: amount.currency };
    else rejected.push('amount');
  }
  if (date !== null) {
    if (parseIsoDate(date) !== null && isOnSide(date, today, direction)) entities.date = date;
    else rejected.push('date');
  }
  if (count !== null) {
    if (Number.isInteger(count) && count >= 1 && count <= MAX_COUNT) entities.count = count;
    else rejected.push('count');
  }
  return { entities, rejected };
}
