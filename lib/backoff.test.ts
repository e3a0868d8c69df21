import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const attempts = [0, 1, 2, 3, 4, 5];

describe('backoffDelayMs', () => {
  it('waits exactly initialMs before the first retry (attempt 0)', () => {
    expect(backoffDelayMs(0, { initialMs: 1_000 })).toBe(1_000);
    expect(backoffDelayMs(0, { initialMs: 40, maxMs: 1_000, jitterShare: 0.5 }, () => 0)).toBe(40);
  });

  it('grows by the factor (2 unless told) with no cap unless given one', () => {
    expect(attempts.map((attempt) => backoffDelayMs(attempt, { initialMs: 1_000 }))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(attempts.map((attempt) => backoffDelayMs(attempt, { initialMs: 100, factor: 3 }))).toEqual([
      100, 300, 900, 2_700, 8_100, 24_300,
    ]);
    expect(backoffDelayMs(3, { initialMs: 500, factor: 1 })).toBe(500);
  });

  it('never waits longer than maxMs, however many attempts', () => {
    expect(attempts.map((attempt) => backoffDelayMs(attempt, { initialMs: 1_000, maxMs: 5_000 }))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
    expect(backoffDelayMs(5_000, { initialMs: 1_000, maxMs: 60_000 })).toBe(60_000);
  });

  it('takes off at most jitterShare of a delay: nothing when random gives 0, the whole share when it gives 1', () => {
    const policy = { initialMs: 1_000, maxMs: 5_000, jitterShare: 0.2 };
    expect(attempts.map((attempt) => backoffDelayMs(attempt, policy, () => 0))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(attempts.map((attempt) => backoffDelayMs(attempt, policy, () => 1))).toEqual([800, 1_600, 3_200, 4_000, 4_000, 4_000]);
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(1_800);
  });

  it('stays within its bounds for any random draw', () => {
    for (let draw = 0; draw <= 1; draw += 0.125) {
      const delayMs = backoffDelayMs(2, { initialMs: 40, maxMs: 1_000, jitterShare: 0.5 }, () => draw);
      expect(delayMs).toBeGreaterThanOrEqual(80);
      expect(delayMs).toBeLessThanOrEqual(160);
    }
  });

  it('refuses an attempt that is not a whole number from 0, and a policy out of range', () => {
    expect(() => backoffDelayMs(-1, { initialMs: 1_000 })).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5, { initialMs: 1_000 })).toThrow(RangeError);
    expect(() => backoffDelayMs(0, { initialMs: 1_000, jitterShare: 1.5 })).toThrow(RangeError);
    expect(() => backoffDelayMs(0, { initialMs: -1 })).toThrow(RangeError);
  });
});
