import { setTimeout as sleep } from 'node:timers/promises';
import type { BackoffPolicy } from '../../lib/backoff.js';
import { retryWithBackoff } from '../../lib/retry.js';

/** How a Bot API call is retried. */
export interface RetryOptions {
  /** Attempts after a server error or a lost connection before giving up (429s do not count). */
  readonly transientAttempts: number;
  /** Longest wait a 429 may ask for before giving up, in seconds. */
  readonly maxRetryAfterSeconds: number;
  readonly wait?: (ms: number) => Promise<unknown>;
}

/** The retry policy used when none is given. */
export const defaultRetry: RetryOptions = { transientAttempts: 4, maxRetryAfterSeconds: 300 };

/** Waits after a server error or a lost connection: 1 s, then doubling (no jitter). */
const transientBackoff: BackoffPolicy = { initialMs: 1_000 };

interface BotApiFailure {
  readonly code?: unknown;
  readonly parameters?: { readonly retry_after?: unknown };
  readonly name?: unknown;
}

/** The seconds a 429 ("Too Many Requests: retry after N") asks to wait, if the error is one. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const failure = error as BotApiFailure | null;
  if (failure?.code !== 429) return undefined;
  const seconds = Number(failure.parameters?.retry_after);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

function isTransient(error: unknown): boolean {
  const failure = error as BotApiFailure | null;
  return (typeof failure?.code === 'number' && failure.code >= 500) || failure?.name === 'FetchError';
}

/** Calls until no 429 asks to wait: each time exactly the `retry_after` the server gave, unless longer than `maxRetryAfterSeconds`. */
async function withFloodControl<T>(
  call: () => Promise<T>,
  maxRetryAfterSeconds: number,
  wait: (ms: number) => Promise<unknown>,
): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter === undefined || retryAfter > maxRetryAfterSeconds) throw error;
      await wait(retryAfter * 1000);
    }
  }
}

/**
 * Calls the Bot API, honouring Telegram's flood control: after a 429 it waits exactly the `retry_after` the
 * server gave before trying again (429s use up no attempt); server errors and lost connections are retried
 * `transientAttempts` times with the growing pauses of `transientBackoff`. Other errors (a blocked bot, a bad
 * request, a 429 asking too long a wait) are thrown at once.
 */
export function callWithRetry<T>(call: () => Promise<T>, options: RetryOptions = defaultRetry): Promise<T> {
  const wait = options.wait ?? sleep;
  return retryWithBackoff(() => withFloodControl(call, options.maxRetryAfterSeconds, wait), {
    retries: options.transientAttempts,
    backoff: transientBackoff,
    shouldRetry: isTransient,
    wait,
  });
}
