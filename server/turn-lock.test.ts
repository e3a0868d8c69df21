// The fleet-wide turn lock against the real Redis (REDIS_URL): two instances' turns of one conversation never overlap,
// other conversations are not held up, and a lock whose holder died frees itself.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRedisTurnLock, type RedisTurnLock } from './turn-lock.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] turn lock tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

const prefix = `test:turn-lock:${randomBytes(4).toString('hex')}:`;
const logger = pino({ level: 'silent' });
const locks: RedisTurnLock[] = [];
afterAll(async () => Promise.all(locks.map((lock) => lock.close())));

/** A lock as one instance holds it, held at most `holdMs`. */
function instanceLock(holdMs = 2_000): RedisTurnLock {
  const lock = makeRedisTurnLock(redisUrl ?? '', prefix, holdMs, logger);
  locks.push(lock);
  return lock;
}

/** A turn that takes `ms` and notes when it ran. */
function turn(log: Array<{ name: string; start: number; end: number }>, name: string, ms: number): () => Promise<string> {
  return async () => {
    const start = performance.now();
    await sleep(ms);
    log.push({ name, start, end: performance.now() });
    return name;
  };
}

describe.skipIf(!redisUrl)('the fleet-wide turn lock', () => {
  it('runs two instances’ turns of one conversation one after the other, and others alongside', async () => {
    const [a, b] = [instanceLock(), instanceLock()];
    const log: Array<{ name: string; start: number; end: number }> = [];
    const results = await Promise.all([
      a.run('webchat:one', turn(log, 'a1', 150)),
      b.run('webchat:one', turn(log, 'b1', 150)),
      b.run('webchat:two', turn(log, 'b2', 150)),
    ]);
    expect(results).toEqual(['a1', 'b1', 'b2']);
    const [first, second] = log.filter((entry) => entry.name !== 'b2').sort((x, y) => x.start - y.start);
    expect(second!.start).toBeGreaterThanOrEqual(first!.end);
    const other = log.find((entry) => entry.name === 'b2')!;
    expect(other.start).toBeLessThan(first!.end);
  });

  it('frees the lock after a failed turn, and after its holder died once the hold time has passed', async () => {
    const lock = instanceLock(600);
    await expect(lock.run('telegram:9', () => Promise.reject(new Error('turn failed')))).rejects.toThrow('turn failed');
    expect(await lock.run('telegram:9', () => Promise.resolve('next'))).toBe('next');
    const redis = new Redis(redisUrl ?? '');
    try {
      await redis.set(`${prefix}turn:telegram:10`, 'a dead instance', 'PX', 400);
    } finally {
      await redis.quit();
    }
    const started = performance.now();
    expect(await lock.run('telegram:10', () => Promise.resolve('after the dead one'))).toBe('after the dead one');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('gives up on a conversation held past the hold time, failing the turn instead of waiting for ever', async () => {
    const lock = instanceLock(300);
    const redis = new Redis(redisUrl ?? '');
    try {
      await redis.set(`${prefix}turn:webchat:stuck`, 'someone', 'PX', 5_000);
    } finally {
      await redis.quit();
    }
    await expect(lock.run('webchat:stuck', () => Promise.resolve('never'))).rejects.toThrow(/still busy on another instance/);
  });
});
