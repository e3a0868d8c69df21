// The fleet's leader lock against a real Redis (REDIS_URL): one holder at a time, renewed while it lives, handed over on
// release, taken over when the holder stops renewing, with growing fencing numbers, and a holder that lost it is told.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { connectFleetRedis, lockKey, runAsLeader, type Leadership } from './fleet-lock.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] fleet lock tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

const logger = pino({ level: 'silent' });
/** Every key of this run starts with it, so runs in parallel on one Redis do not meet. */
const prefix = `test-fleet-lock-${randomBytes(4).toString('hex')}:`;
/** Short timing so the tests take seconds: renewals every 200 ms, a dead holder's lock free within 600 ms. */
const timing = { ttlMs: 600, retryMs: 100 };

/** One instance taking part in a lock, on its own Redis connection, with what happened to it. */
interface Member {
  readonly name: string;
  readonly redis: Redis;
  readonly leadership: Leadership;
  readonly acquired: Array<{ readonly fence: number; readonly atMs: number }>;
  readonly lost: number[];
  leading: boolean;
}

const connections: Redis[] = [];
const members: Member[] = [];

function join(lock: string, name: string, onAcquired?: () => Promise<void>): Member {
  const redis = connectFleetRedis(redisUrl ?? '', logger, 300);
  connections.push(redis);
  const member: Member = {
    name,
    redis,
    acquired: [],
    lost: [],
    leading: false,
    leadership: undefined as unknown as Leadership,
  };
  const leadership = runAsLeader(
    lock,
    {
      async onAcquired(fence) {
        member.acquired.push({ fence, atMs: Date.now() });
        member.leading = true;
        await onAcquired?.();
      },
      onLost() {
        member.lost.push(Date.now());
        member.leading = false;
      },
    },
    { redis, prefix, logger, instanceId: name, ...timing },
  );
  Object.assign(member, { leadership });
  members.push(member);
  return member;
}

/** The one member leading now (fails when none or several are). */
async function theLeader(among: Member[]): Promise<Member> {
  return vi.waitFor(
    () => {
      const leaders = among.filter((member) => member.leading);
      expect(leaders).toHaveLength(1);
      return leaders[0] as Member;
    },
    { timeout: 3_000, interval: 20 },
  );
}

afterEach(async () => {
  await Promise.all(members.splice(0).map((member) => member.leadership.stop()));
});
afterAll(async () => {
  if (!redisUrl) return;
  const admin = connectFleetRedis(redisUrl, logger);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
  for (const redis of connections) redis.disconnect();
});

describe.skipIf(!redisUrl)('a fleet leader lock', () => {
  it('is held by exactly one of three instances, and its key holds that holder’s token', async () => {
    const three = ['a', 'b', 'c'].map((name) => join('exclusive', name));
    const leader = await theLeader(three);
    await sleep(300);
    expect(three.filter((member) => member.leading)).toEqual([leader]);
    expect(leader.leadership.isLeader()).toBe(true);
    expect(three.filter((member) => member.leadership.isLeader())).toHaveLength(1);
    const value = await leader.redis.get(lockKey(prefix, 'exclusive'));
    expect(value).toBe(leader.leadership.token());
    expect(value).toBe(`${leader.leadership.fence()}:${leader.name}`);
  });

  it('stays with its holder while it renews, well past the time to live', async () => {
    const two = [join('renewed', 'a'), join('renewed', 'b')];
    const leader = await theLeader(two);
    await sleep(timing.ttlMs * 4);
    expect(two.filter((member) => member.leading)).toEqual([leader]);
    expect(leader.lost).toEqual([]);
    expect(two.flatMap((member) => member.acquired)).toHaveLength(1);
  });

  it('is handed over at once when its holder releases it, with a larger fencing number', async () => {
    const two = [join('released', 'a'), join('released', 'b')];
    const first = await theLeader(two);
    const releasedAtMs = Date.now();
    await first.leadership.stop();
    expect(first.lost).toHaveLength(1);
    expect(first.leadership.isLeader()).toBe(false);
    const second = await theLeader(two);
    expect(second).not.toBe(first);
    const taken = second.acquired[0];
    expect(taken?.atMs ?? Infinity).toBeLessThan(releasedAtMs + timing.retryMs + 300);
    expect(taken?.fence ?? 0).toBeGreaterThan(first.acquired[0]?.fence ?? Infinity);
  });

  it('goes to another instance within ttl + retry when its holder stops renewing, and the old holder stops first', async () => {
    const two = [join('crashed', 'a'), join('crashed', 'b')];
    const first = await theLeader(two);
    // Simulated crash: the holder's connection is gone, so it neither renews nor releases.
    const crashedAtMs = Date.now();
    first.redis.disconnect();
    const second = await vi.waitFor(
      () => {
        const leader = two.find((member) => member !== first && member.leading);
        expect(leader).toBeDefined();
        return leader as Member;
      },
      { timeout: 3_000, interval: 10 },
    );
    const takenAtMs = second.acquired[0]?.atMs ?? Infinity;
    expect(second).not.toBe(first);
    expect(takenAtMs - crashedAtMs).toBeLessThan(timing.ttlMs + timing.retryMs + 200);
    // The old holder was told before the new one started: never two leaders at once.
    expect(first.lost).toHaveLength(1);
    expect(first.lost[0] ?? Infinity).toBeLessThan(takenAtMs);
    expect(first.leadership.isLeader()).toBe(false);
  });

  it('gives every holding a fencing number larger than all before it', async () => {
    const fences: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const member = join('fenced', `m${round}`);
      await theLeader([member]);
      fences.push(member.leadership.fence() ?? 0);
      await member.leadership.stop();
    }
    expect(fences.every((fence, index) => index === 0 || fence > (fences[index - 1] ?? Infinity))).toBe(true);
  });

  it('tells a holder whose lock another instance took at its next renewal, and keeps it out while the other holds it', async () => {
    const holder = join('stolen', 'a');
    await theLeader([holder]);
    const admin = connectFleetRedis(redisUrl ?? '', logger);
    connections.push(admin);
    // As after an expiry the holder did not notice: the key now holds someone else's token.
    await admin.set(lockKey(prefix, 'stolen'), '999999:intruder', 'PX', 5_000);
    const stolenAtMs = Date.now();
    await vi.waitFor(() => expect(holder.lost).toHaveLength(1), { timeout: 2_000, interval: 10 });
    expect((holder.lost[0] ?? Infinity) - stolenAtMs).toBeLessThanOrEqual(timing.ttlMs / 3 + 100);
    expect(holder.leadership.isLeader()).toBe(false);
    await sleep(timing.retryMs * 4);
    expect(holder.acquired).toHaveLength(1);
    // Its release did not delete the other's lock.
    expect(await admin.get(lockKey(prefix, 'stolen'))).toBe('999999:intruder');
    await admin.del(lockKey(prefix, 'stolen'));
    await vi.waitFor(() => expect(holder.acquired).toHaveLength(2), { timeout: 2_000, interval: 10 });
  });

  it('gives the lock up when the holder cannot start leading, and tries again', async () => {
    let failures = 1;
    const member = join('failing', 'a', async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('cannot start');
      }
    });
    await vi.waitFor(() => expect(member.acquired).toHaveLength(2), { timeout: 3_000, interval: 10 });
    expect(member.lost).toHaveLength(1);
    expect(member.leadership.isLeader()).toBe(true);
  });
});
