import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy, type LedgerContext } from '../../ledger/index.js';
import { seedReachableDebtors } from '../support/outbound-seed.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeTestScheduler } from '../support/test-scheduler.js';

// With REDIS_URL the due contacts go through BullMQ: two scheduler instances on the same database and Redis (as two
// servers behind a load balancer) send each contact once.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] BullMQ outbound tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');
const dueAt = new Date('2026-12-01T13:00:30Z'); // Tuesday 10:00:30 in Santiago
const debtors = 12;

describe.skipIf(!redisUrl)('outbound contacts through BullMQ', () => {
  let database: TempDatabase;
  let ledger: LedgerContext;
  beforeAll(async () => {
    database = await openTempDatabase('sqlite');
    ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
    await seedReachableDebtors(database.prisma, { prefix: 'Q', count: debtors, dueDateIso: '2026-12-04' });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('two instances on one Redis send every due reminder exactly once', async () => {
    const sent: string[] = [];
    const prefix = `test-${randomUUID()}`;
    const make = () =>
      makeTestScheduler(
        ledger,
        async (reference) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          sent.push(String(reference.conversation?.id));
        },
        { now: () => dueAt, redisUrl: redisUrl as string, queuePrefix: prefix },
      );
    const [first, second] = [make(), make()];
    try {
      const ticks = await Promise.all([first.tick(), second.tick(), first.tick()]);
      expect(ticks.reduce((total, tick) => total + tick.queued, 0)).toBeGreaterThanOrEqual(debtors);
      const deadline = Date.now() + 20_000;
      while (sent.length < debtors && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sent.sort()).toEqual(Array.from({ length: debtors }, (_, index) => `Q-chat-${index}`).sort());
      const attempts = await database.prisma.contactAttempt.findMany({ where: { outcome: 'sent' } });
      expect(attempts).toHaveLength(debtors);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  }, 60_000);
});
