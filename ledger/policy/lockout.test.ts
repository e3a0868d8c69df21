import { describe, expect, it } from 'vitest';
import { afterFailedCheck, isLockedOut } from './lockout.js';

const policy = { verification: { maxAttempts: 3, lockoutMinutes: 30 } };
const now = new Date('2026-11-23T15:00:00Z');

describe('the lockout rule', () => {
  it.each([
    [0, { locked: false, failedAttempts: 1, attemptsLeft: 2 }],
    [1, { locked: false, failedAttempts: 2, attemptsLeft: 1 }],
    [2, { locked: true, lockedUntil: new Date('2026-11-23T15:30:00Z') }],
    [7, { locked: true, lockedUntil: new Date('2026-11-23T15:30:00Z') }],
    [-4, { locked: false, failedAttempts: 1, attemptsLeft: 2 }],
  ])('after %i failures, one more gives %o', (previous, expected) => {
    expect(afterFailedCheck(previous, policy, now)).toEqual(expected);
  });

  it('locks on the first failure when one attempt is allowed', () => {
    expect(afterFailedCheck(0, { verification: { maxAttempts: 1, lockoutMinutes: 5 } }, now)).toEqual({
      locked: true,
      lockedUntil: new Date('2026-11-23T15:05:00Z'),
    });
  });

  it('is in force until the instant it ends, not at it', () => {
    const until = new Date('2026-11-23T15:30:00Z');
    expect(isLockedOut(until, new Date('2026-11-23T15:29:59Z'))).toBe(true);
    expect(isLockedOut(until, until)).toBe(false);
    expect(isLockedOut(null, now)).toBe(false);
  });
});
