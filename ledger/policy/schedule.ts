import { addDays, addMonths } from '../../lib/calendar.js';

/**
 * How often installments fall (policy `installments.frequency`): the same day every month, every
 * 14 or 7 days, or every given whole number of days.
 */
export type InstallmentFrequency = 'monthly' | 'biweekly' | 'weekly' | number;

/** The named frequencies a policy file may give instead of a number of days. */
export const namedFrequencies = ['monthly', 'biweekly', 'weekly'] as const;

const daysPerNamedPeriod = { biweekly: 14, weekly: 7 } as const;

/** The longest installment period a policy may give, in days. */
export const maxPeriodDays = 366;

/** The most installments any plan may have, an exception plan included (also the policy file's limit). */
export const maxInstallmentCount = 360;

/** True when `value` is a frequency the schedule can use: a named one or a whole number of days from 1 to `maxPeriodDays`. */
export function isInstallmentFrequency(value: unknown): value is InstallmentFrequency {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 1 && value <= maxPeriodDays;
  return (namedFrequencies as readonly unknown[]).includes(value);
}

/**
 * The date `periods` installment periods after `startIso`. Monthly periods keep the start's day of
 * the month, clamped to each month's last day and counted from the start every time (31 Jan →
 * 28/29 Feb → 31 Mar → 30 Apr), never from the previous, clamped, date.
 */
export function addPeriods(startIso: string, periods: number, frequency: InstallmentFrequency): string {
  if (frequency === 'monthly') return addMonths(startIso, periods);
  const days = typeof frequency === 'number' ? frequency : daysPerNamedPeriod[frequency];
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`not a positive whole number of days: ${days}`);
  return addDays(startIso, days * periods);
}

/**
 * The due dates of a plan's `count` installments starting on `startIso` (the day the plan is agreed,
 * when the down payment falls): the first is one period after the start, the n-th n periods after.
 */
export function installmentDueDates(startIso: string, count: number, frequency: InstallmentFrequency): string[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a whole number of installments: ${count}`);
  return Array.from({ length: count }, (_, index) => addPeriods(startIso, index + 1, frequency));
}
