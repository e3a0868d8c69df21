import * as chrono from 'chrono-node';
import type { Language } from '../locale.js';
import { blankRanges } from '../text/fold.js';
import { formatIsoDate, isValidDay } from './calendar.js';
import { DATE_RULES } from './date-rules.js';
import type { Found } from './found.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';

/** The chosen day; `weak` when it was only "hoy", "today", "ahora"… */
export interface FoundDate extends Found<string> {
  readonly weak: boolean;
}

/** Where date words were found (past ones included, so their numbers are not read as money) and the chosen future day. */
export interface DateExtraction {
  readonly date: FoundDate | null;
  readonly claimed: readonly Span[];
}

interface Hit {
  readonly span: Span;
  readonly iso: string | null;
  /** "hoy" / "ahora" yield to any other day named in the same message ("hoy no, el viernes"). */
  readonly weak: boolean;
}

/**
 * Finds the day a message refers to, resolved forward from `today` (ISO): our rules first (weekdays, "el 15", "fin de mes",
 * "la próxima quincena", "pasado mañana", "on the 5th", "3/12" day-first in Spanish and month-first in English),
 * then chrono-node for whatever they leave. Past references ("ayer", "last week") are claimed but yield no date.
 */
export function extractDate(folded: string, original: string, language: Language, today: string): DateExtraction {
  const hits: Hit[] = [];
  for (const rule of DATE_RULES) {
    for (const match of folded.matchAll(rule.pattern)) {
      const span: Span = [match.index, match.index + match[0].length];
      if (overlapsAny(span, hits.map((hit) => hit.span))) continue;
      const resolved = rule.resolve(match, today, language);
      hits.push({ span, iso: resolved !== null && resolved >= today ? resolved : null, weak: rule.weak === true });
    }
  }
  hits.push(...chronoHits(blankRanges(original, hits.map((hit) => hit.span)), language, today));
  const resolved = hits.filter((hit) => hit.iso !== null).sort((a, b) => Number(a.weak) - Number(b.weak) || a.span[0] - b.span[0]);
  const best = resolved[0];
  return {
    date: best === undefined || best.iso === null ? null : { value: best.iso, span: best.span, weak: best.weak },
    claimed: hits.map((hit) => hit.span),
  };
}

/**
 * chrono-node, forward-dated, keeping only results that name a day (not a bare time); "ahora"/"now" are weak. `today` is already the debtor's
 * local date, so chrono reckons on that calendar day at noon UTC and no clock or zone leaks in.
 */
function chronoHits(text: string, language: Language, today: string): Hit[] {
  const parser = language === 'es' ? chrono.es : chrono.en;
  const reference = { instant: new Date(`${today}T12:00:00Z`), timezone: 0 };
  return parser.parse(text, reference, { forwardDate: true }).flatMap((result): Hit[] => {
    const { start } = result;
    if (!start.isCertain('day') && !start.isCertain('weekday')) return [];
    const day = { year: start.get('year') ?? 0, month: start.get('month') ?? 0, day: start.get('day') ?? 0 };
    const iso = isValidDay(day) ? formatIsoDate(day) : null;
    const weak = iso === today && !/\d/.test(result.text);
    return [{ span: [result.index, result.index + result.text.length], iso: iso !== null && iso >= today ? iso : null, weak }];
  });
}
