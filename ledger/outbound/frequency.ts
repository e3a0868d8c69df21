import { addDays, daysBetween, weekdayOf } from '../../lib/calendar.js';
import type { CountryRules } from './contact-rules.js';

/** A contact already made or planned for a debtor: its local date and channel. */
export interface CountedContact {
  readonly dateIso: string;
  readonly channel: string;
}

/** The Monday of the calendar week (Monday to Sunday) of `dateIso`. */
export function weekOf(dateIso: string): string {
  return addDays(dateIso, -((weekdayOf(dateIso) + 6) % 7));
}

/**
 * Why one more contact to a debtor on `dateIso` by `channel` would break the country's frequency rules, given the
 * contacts already made or planned; null when it would not.
 */
export function frequencyRefusal(
  rules: CountryRules,
  counted: readonly CountedContact[],
  dateIso: string,
  channel: string,
): 'max_per_day' | 'max_per_week' | 'min_days_apart' | 'one_channel_per_week' | null {
  const week = weekOf(dateIso);
  const sameWeek = counted.filter((contact) => weekOf(contact.dateIso) === week);
  if (rules.maxPerDay !== null && counted.filter((contact) => contact.dateIso === dateIso).length >= rules.maxPerDay) return 'max_per_day';
  if (rules.maxPerWeek !== null && sameWeek.length >= rules.maxPerWeek) return 'max_per_week';
  if (rules.minDaysApart !== null && counted.some((contact) => Math.abs(daysBetween(contact.dateIso, dateIso)) < rules.minDaysApart!))
    return 'min_days_apart';
  if (rules.oneChannelPerWeek && sameWeek.some((contact) => contact.channel !== channel)) return 'one_channel_per_week';
  return null;
}
