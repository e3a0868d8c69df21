import type { Language } from '../locale.js';
import {
  addDays,
  daysInMonth,
  endOfMonth,
  isValidDay,
  formatIsoDate,
  nextDayOfMonth,
  nextMonthDay,
  nextWeekday,
  parseIsoDate,
  startOfNextMonth,
  weekdayOf,
} from './calendar.js';
import { MONTHS, SMALL_NUMBERS, WEEKDAYS, alternation } from './date-words.js';

/** One way of writing a date: a global pattern over folded text and how to resolve a match from `today` (null = not a future day). */
export interface DateRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** "hoy" and the like: yields to any other day named in the message and is not hidden from the classifier. */
  readonly weak?: true;
  resolve(match: RegExpExecArray, today: string, language: Language): string | null;
}

const WEEKDAY = alternation(WEEKDAYS);
const MONTH = alternation(MONTHS);
const SMALL = alternation(SMALL_NUMBERS);
const ORDINAL = '(?:ro|do|to|vo|no|mo|er|°|º|st|nd|rd|th)';
const NEXT = /proxim|siguiente|que\s+viene|entrante|next/;
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

/** The date rules in priority order: an earlier rule's match claims its text before later rules look. */
export const DATE_RULES: readonly DateRule[] = [
  {
    name: 'frequency',
    pattern:
      /(?<!\b(?:in|within|en)\s+)\b(?:(?:por|cada|a\s+la|al|x|per|a|an|every|each|once\s+a|twice\s+a)\s+(?:semana|quincena|mes|week|month|fortnight)|semanal(?:es|mente)?|quincenal(?:es|mente)?|mensual(?:es|mente)?|weekly|biweekly|monthly)\b/g,
    resolve: () => null,
  },
  {
    name: 'past',
    pattern: new RegExp(
      `\\b(?:ayer|antier|anteayer|antes\\s+de\\s+ayer|yesterday|(?:la\\s+|the\\s+)?(?:semana|week)\\s+pasada|(?:el\\s+)?(?:mes|ano)\\s+pasado|last\\s+(?:week|month|year|night|time|${WEEKDAY})|hace\\s+(?:\\d+|${SMALL})\\s+(?:dias?|semanas?|meses|mes|anos?)|(?:\\d+|${SMALL})\\s+(?:days?|weeks?|months?|years?)\\s+ago|(?:el|este|the)\\s+(?:${WEEKDAY})\\s+pasado|(?:this\\s+)?past\\s+(?:${WEEKDAY})|the\\s+other\\s+day|el\\s+otro\\s+dia)\\b`,
      'g',
    ),
    resolve: () => null,
  },
  {
    name: 'day after tomorrow',
    pattern: /\b(?:pasado\s+manana|pasao\s+manana|day\s+after\s+tomorrow)\b/g,
    resolve: (_m, today) => addDays(today, 2),
  },
  {
    name: 'tomorrow',
    pattern: /(?<!\b(?:la|esta|this)\s+)\b(?:manana|mnn|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrrw|2morrow|2moro)\b/g,
    resolve: (_m, today) => addDays(today, 1),
  },
  {
    name: 'weekend',
    pattern: /\b(?:(?:este|el|this|the|on\s+the|over\s+the)\s+)?(?:fin\s+de\s+semana|finde|weekend)\b/g,
    resolve: (_m, today) => ([6, 0].includes(weekdayOf(today)) ? today : nextWeekday(today, 6)),
  },
  {
    name: 'end of month',
    pattern:
      /\b(?:(?:a|para|al|el|hasta|antes\s+del?|by\s+the|by|at\s+the|at)\s+)?(?:(?:fin|fines|final|finales|termino|ultimo\s+dia)\s+(?:de|del)\s+(?:este\s+|proximo\s+|siguiente\s+)?mes(?:\s+(?:que\s+viene|proximo|siguiente|entrante))?|(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+|this\s+|next\s+)?month|month[-\s]end|eom)\b/g,
    resolve: (m, today) => (NEXT.test(m[0]) ? endOfMonth(startOfNextMonth(today)) : endOfMonth(today)),
  },
  {
    name: 'holiday',
    pattern: /\b(?:(?:fin|fines|finales)\s+(?:de|del)\s+ano|end\s+of\s+(?:the\s+)?year|navidad|christmas|xmas|ano\s+nuevo|new\s+year'?s?(?:\s+day)?)\b/g,
    resolve: (m, today) => {
      if (/navidad|christmas|xmas/.test(m[0])) return nextMonthDay(today, 12, 25);
      if (/nuevo|new/.test(m[0])) return nextMonthDay(today, 1, 1);
      return nextMonthDay(today, 12, 31);
    },
  },
  {
    name: 'quincena',
    pattern: /\b(?:(?:la|esta|mi|proxima|otra|siguiente)\s+)*quincena(?:\s+(?:que\s+viene|proxima|siguiente|entrante))?\b/g,
    resolve: (m, today) => {
      const strict = /proxima|otra|siguiente|que\s+viene|entrante/.test(m[0]);
      const paydays = [nextDayOfMonth(today, 15), endOfMonth(today), endOfMonth(startOfNextMonth(today))];
      const ahead = paydays.filter((day): day is string => day !== null && (strict ? day > today : day >= today));
      return ahead.sort()[0] ?? null;
    },
  },
  {
    name: 'middle of month',
    pattern: /\b(?:(?:mediados|mitad|medio)\s+(?:de|del)\s+(?:proximo\s+|siguiente\s+)?mes|mid[-\s]?month|middle\s+of\s+(?:the\s+|next\s+)?month)\b/g,
    resolve: (m, today) => nextDayOfMonth(NEXT.test(m[0]) ? startOfNextMonth(today) : today, 15),
  },
  {
    name: 'start of next month',
    pattern:
      /\b(?:(?:principio|principios|comienzo|comienzos|inicio|inicios|primeros\s+dias)\s+(?:de|del)\s+(?:proximo\s+|siguiente\s+)?mes(?:\s+que\s+viene)?|(?:beginning|start)\s+of\s+(?:the\s+|next\s+)?month|early\s+next\s+month)\b/g,
    resolve: (_m, today) => startOfNextMonth(today),
  },
  {
    name: 'part of a named month',
    pattern: new RegExp(
      `\\b(?:(?:a|para|en|hacia|by|in|at)\\s+)?(?:(?:los\\s+|las\\s+|the\\s+)?(fin|fines|final|finales|principio|principios|comienzo|comienzos|inicio|inicios|mediados|mitad|primeros\\s+dias|end|beginning|start|middle)\\s+(?:de|del|of)\\s+(?:mes\\s+de\\s+)?|(early|mid|late)[-\\s]+)(${MONTH})\\b`,
      'g',
    ),
    resolve: (m, today) => {
      const part = m[1] ?? m[2] ?? '';
      const month = MONTHS[m[3] ?? ''] ?? 0;
      if (/^(?:fin|final|end|late)/.test(part)) return nextEndOfMonth(today, month);
      return nextMonthDay(today, month, /^(?:mediados|mitad|middle|mid)/.test(part) ? 15 : 1);
    },
  },
  {
    name: 'next month',
    pattern: /\b(?:(?:el\s+)?(?:proximo|otro|siguiente)\s+mes|(?:el\s+)?mes\s+(?:que\s+viene|entrante)|next\s+month)\b/g,
    resolve: (_m, today) => startOfNextMonth(today),
  },
  {
    name: 'weekday',
    pattern: new RegExp(
      `\\b(?:(este|esta|el|para\\s+el|hasta\\s+el|on|by|this|next|coming|this\\s+coming|el\\s+proximo|proximo|el\\s+otro|el\\s+siguiente)\\s+)?(${WEEKDAY})\\b(?:\\s+(\\d{1,2})\\b(?:\\s+(?:de\\s+)?(${MONTH})\\b)?)?(?:\\s+(que\\s+viene|proximo|de\\s+la\\s+(?:otra|proxima|siguiente)\\s+semana|de\\s+la\\s+semana\\s+que\\s+viene|next\\s+week|of\\s+next\\s+week|pasado))?`,
      'g',
    ),
    resolve: (m, today) => {
      const [, prefix = '', name = '', day, month, suffix = ''] = m;
      const weekday = WEEKDAYS[name] ?? 0;
      if (suffix === 'pasado') return null;
      if (day !== undefined) {
        return month === undefined ? nextDayOfMonth(today, Number(day)) : nextMonthDay(today, MONTHS[month] ?? 0, Number(day));
      }
      if (/semana|week/.test(suffix) || /otro/.test(prefix)) return addDays(mondayNextWeek(today), (weekday + 6) % 7);
      if (/^(?:este|esta|this)$/.test(prefix) && weekdayOf(today) === weekday) return today;
      return nextWeekday(today, weekday);
    },
  },
  {
    name: 'next week',
    pattern:
      /\b(?:(?:la\s+)?(?:proxima|otra|siguiente|entrante)\s+semana|(?:la\s+)?semana\s+(?:que\s+viene|entrante|proxima)|next\s+week|the\s+following\s+week|the\s+week\s+after)\b/g,
    resolve: (_m, today) => mondayNextWeek(today),
  },
  {
    name: 'in n days',
    pattern: new RegExp(
      `\\b(?:(?:en|dentro\\s+de|in|within|en\\s+unos|en\\s+unas|in\\s+about)\\s+(\\d{1,3}|${SMALL})\\s+(dias?|semanas?|days?|weeks?)|(\\d{1,3}|${SMALL})\\s+(days?|weeks?)\\s+from\\s+(?:now|today))\\b`,
      'g',
    ),
    resolve: (m, today) => {
      const amount = numberOf(m[1] ?? m[3] ?? '');
      const unit = m[2] ?? m[4] ?? '';
      return Number.isFinite(amount) ? addDays(today, /sem|week/.test(unit) ? 7 * amount : amount) : null;
    },
  },
  {
    name: 'day of month name',
    pattern: new RegExp(
      `\\b(?:(?:el|on|on\\s+the|the|by|by\\s+the)\\s+)?(\\d{1,2}|primero)${ORDINAL}?\\s*(?:de\\s+|of\\s+|-\\s*)?(${MONTH})\\b\\.?(?:\\s*(?:de|del|,)?\\s*(\\d{4}))?|\\b(${MONTH})\\.?\\s+(\\d{1,2})${ORDINAL}?\\b(?:,?\\s*(\\d{4}))?`,
      'g',
    ),
    resolve: (m, today) => {
      const day = dayNumber(m[1] ?? m[5] ?? '');
      const month = MONTHS[m[2] ?? m[4] ?? ''] ?? 0;
      const year = m[3] ?? m[6];
      return year === undefined ? nextMonthDay(today, month, day) : exactFuture(today, Number(year), month, day);
    },
  },
  {
    name: 'numeric date',
    pattern:
      /(?<![\d/.,$])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/.,]|\s*(?:dias|days|semanas|weeks|cuotas|meses|months|payments|pagos|mil\b|k\b|%))/g,
    resolve: (m, today, language) => {
      const first = Number(m[1]);
      const second = Number(m[2]);
      const [day, month] = language === 'es' ? [first, second] : [second, first];
      const [swappedDay, swappedMonth] = [month, day];
      const year = m[3] === undefined ? undefined : Number(m[3].length === 2 ? `20${m[3]}` : m[3]);
      const pick = (d: number, mo: number): string | null =>
        year === undefined ? nextMonthDay(today, mo, d) : exactFuture(today, year, mo, d);
      return month >= 1 && month <= 12 ? pick(day, month) : pick(swappedDay, swappedMonth);
    },
  },
  {
    name: 'day of month',
    pattern: new RegExp(
      `\\b(?:(?:el|para\\s+el|hasta\\s+el|antes\\s+del|despues\\s+del|del|al|on|on\\s+the|by|by\\s+the|the|before\\s+the|after\\s+the|el\\s+dia|dia)\\s+(\\d{1,2})${ORDINAL}?|(\\d{1,2})(?:st|nd|rd|th))\\b${NOT_A_DAY_AFTER}`,
      'g',
    ),
    resolve: (m, today) => nextDayOfMonth(today, Number(m[1] ?? m[2])),
  },
  {
    name: 'today',
    weak: true,
    pattern:
      /\b(?:hoy|today|tonight|esta\s+noche|esta\s+tarde|al\s+tiro|ahora\s+mismo|ahorita\s+mismo|right\s+now|right\s+away|this\s+evening|this\s+afternoon|end\s+of\s+(?:the\s+)?day|eod)\b/g,
    resolve: (_m, today) => today,
  },
];

/** The last day of `month` (1..12) in this year, or next year when that day has passed. */
function nextEndOfMonth(today: string, month: number): string | null {
  const { year } = parseIsoDate(today) ?? { year: 0 };
  for (const candidateYear of [year, year + 1]) {
    const iso = formatIsoDate({ year: candidateYear, month, day: daysInMonth(candidateYear, month) });
    if (month >= 1 && month <= 12 && iso >= today) return iso;
  }
  return null;
}

/** An explicit day with a year, kept only when it is today or later. */
function exactFuture(today: string, year: number, month: number, day: number): string | null {
  const candidate = { year, month, day };
  if (!isValidDay(candidate)) return null;
  const iso = formatIsoDate(candidate);
  return parseIsoDate(iso) !== null && iso >= today ? iso : null;
}
