import type { DateDirection, Intent } from './types.js';

/**
 * The direction a message's dates resolve in: back when it says a payment was made (`already_paid`) or the bot expects a
 * past date, forward otherwise (promises, plans).
 */
export function dateDirectionFor(intent: Intent, expected: DateDirection | undefined): DateDirection {
  return intent === 'already_paid' || expected === 'past' ? 'past' : 'future';
}

/** Whether an ISO date lies on the given side of `today` (today itself is on both). */
export function isOnSide(iso: string, today: string, direction: DateDirection): boolean {
  return direction === 'future' ? iso >= today : iso <= today;
}
