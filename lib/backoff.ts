// Retry delays: the one formula every loop that waits before trying again computes its waits with.

/** How retry delays grow; every duration in ms. */
export interface BackoffPolicy {
  /** Delay before the first retry (attempt 0), in ms. */
  readonly initialMs: number;
  /** Longest delay, in ms (default: no cap). */
  readonly maxMs?: number;
  /** Each delay is this many times the one before, until the cap (default 2). */
  readonly factor?: number;
  /** Share (0..1) of a delay taken off at random, so many clients do not retry in step (default 0: exact delays). */
  readonly jitterShare?: number;
}

/**
 * The delay before retry `attempt` (0 = the first retry), in whole ms: min(maxMs, initialMs·factor^attempt),
 * less up to `jitterShare` of it as `random()` (0..1) says.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { initialMs, maxMs = Number.POSITIVE_INFINITY, factor = 2, jitterShare = 0 } = policy;
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`not an attempt number: ${attempt}`);
  if (!(initialMs >= 0 && maxMs >= 0 && factor >= 1 && jitterShare >= 0 && jitterShare <= 1))
    throw new RangeError(`not a backoff policy: ${JSON.stringify(policy)}`);
  const baseMs = initialMs === 0 ? 0 : Math.min(maxMs, initialMs * factor ** attempt);
  return Math.round(baseMs * (1 - jitterShare * random()));
}
