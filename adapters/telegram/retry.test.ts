import { describe, expect, it } from 'vitest';
import { callWithRetry, retryAfterSeconds } from './retry.js';

function failure(code: number, retryAfter?: number): Error {
  return Object.assign(new Error(`error ${code}`), {
    code,
    ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }),
  });
}

describe('callWithRetry', () => {
  it('waits exactly the retry_after of a 429, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await callWithRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw failure(429, calls === 1 ? 3 : 1);
        return 'sent';
      },
      { transientAttempts: 0, maxRetryAfterSeconds: 60, wait: async (ms) => waits.push(ms) },
    );
    expect(result).toBe('sent');
    expect(waits).toEqual([3000, 1000]);
  });

  it('retries server errors a few times with growing pauses, then gives up', async () => {
    const waits: number[] = [];
    await expect(
      callWithRetry(async () => Promise.reject(failure(502)), {
        transientAttempts: 2,
        maxRetryAfterSeconds: 60,
        wait: async (ms) => waits.push(ms),
      }),
    ).rejects.toThrow('error 502');
    expect(waits).toEqual([1000, 2000]);
  });

  it('counts only server errors against the attempts, not the 429s between them', async () => {
    const waits: number[] = [];
    const errors = [failure(502), failure(429, 2), failure(502), failure(429, 1)];
    const result = await callWithRetry(
      async () => {
        const error = errors.shift();
        if (error) throw error;
        return 'sent';
      },
      { transientAttempts: 2, maxRetryAfterSeconds: 60, wait: async (ms) => waits.push(ms) },
    );
    expect(result).toBe('sent');
    expect(waits).toEqual([1000, 2000, 2000, 1000]);
  });

  it('throws a refusal at once (a bot blocked by the user) and a 429 asking too long a wait', async () => {
    const waits: number[] = [];
    const options = { transientAttempts: 3, maxRetryAfterSeconds: 10, wait: async (ms: number) => waits.push(ms) };
    await expect(callWithRetry(async () => Promise.reject(failure(403)), options)).rejects.toThrow('error 403');
    await expect(callWithRetry(async () => Promise.reject(failure(429, 11)), options)).rejects.toThrow('error 429');
    expect(waits).toEqual([]);
  });

  it('reads retry_after only from 429s', () => {
    expect(retryAfterSeconds(failure(429, 7))).toBe(7);
    expect(retryAfterSeconds(failure(400))).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
  });
});
