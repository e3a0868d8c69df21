import { backoffDelayMs } from '../../lib/backoff.js';

/** Reconnect delays: the first delay and the cap, in ms. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Default reconnect delays: 1 s, doubling up to 1 minute. */
export const defaultBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };

/** Share of a delay taken off at random, so many instances do not reconnect in step. */
const jitterShare = 0.2;

/**
 * Exponential backoff with a cap and jitter: attempt n (from 0) waits min(maxMs, initialMs·2ⁿ), less up to
 * 20 % at random, so each delay is longer than the one before until the cap.
 */
export class Backoff {
  private attempts = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** How many delays were handed out since the last reset. */
  get attempt(): number {
    return this.attempts;
  }

  /** The delay before the next attempt, in ms. */
  nextDelayMs(): number {
    const delayMs = backoffDelayMs(this.attempts, { ...this.options, jitterShare }, this.random);
    this.attempts += 1;
    return delayMs;
  }

  /** Starts again from the first delay (after a successful connection). */
  reset(): void {
    this.attempts = 0;
  }
}
