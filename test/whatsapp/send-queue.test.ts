import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../adapters/whatsapp/backoff.js';
import { SendQueue } from '../../adapters/whatsapp/send-queue.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Failure {
  readonly item: number;
  readonly attempt: number;
  readonly givenUp: boolean;
}

function makeQueue(ratePerSecond: number, failuresBeforeSuccess: Map<number, number> = new Map()) {
  const delivered: Array<{ item: number; atMs: number }> = [];
  const failures: Failure[] = [];
  const queue = new SendQueue<number>({
    ratePerSecond,
    maxAttempts: 3,
    retryDelayMs: 1_000,
    async deliver(item) {
      const left = failuresBeforeSuccess.get(item) ?? 0;
      if (left > 0) {
        failuresBeforeSuccess.set(item, left - 1);
        throw new Error('socket hiccup');
      }
      delivered.push({ item, atMs: Date.now() });
    },
    onFailure: (_error, item, attempt, givenUp) => void failures.push({ item, attempt, givenUp }),
  });
  return { queue, delivered, failures };
}

describe('send queue', () => {
  it('sends no more than the configured rate: 10 messages at 5 per second are spread over at least 1.8 s', async () => {
    const { queue, delivered } = makeQueue(5);
    queue.resume();
    const startMs = Date.now();
    for (let item = 1; item <= 10; item += 1) queue.push(item);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(delivered.map((entry) => entry.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const gaps = delivered.slice(1).map((entry, index) => entry.atMs - (delivered[index]?.atMs ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    expect((delivered.at(-1)?.atMs ?? 0) - (delivered[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(1_800);
    expect((delivered[0]?.atMs ?? 0) - startMs).toBe(0);
  });

  it('holds messages while paused and sends them in order after resume, losing none', async () => {
    const { queue, delivered } = makeQueue(100);
    queue.push(1);
    queue.push(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(delivered).toEqual([]);
    queue.resume();
    queue.push(3);
    queue.pause();
    queue.push(4);
    await vi.advanceTimersByTimeAsync(10_000);
    const beforeResume = delivered.length;
    expect(beforeResume).toBeLessThan(4);
    queue.resume();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(delivered.map((entry) => entry.item)).toEqual([1, 2, 3, 4]);
    expect(queue.size).toBe(0);
  });

  it('drains before a shutdown: waits for the queued messages, but not past the timeout nor while paused', async () => {
    const { queue, delivered } = makeQueue(2);
    queue.resume();
    for (let item = 1; item <= 3; item += 1) queue.push(item);
    let drained = false;
    void queue.drain(5_000).then(() => (drained = true));
    await vi.advanceTimersByTimeAsync(900);
    expect(drained).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(delivered.map((entry) => entry.item)).toEqual([1, 2, 3]);
    expect(drained).toBe(true);

    for (let item = 4; item <= 13; item += 1) queue.push(item);
    let timedOut = false;
    void queue.drain(1_000).then(() => (timedOut = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(timedOut).toBe(true);
    expect(queue.size).toBeGreaterThan(0);

    queue.pause();
    await expect(queue.drain(60_000)).resolves.toBeUndefined();
  });

  it('retries a failed send after a growing delay, keeping the order', async () => {
    const { queue, delivered, failures } = makeQueue(100, new Map([[1, 2]]));
    queue.resume();
    queue.push(1);
    queue.push(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(delivered).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_001);
    expect(delivered.map((entry) => entry.item)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(10);
    expect(delivered.map((entry) => entry.item)).toEqual([1, 2]);
    expect(failures).toEqual([
      { item: 1, attempt: 1, givenUp: false },
      { item: 1, attempt: 2, givenUp: false },
    ]);
  });

  it('gives up on a message that keeps failing while connected, so it cannot block the others', async () => {
    const { queue, delivered, failures } = makeQueue(100, new Map([[1, 99]]));
    queue.resume();
    queue.push(1);
    queue.push(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(delivered.map((entry) => entry.item)).toEqual([2]);
    expect(failures.at(-1)).toEqual({ item: 1, attempt: 3, givenUp: true });
  });

  it('counts attempts again after a pause (a failure while the connection dropped says nothing about the message)', async () => {
    const { queue, delivered, failures } = makeQueue(100, new Map([[1, 4]]));
    queue.resume();
    queue.push(1);
    await vi.advanceTimersByTimeAsync(1_000);
    queue.pause();
    queue.resume();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(delivered.map((entry) => entry.item)).toEqual([1]);
    expect(failures.every((failure) => !failure.givenUp)).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => makeQueue(0)).toThrow(RangeError);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, takes off at most 20 % at random, and starts over after reset', () => {
    const most = new Backoff({ initialMs: 1_000, maxMs: 5_000 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => most.nextDelayMs())).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(most.attempt).toBe(5);
    most.reset();
    expect(most.attempt).toBe(0);
    expect(most.nextDelayMs()).toBe(1_000);
    const least = new Backoff({ initialMs: 1_000, maxMs: 5_000 }, () => 1);
    expect([1, 2, 3, 4].map(() => least.nextDelayMs())).toEqual([800, 1_600, 3_200, 4_000]);
  });
});
