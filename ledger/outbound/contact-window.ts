import { addDays, instantAtLocalTime, localTimeAt, weekdayOf } from '../../lib/calendar.js';
import type { CountryRules } from './contact-rules.js';
import { isPublicHoliday } from './holidays.js';

const msPerMinute = 60_000;

/** True when the rules allow contact at some time of the local date `dateIso` (its weekday has hours, and holidays allow it). */
export function isContactDay(rules: CountryRules, dateIso: string): boolean {
  if (!rules.windows[weekdayOf(dateIso)]) return false;
  return rules.contactOnHolidays || !isPublicHoliday(rules.country, dateIso);
}

/** True when the rules allow contact at `epochMs` in the debtor's zone (a contact day, inside its hours). */
export function isContactTime(rules: CountryRules, timeZone: string, epochMs: number): boolean {
  const local = localTimeAt(epochMs, timeZone);
  const window = rules.windows[weekdayOf(local.dateIso)];
  return !!window && local.minuteOfDay >= window[0] && local.minuteOfDay < window[1] && isContactDay(rules, local.dateIso);
}

/** Where to look for a contact moment: from when, until which local date, at what time of a later day, and on which days. */
export interface ContactSearch {
  readonly fromMs: number;
  readonly lastDateIso: string;
  /** On the days after the first, the local minute to aim for when the day's hours include it (else their start). */
  readonly preferredMinute?: number;
  /** False for a day the frequency limits rule out. */
  readonly acceptsDay?: (dateIso: string) => boolean;
}

/**
 * The first whole minute at or after `fromMs` when the rules allow contact in `timeZone` (on a later day, the preferred
 * minute when that day's hours include it), on a local date no later than `lastDateIso` accepted by `acceptsDay`;
 * null when there is none.
 */
export function nextContactTime(rules: CountryRules, timeZone: string, search: ContactSearch): number | null {
  const startMs = Math.ceil(search.fromMs / msPerMinute) * msPerMinute;
  let { dateIso, minuteOfDay } = localTimeAt(startMs, timeZone);
  while (dateIso <= search.lastDateIso) {
    const window = rules.windows[weekdayOf(dateIso)];
    if (window && minuteOfDay < window[1] && isContactDay(rules, dateIso) && (search.acceptsDay?.(dateIso) ?? true)) {
      const instant = instantAtLocalTime(dateIso, Math.max(window[0], minuteOfDay), timeZone);
      if (instant >= startMs && isContactTime(rules, timeZone, instant)) return instant;
    }
    dateIso = addDays(dateIso, 1);
    const preferred = search.preferredMinute ?? 0;
    minuteOfDay = preferred < (rules.windows[weekdayOf(dateIso)]?.[1] ?? 0) ? preferred : 0;
  }
  return null;
}
