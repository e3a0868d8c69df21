import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../test/support/test-app.js';

// The app with REDIS_URL: its rate limits count in Redis and its purge is the fleet's BullMQ schedule, all under
// REDIS_PREFIX; closing it closes every connection it opened to Redis.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] app-on-Redis tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

/** Open TCP sockets and servers of this process. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

describe.skipIf(!redisUrl)('the app on Redis', () => {
  it('keeps its rate limits and its purge schedule under REDIS_PREFIX, and leaves no connection open when closed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = tcpHandles();
    const prefix = `test-${randomUUID()}:`;
    const folder = mkdtempSync(join(tmpdir(), 'app-redis-'));
    const redis = new Redis(redisUrl as string);
    try {
      const app = await startTestApp({
        DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
        REDIS_URL: redisUrl as string,
        REDIS_PREFIX: prefix,
        WEBCHAT_TOKEN_SECRET: 'test-token-secret-0123456789-abcdefghij',
        OUTBOUND_ENABLED: 'true',
      });
      try {
        const answer = await fetch(`${app.url}/api/webchat/token`, { method: 'POST' });
        expect(answer.status).toBe(200);
        expect(await redis.keys(`${prefix}rate-limit:webchat-token:*`)).toHaveLength(1);
        await expect.poll(() => redis.zcard(`${prefix}bull:debtbot-transcript-purge:repeat`)).toBe(1);
      } finally {
        await app.close();
      }
    } finally {
      redis.disconnect();
      rmSync(folder, { recursive: true, force: true });
    }
    await expect.poll(tcpHandles, { timeout: 5_000 }).toBeLessThanOrEqual(before);
  }, 30_000);
});
