import type { Policy } from './types.js';

/** What a failed identity check leads to: another try (with how many remain), or a lockout until an instant. */
export type FailedCheckOutcome =
  | { readonly locked: false; readonly failedAttempts: number; readonly attemptsLeft: number }
  | { readonly locked: true; readonly lockedUntil: Date };

/**
 * The lockout rule (DESIGN §4): after `maxAttempts` failed identity checks in a row the channel user is
 * locked for `lockoutMinutes` from `now`, and the count starts again; before that, the attempts left.
 */
export function afterFailedCheck(previousFailures: number, policy: Pick<Policy, 'verification'>, now: Date): FailedCheckOutcome {
  const { maxAttempts, lockoutMinutes } = policy.verification;
  const failures = Math.max(0, Math.trunc(previousFailures)) + 1;
  if (failures >= maxAttempts) return { locked: true, lockedUntil: new Date(now.getTime() + lockoutMinutes * 60_000) };
  return { locked: false, failedAttempts: failures, attemptsLeft: maxAttempts - failures };
}

/** Whether a lockout is still in force at `now`. */
export function isLockedOut(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}
