// The Redis hub on its own against the real Redis (REDIS_URL): what the Direct Line suites do not reach — a
// conversation Redis forgot (its keys expired) comes back numbered past everything it used, and only ever answers what
// came after; a stream subscribed on another hub gets each activity once, in order.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamSubscriber } from './conversation.js';
import { RedisConversationHub } from './redis-hub.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] Redis hub tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

const prefix = `test:redis-hub:${randomBytes(4).toString('hex')}:`;
const hubs: RedisConversationHub[] = [];
afterAll(async () => Promise.all(hubs.map((hub) => hub.close())));

function hub(): RedisConversationHub {
  const made = new RedisConversationHub({
    url: redisUrl ?? '',
    prefix,
    maxActivities: 3,
    idleMs: 60_000,
    unstartedIdleMs: 60_000,
    onError: () => undefined,
  });
  hubs.push(made);
  return made;
}

/** The ActivitySet a hub answers, parsed. */
function parsed(json: string): { activities: Array<{ id: string; text: string }>; watermark?: string } {
  return JSON.parse(json) as { activities: Array<{ id: string; text: string }>; watermark?: string };
}

const message = (text: string) => (id: string) => ({ id, type: 'message', text });

describe.skipIf(!redisUrl)('the Redis conversation hub', () => {
  it('keeps the newest activities, and a forgotten conversation comes back numbered past what it used', async () => {
    const shared = hub();
    await shared.create('c1');
    expect(await shared.start('c1')).toBe(true);
    expect(await shared.start('c1')).toBe(false);
    for (const text of ['a', 'b', 'c', 'd']) await shared.append('c1', message(text));
    const kept = parsed(await shared.activitiesAfter('c1', undefined));
    expect(kept.activities.map((activity) => activity.text)).toEqual(['b', 'c', 'd']);
    expect(kept.watermark).toBe('3');
    expect(kept.activities[0]?.id).toBe('c1|0000001');

    const redis = new Redis(redisUrl ?? '');
    try {
      await redis.del(`${prefix}dl:{c1}:meta`, `${prefix}dl:{c1}:seq`, `${prefix}dl:{c1}:log`);
    } finally {
      redis.disconnect();
    }
    await shared.restore('c1');
    expect(await shared.start('c1')).toBe(false); // a forgotten conversation is not greeted again
    const next = await shared.append('c1', message('after'));
    const seq = Number(next.id.split('|')[1]);
    expect(seq).toBeGreaterThan(3);
    const afterOld = parsed(await shared.activitiesAfter('c1', '3'));
    expect(afterOld.activities.map((activity) => activity.text)).toEqual(['after']);
    expect(afterOld.watermark).toBe(String(seq));
  });

  it('streams each activity once and in order to a socket held by another hub, backlog first', async () => {
    const [writer, reader] = [hub(), hub()];
    await writer.create('c2');
    await writer.append('c2', message('before'));
    const received: string[] = [];
    const watermarks: number[] = [];
    const subscriber: StreamSubscriber = {
      deliver: (json) => {
        const set = parsed(json);
        for (const activity of set.activities) received.push(activity.text);
        watermarks.push(Number(set.watermark));
        return true;
      },
      replaced: () => undefined,
    };
    await reader.attach('c2', subscriber, undefined);
    await Promise.all(['one', 'two', 'three'].map((text) => writer.append('c2', message(text))));
    await expect.poll(() => received.length).toBe(4);
    expect(received[0]).toBe('before');
    expect(new Set(received)).toEqual(new Set(['before', 'one', 'two', 'three']));
    expect(watermarks).toEqual([0, 1, 2, 3]);
    reader.detach('c2', subscriber);
  });
});
