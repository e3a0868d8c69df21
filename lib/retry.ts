// Retrying a failing async call: p-retry counts the tries, `backoffDelayMs` alone decides each wait.
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';

/** How `retryWithBackoff` retries. */
export interface RetryPolicy {
  /** Tries after the first one (0 = try once). */
  readonly retries: number;
  /** How the waits between tries grow, in ms. */
  readonly backoff: BackoffPolicy;
  /** Whether a failure deserves another try; any other is thrown at once. */
  readonly shouldRetry: (error: Error) => boolean;
  /** Waits `ms` milliseconds (default: a timer); tests record the waits instead. */
  readonly wait?: (ms: number) => Promise<unknown>;
  /** Where the jitter comes from, 0..1 (default Math.random). */
  readonly random?: () => number;
}

/**
 * Runs `work`, and again after a failure that `shouldRetry` accepts, up to `retries` more times, waiting
 * `backoffDelayMs(n)` ms before retry n (from 0); the last failure is thrown. As in p-retry, a thrown value
 * that is not an Error becomes a TypeError, and a TypeError other than a network error is never retried.
 */
export function retryWithBackoff<T>(work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const wait = policy.wait ?? sleep;
  return pRetry(work, {
    retries: policy.retries,
    // p-retry's own timer stays at 0 ms: the wait is computed here, once p-retry has decided to retry.
    minTimeout: 0,
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (!policy.shouldRetry(error)) return false;
      await wait(backoffDelayMs(retriesConsumed, policy.backoff, policy.random));
      return true;
    },
  });
}
