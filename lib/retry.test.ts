import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from './retry.js';

/** A call that fails `failures` times with `error`, then returns 'done'; counts its calls. */
function failing(failures: number, error: Error) {
  const state = { calls: 0 };
  const call = async (): Promise<string> => {
    state.calls += 1;
    if (state.calls <= failures) throw error;
    return 'done';
  };
  return { state, call };
}

describe('retryWithBackoff', () => {
  it('retries an accepted failure, waiting the backoff delays between tries', async () => {
    const waits: number[] = [];
    const { state, call } = failing(3, new Error('busy'));
    const result = await retryWithBackoff(call, {
      retries: 5,
      backoff: { initialMs: 10, jitterShare: 0.5 },
      shouldRetry: () => true,
      wait: async (ms) => waits.push(ms),
      random: () => 1,
    });
    expect(result).toBe('done');
    expect(state.calls).toBe(4);
    expect(waits).toEqual([5, 10, 20]);
  });

  it('throws the last failure once the retries are spent, without a wait after it', async () => {
    const waits: number[] = [];
    const { state, call } = failing(9, new Error('busy'));
    await expect(
      retryWithBackoff(call, { retries: 2, backoff: { initialMs: 100 }, shouldRetry: () => true, wait: async (ms) => waits.push(ms) }),
    ).rejects.toThrow('busy');
    expect(state.calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('throws a failure it should not retry at once, as it was thrown', async () => {
    const refusal = new Error('refused');
    const { state, call } = failing(1, refusal);
    await expect(
      retryWithBackoff(call, {
        retries: 5,
        backoff: { initialMs: 100 },
        shouldRetry: (error) => error.message === 'busy',
        wait: async () => undefined,
      }),
    ).rejects.toBe(refusal);
    expect(state.calls).toBe(1);
  });
});
