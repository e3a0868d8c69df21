// The first and last days of the month an ISO date falls in, and of the months around it.
import { addDays } from './arithmetic.js';
import { daysInMonth, formatIsoDate, requireDay } from './day.js';

/** The last day of the month that `iso` falls in. */
export function endOfMonth(iso: string): string {
  const { year, month } = requireDay(iso);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** The first day of the month after the one `iso` falls in. */
export function startOfNextMonth(iso: string): string {
  return addDays(endOfMonth(iso), 1);
}

/** The last day of the month before the one `iso` falls in. */
export function endOfPreviousMonth(iso: string): string {
  const { year, month } = requireDay(iso);
  return addDays(formatIsoDate({ year, month, day: 1 }), -1);
}

/** The first day of the month before the one `iso` falls in. */
export function startOfPreviousMonth(iso: string): string {
  const { year, month } = requireDay(endOfPreviousMonth(iso));
  return formatIsoDate({ year, month, day: 1 });
}
