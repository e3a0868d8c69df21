import * as chrono from 'chrono-node';
import type { Language } from '../locale.js';
import { isOnSide } from '../date-direction.js';
import { blankRanges } from '../text/fold.js';
import type { DateDirection } from '../types.js';
import { isoDateOf } from '../../lib/calendar.js';
import { DATE_RULES } from './date-rules.js';
import type { Found } from './found.js';
import { matchesOf } from './matches.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';
import { dayOfMonthToward, monthDayToward, weekdayToward } from './toward.js';

/** The chosen day; `weak` when it was only "hoy", "today", "ahora"… */
export interface FoundDate extends Found<string> {
  readonly weak: boolean;
}

/** Where date words were found (in either direction, so their numbers are not read as money) and the day chosen each way. */
export interface DateExtraction {
  readonly date: Readonly<Record<DateDirection, FoundDate | null>>;
  readonly claimed: readonly Span[];
}

interface Hit {
  readonly span: Span;
  readonly iso: Readonly<Record<DateDirection, string | null>>;
  /** "hoy" / "ahora" yield to any other day named in the same message ("hoy no, el viernes"). */
  readonly weak: boolean;
}

const DIRECTIONS: readonly DateDirection[] = ['future', 'past'];

/**
 * Finds the day a message refers to, resolved both forward from `today` (ISO) and back from it: our rules first
 * (weekdays, "el 15", "fin de mes", "la próxima quincena", "pasado mañana", "ayer", "hace 3 días", "on the 5th", "3/12"
 * day-first in Spanish and month-first in English), then chrono-node for whatever they leave. A reference that points
 * only one way ("ayer", "mañana") is claimed but yields no date the other way.
 */
export function extractDate(folded: string, original: string, language: Language, today: string): DateExtraction {
  const hits: Hit[] = [];
  for (const rule of DATE_RULES) {
    for (const match of matchesOf(rule.pattern, folded)) {
      const span: Span = [match.index, match.index + match[0].length];
      if (
        overlapsAny(
          span,
          hits.map((hit) => hit.span),
        )
      )
        continue;
      const iso = (direction: DateDirection): string | null => onSide(rule.resolve(match, today, language, direction), today, direction);
      hits.push({ span, iso: { future: iso('future'), past: iso('past') }, weak: rule.weak === true });
    }
  }
  hits.push(
    ...chronoHits(
      blankRanges(
        original,
        hits.map((hit) => hit.span),
      ),
      language,
      today,
    ),
  );
  const [future, past] = DIRECTIONS.map((direction) => best(hits, direction));
  return { date: { future: future ?? null, past: past ?? null }, claimed: hits.map((hit) => hit.span) };
}

/** A day kept only on the expected side of today (today itself is on both). */
function onSide(iso: string | null, today: string, direction: DateDirection): string | null {
  return iso !== null && isOnSide(iso, today, direction) ? iso : null;
}

/** The first day named in the message in that direction, a weak one ("hoy") only when there is no other. */
function best(hits: readonly Hit[], direction: DateDirection): FoundDate | null {
  const resolved = hits
    .filter((hit) => hit.iso[direction] !== null)
    .sort((a, b) => Number(a.weak) - Number(b.weak) || a.span[0] - b.span[0]);
  const first = resolved[0];
  const iso = first?.iso[direction];
  return first === undefined || iso === undefined || iso === null ? null : { value: iso, span: first.span, weak: first.weak };
}

/**
 * chrono-node, keeping only results that name a day (not a bare time); "ahora"/"now" are weak. `today` is already the
 * debtor's local date, so chrono reckons on that calendar day at noon UTC and no clock or zone leaks in. Forward it is
 * forward-dated; back, a day it places after today without a year (a month and day, a day, a weekday) is moved to its
 * previous occurrence.
 */
function chronoHits(text: string, language: Language, today: string): Hit[] {
  const parser = language === 'es' ? chrono.es : chrono.en;
  const reference = { instant: new Date(`${today}T12:00:00Z`), timezone: 0 };
  return parser.parse(text, reference, { forwardDate: true }).flatMap((result): Hit[] => {
    const { start } = result;
    if (!start.isCertain('day') && !start.isCertain('weekday')) return [];
    // chrono's word boundaries are ASCII: "Mar" (martes) inside "María" is no day.
    if (isInsideWord(text, result.index, result.index + result.text.length)) return [];
    const day = { year: start.get('year') ?? 0, month: start.get('month') ?? 0, day: start.get('day') ?? 0 };
    const iso = isoDateOf(day);
    const weak = iso === today && !/\d/.test(result.text);
    const past = iso === null || iso <= today || start.isCertain('year') ? iso : previousOccurrence(start, today);
    return [
      {
        span: [result.index, result.index + result.text.length],
        iso: { future: onSide(iso, today, 'future'), past: onSide(past, today, 'past') },
        weak,
      },
    ];
  });
}

/** True when the span [start, end) of `text` continues a word on either side (a letter of any alphabet touches it). */
function isInsideWord(text: string, start: number, end: number): boolean {
  return /\p{L}/u.test(text.charAt(start - 1)) || /\p{L}/u.test(text.charAt(end));
}

/** The occurrence on or before today of what chrono placed after it: the same month and day, day of month, or weekday. */
function previousOccurrence(start: chrono.ParsedComponents, today: string): string | null {
  const day = start.get('day') ?? 0;
  if (start.isCertain('month')) return monthDayToward('past', today, start.get('month') ?? 0, day);
  if (start.isCertain('day')) return dayOfMonthToward('past', today, day);
  const weekday = start.get('weekday');
  return weekday === null ? null : weekdayToward('past', today, weekday, true);
}
