import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContactRules, defaultPolicy, type LedgerContext } from '../../ledger/index.js';
import { ChannelSenders } from '../../server/channel-senders.js';
import { makeOutboundGate } from '../../server/outbound-gate.js';
import { OutboundScheduler } from '../../server/outbound-scheduler.js';
import { seedReachableDebtors } from '../support/outbound-seed.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';

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
    const senders = new ChannelSenders();
    senders.register('telegram', async (reference) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sent.push(String(reference.conversation?.id));
    });
    const logger = pino({ level: 'silent' });
    const prefix = `test-${randomUUID()}`;
    const make = () =>
      new OutboundScheduler({
        ledger,
        rules: defaultContactRules,
        channels: new Set(['webchat', 'telegram']),
        senders,
        gate: makeOutboundGate(
          ledger,
          logger,
          new Counter({ name: `r${randomUUID().slice(0, 8)}`, help: 'x', labelNames: ['kind', 'reason'], registers: [] }),
        ),
        logger,
        lenderName: 'Banco Demo',
        now: () => dueAt,
        planDays: 7,
        replanEveryMs: 15 * 60_000,
        batchSize: 1000,
        leaseMs: 5 * 60_000,
        redisUrl: redisUrl as string,
        queuePrefix: prefix,
      });
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
