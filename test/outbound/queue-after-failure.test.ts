import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeOutboundQueue } from '../../server/outbound-queue.js';

// The database says what is due; the BullMQ queue only carries it. A contact whose queue job failed every attempt (the
// database was away, say) is added again by the next tick and then sent: BullMQ must not keep the failed job under the
// contact's key, or it would ignore every later add of that key.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] BullMQ outbound queue tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

describe.skipIf(!redisUrl)('the outbound queue', () => {
  it('takes a contact again after its job failed every attempt', async () => {
    const calls: string[] = [];
    const queue = makeOutboundQueue(
      redisUrl as string,
      async (key) => {
        calls.push(key);
        if (calls.length <= 3) throw new Error('database away');
      },
      pino({ level: 'silent' }),
      `test-${randomUUID()}`,
    );
    try {
      await queue.add('d1|a1|due_today|2026-12-01');
      await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(3);
      // Let the third failure be recorded before the next tick adds the contact again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await queue.add('d1|a1|due_today|2026-12-01');
      await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(4);
    } finally {
      await queue.close();
    }
  }, 30_000);
});
