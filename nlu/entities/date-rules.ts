import type { DateDirection } from '../types.js';
import { addDays, endOfMonth, endOfPreviousMonth, isoDateOf, nextDayOfMonth, startOfNextMonth, weekdayOf } from '../../lib/calendar.js';
import type { DateRule } from './date-rule.js';
import { MONTHS, SMALL_NUMBERS, WEEKDAYS, alternation } from './date-words.js';
import { PAST_RULES } from './past-date-rules.js';
import { currentMonthEndToward, dayOfMonthToward, monthDayToward, monthEndToward, weekdayToward } from './toward.js';

const WEEKDAY = alternation(WEEKDAYS);
const MONTH = alternation(MONTHS);
const SMALL = alternation(SMALL_NUMBERS);
const ORDINAL = '(?:ro|do|to|vo|no|mo|er|°|º|st|nd|rd|th)';
const NEXT = /proxim|siguiente|que\s+viene|entrante|next/;
const PREVIOUS = /pasad[oa]|anterior|last|past/;
const NOT_A_DAY_AFTER =
  '(?!\\d|[.,/]\\d|\\s*(?:%|mil\\b|k\\b|lucas?|lukas?|palos?|pesos|dolares|dollars|bucks|soles|varos|cuotas?|pagos|partes|meses|mes\\b|dias|semanas|anos|months|days|weeks|years|payments|installments|por\\s*ciento|percent|a\\s+las|horas|hrs|am\\b|pm\\b|:|de\\s+(?:cuotas|pagos|meses|dias)))';

/** Monday of the calendar week after the one `today` falls in (weeks start on Monday). */
function mondayNextWeek(today: string): string {
  return addDays(today, 7 - ((weekdayOf(today) + 6) % 7));
}

function numberOf(word: string): number {
  return SMALL_NUMBERS[word.replace(/\s+/g, ' ')] ?? Number(word);
}

function dayNumber(word: string): number {
  return word === 'primero' ? 1 : Number(word);
}

/** Resolves only going forward: "mañana", "la semana que viene" and "en 3 días" name no past day. */
function forwardOnly(resolve: (match: RegExpExecArray, today: string) => string | null): DateRule['resolve'] {
  return (match, today, _language, direction) => (direction === 'future' ? resolve(match, today) : null);
}

/** A day, month and optional year: that exact day with a year, else its nearest occurrence in the direction. */
function calendarDay(direction: DateDirection, today: string, day: number, month: number, year: number | undefined): string | null {
  return year === undefined ? monthDayToward(direction, today, month, day) : isoDateOf({ year, month, day });
}

/** The latest payday (the 15th or a month's last day) on or before today, or strictly before when `strict`. */
function previousQuincena(today: string, strict: boolean): string | null {
  const paydays = [dayOfMonthToward('past', today, 15), endOfMonth(today), currentMonthEndToward('past', today)];
  const behind = paydays.filter((day): day is string => day !== null && (strict ? day < today : day <= today));
  return behind.sort().at(-1) ?? null;
}

/** The date rules in priority order: an earlier rule's match claims its text before later rules look. */
export const DATE_RULES: readonly DateRule[] = [
  {
    name: 'frequency',
    pattern:
      /(?<!\b(?:in|within|en)\s+)\b(?:(?:por|cada|a\s+la|al|x|per|a|an|every|each|once\s+a|twice\s+a)\s+(?:semana|quincena|mes|week|month|fortnight)|semanal(?:es|mente)?|quincenal(?:es|mente)?|mensual(?:es|mente)?|weekly|biweekly|monthly)\b(?!\s+(?:ago|atras)\b)/g,
    resolve: () => null,
  },
  ...PAST_RULES,
  {
    name: 'day after tomorrow',
    pattern: /\b(?:pasado\s+manana|pasao\s+manana|day\s+after\s+tomorrow)\b/g,
    resolve: forwardOnly((_m, today) => addDays(today, 2)),
  },
  {
    name: 'tomorrow',
    pattern: /(?<!\b(?:la|esta|this)\s+)\b(?:manana|mnn|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrrw|2morrow|2moro)\b/g,
    resolve: forwardOnly((_m, today) => addDays(today, 1)),
  },
  {
    name: 'weekend',
    pattern: /\b(?:(?:este|el|this|the|on\s+the|over\s+the)\s+)?(?:fin\s+de\s+semana|finde|weekend)\b/g,
    resolve: (_m, today, _language, direction) => {
      if (weekdayOf(today) === 6 || (direction === 'future' && weekdayOf(today) === 0)) return today;
      return weekdayToward(direction, today, 6, false);
    },
  },
  {
    name: 'end of month',
    pattern:
      /\b(?:(?:a|para|al|el|hasta|antes\s+del?|by\s+the|by|at\s+the|at)\s+)?(?:(?:fin|fines|final|finales|termino|ultimo\s+dia)\s+(?:de|del)\s+(?:este\s+|proximo\s+|siguiente\s+)?mes(?:\s+(?:que\s+viene|proximo|siguiente|entrante|pasado|anterior))?|(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+|this\s+|next\s+|last\s+)?month|month[-\s]end|eom)\b/g,
    resolve: (m, today, _language, direction) => {
      if (NEXT.test(m[0])) return direction === 'future' ? endOfMonth(startOfNextMonth(today)) : null;
      if (/pasado|anterior|of\s+last/.test(m[0])) return direction === 'past' ? endOfPreviousMonth(today) : null;
      return currentMonthEndToward(direction, today);
    },
  },
  {
    name: 'holiday',
    pattern:
      /\b(?:(?:fin|fines|finales)\s+(?:de|del)\s+ano|end\s+of\s+(?:the\s+)?year|navidad|christmas|xmas|ano\s+nuevo|new\s+year'?s?(?:\s+day)?)\b/g,
    resolve: (m, today, _language, direction) => {
      if (/navidad|christmas|xmas/.test(m[0])) return monthDayToward(direction, today, 12, 25);
      if (/nuevo|new/.test(m[0])) return monthDayToward(direction, today, 1, 1);
      return monthDayToward(direction, today, 12, 31);
    },
  },
  {
    name: 'quincena',
    pattern: /\b(?:(?:la|esta|mi|proxima|otra|siguiente)\s+)*quincena(?:\s+(?:que\s+viene|proxima|siguiente|entrante|pasada|anterior))?\b/g,
    resolve: (m, today, _language, direction) => {
      if (direction === 'past') return NEXT.test(m[0]) || /otra/.test(m[0]) ? null : previousQuincena(today, PREVIOUS.test(m[0]));
      if (PREVIOUS.test(m[0])) return null;
      const strict = /proxima|otra|siguiente|que\s+viene|entrante/.test(m[0]);
      const paydays = [nextDayOfMonth(today, 15), endOfMonth(today), endOfMonth(startOfNextMonth(today))];
      const ahead = paydays.filter((day): day is string => day !== null && (strict ? day > today : day >= today));
      return ahead.sort()[0] ?? null;
    },
  },
  {
    name: 'middle of month',
    pattern:
      /\b(?:(?:mediados|mitad|medio)\s+(?:de|del)\s+(?:proximo\s+|siguiente\s+)?mes|mid[-\s]?month|middle\s+of\s+(?:the\s+|next\s+)?month)\b/g,
    resolve: (m, today, _language, direction) => {
      if (!NEXT.test(m[0])) return dayOfMonthToward(direction, today, 15);
      return direction === 'future' ? nextDayOfMonth(startOfNextMonth(today), 15) : null;
    },
  },
  {
    name: 'start of next month',
    pattern:
      /\b(?:(?:principio|principios|comienzo|comienzos|inicio|inicios|primeros\s+dias)\s+(?:de|del)\s+(?:proximo\s+|siguiente\s+)?mes(?:\s+que\s+viene)?|(?:beginning|start)\s+of\s+(?:the\s+|next\s+)?month|early\s+next\s+month)\b/g,
    resolve: forwardOnly((_m, today) => startOfNextMonth(today)),
  },
  {
    name: 'part of a named month',
    pattern: new RegExp(
      `\\b(?:(?:a|para|en|hacia|by|in|at)\\s+)?(?:(?:los\\s+|las\\s+|the\\s+)?(fin|fines|final|finales|principio|principios|comienzo|comienzos|inicio|inicios|mediados|mitad|primeros\\s+dias|end|beginning|start|middle)\\s+(?:de|del|of)\\s+(?:mes\\s+de\\s+)?|(early|mid|late)[-\\s]+)(${MONTH})\\b`,
      'g',
    ),
    resolve: (m, today, _language, direction) => {
      const part = m[1] ?? m[2] ?? '';
      const month = MONTHS[m[3] ?? ''] ?? 0;
      if (/^(?:fin|final|end|late)/.test(part)) return monthEndToward(direction, today, month);
      return monthDayToward(direction, today, month, /^(?:mediados|mitad|middle|mid)/.test(part) ? 15 : 1);
    },
  },
  {
    name: 'next month',
    pattern: /\b(?:(?:el\s+)?(?:proximo|otro|siguiente)\s+mes|(?:el\s+)?mes\s+(?:que\s+viene|entrante)|next\s+month)\b/g,
    resolve: forwardOnly((_m, today) => startOfNextMonth(today)),
  },
  {
    name: 'weekday',
    pattern: new RegExp(
      `\\b(?:(este|esta|el|para\\s+el|hasta\\s+el|on|by|this|next|coming|this\\s+coming|el\\s+proximo|proximo|el\\s+otro|el\\s+siguiente|last|past|this\\s+past|on\\s+last)\\s+)?(${WEEKDAY})\\b(?:\\s+(\\d{1,2})\\b${NOT_A_DAY_AFTER}(?:\\s+(?:de\\s+)?(${MONTH})\\b)?)?(?:\\s+(que\\s+viene|proximo|de\\s+la\\s+(?:otra|proxima|siguiente)\\s+semana|de\\s+la\\s+semana\\s+que\\s+viene|next\\s+week|of\\s+next\\s+week|de\\s+la\\s+semana\\s+pasada|of\\s+last\\s+week|last\\s+week|pasado|anterior))?`,
      'g',
    ),
    resolve: (m, today, _language, direction) => {
      const [, prefix = '', name = '', day, month, suffix = ''] = m;
      const weekday = WEEKDAYS[name] ?? 0;
      if (day !== undefined) {
        return month === undefined
          ? dayOfMonthToward(direction, today, Number(day))
          : monthDayToward(direction, today, MONTHS[month] ?? 0, Number(day));
      }
      const back = PREVIOUS.test(prefix) || PREVIOUS.test(suffix);
      if (back && direction === 'future') return null;
      if (/semana|week/.test(suffix) || /otro/.test(prefix)) return addDays(mondayNextWeek(today), (back ? -14 : 0) + ((weekday + 6) % 7));
      if (back) return weekdayToward('past', today, weekday, false);
      if (direction === 'past')
        return NEXT.test(prefix) || NEXT.test(suffix) || /coming/.test(prefix) ? null : weekdayToward('past', today, weekday, true);
      return weekdayToward('future', today, weekday, /^(?:este|esta|this)$/.test(prefix));
    },
  },
  {
    name: 'next week',
    pattern:
      /\b(?:(?:la\s+)?(?:proxima|otra|siguiente|entrante)\s+semana|(?:la\s+)?semana\s+(?:que\s+viene|entrante|proxima)|next\s+week|the\s+following\s+week|the\s+week\s+after)\b/g,
    resolve: forwardOnly((_m, today) => mondayNextWeek(today)),
  },
  {
    name: 'in n days',
    pattern: new RegExp(
      `\\b(?:(?:en|dentro\\s+de|in|within|en\\s+unos|en\\s+unas|in\\s+about)\\s+(\\d{1,3}|${SMALL})\\s+(dias?|semanas?|days?|weeks?)|(\\d{1,3}|${SMALL})\\s+(days?|weeks?)\\s+from\\s+(?:now|today))\\b`,
      'g',
    ),
    resolve: forwardOnly((m, today) => {
      const amount = numberOf(m[1] ?? m[3] ?? '');
      const unit = m[2] ?? m[4] ?? '';
      return Number.isFinite(amount) ? addDays(today, /sem|week/.test(unit) ? 7 * amount : amount) : null;
    }),
  },
  {
    name: 'day of month name',
    pattern: new RegExp(
      `\\b(?:(?:el|on|on\\s+the|the|by|by\\s+the)\\s+)?(\\d{1,2}|primero)${ORDINAL}?\\s*(?:de\\s+|of\\s+|-\\s*)?(${MONTH})\\b\\.?(?:\\s*(?:de|del|,)?\\s*(\\d{4}))?|\\b(${MONTH})\\.?\\s+(\\d{1,2})${ORDINAL}?\\b(?:,?\\s*(\\d{4}))?`,
      'g',
    ),
    resolve: (m, today, _language, direction) => {
      const year = m[3] ?? m[6];
      return calendarDay(
        direction,
        today,
        dayNumber(m[1] ?? m[5] ?? ''),
        MONTHS[m[2] ?? m[4] ?? ''] ?? 0,
        year === undefined ? undefined : Number(year),
      );
    },
  },
  {
    name: 'numeric date',
    pattern:
      /(?<![\d/.,$])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/.,]|\s*(?:dias|days|semanas|weeks|cuotas|meses|months|payments|pagos|mil\b|k\b|%))/g,
    resolve: (m, today, language, direction) => {
      const first = Number(m[1]);
      const second = Number(m[2]);
      const [day, month] = language === 'es' ? [first, second] : [second, first];
      const [swappedDay, swappedMonth] = [month, day];
      const year = m[3] === undefined ? undefined : Number(m[3].length === 2 ? `20${m[3]}` : m[3]);
      return month >= 1 && month <= 12
        ? calendarDay(direction, today, day, month, year)
        : calendarDay(direction, today, swappedDay, swappedMonth, year);
    },
  },
  {
    name: 'day of month',
    pattern: new RegExp(
      `\\b(?:(?:el|para\\s+el|hasta\\s+el|antes\\s+del|despues\\s+del|del|al|on|on\\s+the|by|by\\s+the|the|before\\s+the|after\\s+the|el\\s+dia|dia)\\s+(\\d{1,2})${ORDINAL}?|(\\d{1,2})(?:st|nd|rd|th))\\b${NOT_A_DAY_AFTER}`,
      'g',
    ),
    resolve: (m, today, _language, direction) => dayOfMonthToward(direction, today, Number(m[1] ?? m[2])),
  },
  {
    name: 'today',
    weak: true,
    pattern:
      /\b(?:hoy(?:\s+(?:en|por)\s+la\s+(?:manana|tarde))?|today|tonight|esta\s+noche|esta\s+tarde|esta\s+manana|this\s+morning|earlier\s+today|al\s+tiro|ahora\s+mismo|ahorita\s+mismo|right\s+now|right\s+away|this\s+evening|this\s+afternoon|end\s+of\s+(?:the\s+)?day|eod)\b/g,
    resolve: (_m, today) => today,
  },
];
