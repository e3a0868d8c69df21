import { addDays, addMonths, startOfPreviousMonth, weekdayOf } from '../../lib/calendar.js';
import type { DateRule } from './date-rule.js';
import { SMALL_NUMBERS, alternation } from './date-words.js';

const SMALL = alternation(SMALL_NUMBERS);

function numberOf(word: string): number {
  return SMALL_NUMBERS[word.replace(/\s+/g, ' ')] ?? Number(word);
}

/** Monday of the calendar week before the one `today` falls in (weeks start on Monday). */
function mondayLastWeek(today: string): string {
  return addDays(today, -7 - ((weekdayOf(today) + 6) % 7));
}

/**
 * Words that only point back in time. Going forward they are claimed (so their numbers are not money) but name no day;
 * going back: "ayer"/"anoche" is yesterday, "antier" the day before, "hace 3 días" three days back, "la semana pasada"
 * the Monday of last week and "el mes pasado" the 1st of last month (the start of the period, as "la semana que viene"
 * is its Monday); vague ones ("el otro día", "hace rato", "el año pasado") name no day.
 */
export const PAST_RULES: readonly DateRule[] = [
  {
    name: 'yesterday',
    pattern:
      /\b(?:antes\s+de\s+ayer|the\s+day\s+before\s+yesterday|antier|anteayer|antenoche|ayer(?:\s+(?:en\s+la|por\s+la|a\s+la)\s+(?:manana|tarde|noche))?|anoche|yesterday|last\s+night)\b/g,
    resolve: (m, today, _language, direction) => {
      if (direction === 'future') return null;
      return addDays(today, /ante|antier|before/.test(m[0]) ? -2 : -1);
    },
  },
  {
    name: 'last week',
    pattern:
      /\b(?:(?:la\s+|the\s+)?(?:semana|week)\s+(?:pasada|anterior)|(?:la\s+)?semana\s+antepasada|last\s+week|(?:the\s+)?past\s+week)\b/g,
    resolve: (m, today, _language, direction) => {
      if (direction === 'future') return null;
      return addDays(mondayLastWeek(today), /antepasada/.test(m[0]) ? -7 : 0);
    },
  },
  {
    name: 'last month',
    pattern: /\b(?:(?:el\s+)?mes\s+(?:pasado|anterior)|last\s+month|(?:the\s+)?past\s+month)\b/g,
    resolve: (_m, today, _language, direction) => (direction === 'past' ? startOfPreviousMonth(today) : null),
  },
  {
    name: 'ago',
    pattern: new RegExp(
      `\\b(?:hace\\s+(?:como\\s+|unos\\s+|unas\\s+)?(\\d{1,3}|${SMALL})\\s+(dias?|semanas?|meses|mes|anos?)(?:\\s+atras)?|(\\d{1,3}|${SMALL})\\s+(days?|weeks?|months?|years?)\\s+ago)\\b`,
      'g',
    ),
    resolve: (m, today, _language, direction) => {
      const amount = numberOf(m[1] ?? m[3] ?? '');
      const unit = m[2] ?? m[4] ?? '';
      if (direction === 'future' || !Number.isInteger(amount)) return null;
      if (/^(?:dia|day)/.test(unit)) return addDays(today, -amount);
      if (/^(?:semana|week)/.test(unit)) return addDays(today, -7 * amount);
      return /^(?:mes|month)/.test(unit) ? addMonths(today, -amount) : null;
    },
  },
  {
    name: 'vague past',
    pattern:
      /\b(?:(?:el\s+)?ano\s+pasado|last\s+year|last\s+time|la\s+otra\s+vez|the\s+other\s+day|el\s+otro\s+dia|hace\s+(?:rato|tiempo|mucho|poco|dias|semanas|meses)|a\s+while\s+(?:ago|back))\b/g,
    resolve: () => null,
  },
];
