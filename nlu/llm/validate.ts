import { parseIsoDate } from '../entities/calendar.js';
import { MAX_COUNT } from '../entities/count.js';
import { isOnSide } from '../date-direction.js';
import type { DateDirection, Entities } from '../types.js';
import type { LlmAnswer } from './schema.js';

/** Largest amount the NLU accepts from the LLM, in major units; anything above is noise. */
const MAX_AMOUNT = 1_000_000_000_000;

/** The entities of an LLM answer that passed the checks, and the names of those that did not. */
export interface ValidatedEntities {
  readonly entities: Entities;
  readonly rejected: readonly ('amount' | 'date' | 'count')[];
}

/**
 * Keeps only plausible entities proposed by the LLM: a positive finite amount with an ISO-looking currency or null,
 * a real ISO date on the `direction` side of `today` (not before it going forward, not after it going back), an integer
 * count in 1..120.
 */
export function validateLlmEntities(answer: LlmAnswer, today: string, direction: DateDirection): ValidatedEntities {
  const entities: { amount?: Entities['amount']; date?: string; count?: number } = {};
  const rejected: ('amount' | 'date' | 'count')[] = [];
  const { amount, date, count } = answer;
  if (amount !== null) {
    const valid =
      Number.isFinite(amount.value) &&
      amount.value > 0 &&
      amount.value < MAX_AMOUNT &&
      (amount.currency === null || /^[A-Z]{3}$/.test(amount.currency));
    if (valid) entities.amount = { value: amount.value, currency: amount.currency };
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
