import { setTimeout as sleep } from 'node:timers/promises';

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

/**
 * Calls the Bot API, honouring Telegram's flood control: after a 429 it waits exactly the `retry_after` the
 * server gave before trying again; server errors and lost connections are retried with growing pauses.
 * Other errors (a blocked bot, a bad request) are thrown at once.
 */
export async function callWithRetry<T>(call: () => Promise<T>, options: RetryOptions = defaultRetry): Promise<T> {
  const wait = options.wait ?? sleep;
  let transientFailures = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== undefined && retryAfter <= options.maxRetryAfterSeconds) {
        await wait(retryAfter * 1000);
        continue;
      }
      if (retryAfter === undefined && isTransient(error) && transientFailures < options.transientAttempts) {
        transientFailures += 1;
        await wait(500 * 2 ** transientFailures);
        continue;
      }
      throw error;
    }
  }
}
