import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBotHarness, type BotHarness } from '../test/support/bot-harness.js';
import { bullConnectionOf } from './redis-connection.js';
import { scheduleRepeating, scheduleTranscriptPurge } from './retention-job.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] fleet-wide purge tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');
const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

describe('the daily transcript purge', () => {
  // Message rows carry the database's own clock, so the purge's clock is set 731 days past the real one.
  it('purges text past the retention period as soon as it starts, keeping the rows', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('hola');
    const rows = await harness.database.prisma.message.count();
    const stop = scheduleTranscriptPurge({
      ledger: harness.ledger,
      retentionDays: 730,
      now: () => new Date(Date.now() + 731 * 86_400_000),
      logger: silent,
    });
    try {
      await expect.poll(async () => harness.database.prisma.message.count({ where: { text: '[purged]' } })).toBe(rows);
      expect(await harness.database.prisma.message.count()).toBe(rows);
    } finally {
      await stop();
    }
  });

  it('runs on its own timer in every instance without Redis', async () => {
    const runs: number[] = [];
    const stops = [1, 2, 3].map(() =>
      scheduleRepeating({ id: 'timer', intervalMs: 200, logger: silent, onError: () => undefined, run: async () => void runs.push(1) }),
    );
    await sleep(500);
    await Promise.all(stops.map((stop) => stop()));
    // Timers are not shared: each of the three instances runs it at start and again after each interval.
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });
});

describe.skipIf(!redisUrl)('the purge with REDIS_URL: one schedule for the fleet', () => {
  const url = redisUrl as string;

  /** The fleet's schedules of the task `id` under `prefix`, as BullMQ lists them. */
  async function schedulersOf(id: string, prefix: string) {
    const queue = new Queue(`debtbot-${id}`, { connection: bullConnectionOf(url), prefix });
    try {
      return await queue.getJobSchedulers();
    } finally {
      await queue.close();
    }
  }

  it('with three instances registered, is scheduled once and runs once per period', async () => {
    const prefix = `test-${randomUUID()}`;
    const intervalMs = 500;
    const runs: Array<{ instance: number; atMs: number }> = [];
    const startedMs = Date.now();
    const stops = [0, 1, 2].map((instance) =>
      scheduleRepeating({
        id: 'purge',
        intervalMs,
        logger: silent,
        onError: () => undefined,
        redisUrl: url,
        queuePrefix: prefix,
        run: async () => void runs.push({ instance, atMs: Date.now() }),
      }),
    );
    try {
      await sleep(3_000);
      const schedulers = await schedulersOf('purge', prefix);
      expect(schedulers).toHaveLength(1);
      expect(Number(schedulers[0]?.every)).toBe(intervalMs);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
    const periods = (Date.now() - startedMs) / intervalMs;
    // One run per period in the whole fleet (a timer per instance would make three): the one at start, then one per
    // period boundary; a period's run may come late on a busy machine, never twice.
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(periods) + 1);
    expect(runs.length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('does not run again when an instance starts or restarts later in the same period', async () => {
    const prefix = `test-${randomUUID()}`;
    const runs: number[] = [];
    const register = () =>
      scheduleRepeating({
        id: 'purge',
        intervalMs: 3_600_000,
        logger: silent,
        onError: () => undefined,
        redisUrl: url,
        queuePrefix: prefix,
        run: async () => void runs.push(Date.now()),
      });
    const first = register();
    const stops = [first];
    try {
      await expect.poll(() => runs.length, { timeout: 5_000 }).toBe(1);
      // A rolling deploy: the first instance restarts, two more start.
      await first();
      stops.push(register(), register(), register());
      await sleep(1_500);
      expect(runs).toHaveLength(1);
      expect(await schedulersOf('purge', prefix)).toHaveLength(1);
    } finally {
      await Promise.all(stops.slice(1).map((stop) => stop()));
    }
  }, 20_000);

  it('purges through the fleet schedule', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('hola');
    const rows = await harness.database.prisma.message.count();
    const stop = scheduleTranscriptPurge({
      ledger: harness.ledger,
      retentionDays: 730,
      now: () => new Date(Date.now() + 731 * 86_400_000),
      logger: silent,
      redisUrl: url,
      queuePrefix: `test-${randomUUID()}`,
    });
    try {
      await expect.poll(async () => harness.database.prisma.message.count({ where: { text: '[purged]' } })).toBe(rows);
    } finally {
      await stop();
    }
  }, 20_000);
});
