import { parseLocale } from '../locale.js';
import type { DateDirection, Entities } from '../types.js';
import { fold } from '../text/fold.js';
import { extractAmount } from './amount.js';
import { extractCount } from './count.js';
import { extractDate } from './date.js';
import type { FoundDate } from './date.js';
import { findNumbers } from './numbers.js';
import type { Span } from './span.js';

/** Which entity a span of the message holds. */
export type EntityKind = 'amount' | 'date' | 'count';

/** Entities with the spans they were read from, so the intent classifier can see "a date" instead of "el viernes". */
export interface EntityExtraction {
  readonly entities: Entities;
  /** Spans of the chosen amount, date (unless it is only "hoy"/"today") and count. */
  readonly found: readonly { readonly kind: EntityKind; readonly span: Span }[];
}

/** Words that open a date phrase but carry intent ("dame hasta el viernes"), left out of the date's span. */
const INTENT_WORD_BEFORE_DATE = /^(?:hasta|para|antes\s+del?|until|till|by|before)\s+/;

/**
 * Extracts amount, date and count from a message. Dates claim their text first and counts next, so
 * "el 15" and "6 cuotas" are never read as money; `today` is ISO `YYYY-MM-DD` in the debtor's zone. Relative and
 * partial dates resolve forward from `today` unless `direction` is `'past'` ("el viernes" = the last Friday, "ayer").
 */
export function extractEntities(text: string, locale: string, today: string, direction: DateDirection = 'future'): EntityExtraction {
  return extractBothWays(text, locale, today)[direction];
}

/** {@link extractEntities} in both date directions at once; amount and count are the same in both. */
export function extractBothWays(text: string, locale: string, today: string): Readonly<Record<DateDirection, EntityExtraction>> {
  const { language, region } = parseLocale(locale);
  const folded = fold(text);
  const dates = extractDate(folded, text, language, today);
  const mentions = findNumbers(folded, language);
  const count = extractCount(folded, mentions, dates.claimed);
  const amount = extractAmount(folded, mentions, [...dates.claimed, ...(count === null ? [] : [count.span])], language, region);
  const found: { kind: EntityKind; span: Span }[] = [];
  if (amount !== null) found.push({ kind: 'amount', span: amount.span });
  if (count !== null) found.push({ kind: 'count', span: count.span });
  const entities: Entities = {
    ...(amount === null ? {} : { amount: amount.value }),
    ...(count === null ? {} : { count: count.value }),
  };
  const withDate = (date: FoundDate | null): EntityExtraction => ({
    entities: date === null ? entities : { ...entities, date: date.value },
    found: date === null || date.weak ? found : [...found, { kind: 'date', span: dateSpan(folded, date) }],
  });
  return { future: withDate(dates.date.future), past: withDate(dates.date.past) };
}

/** The date's span without a leading intent word ("hasta", "by"). */
function dateSpan(folded: string, date: FoundDate): Span {
  const [start, end] = date.span;
  const lead = INTENT_WORD_BEFORE_DATE.exec(folded.slice(start, end))?.[0].length ?? 0;
  return [start + lead, end];
}
