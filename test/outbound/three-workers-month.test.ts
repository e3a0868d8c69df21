import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/calendar.js';
import { defaultPolicy, type LedgerContext } from '../../ledger/index.js';
import { outboundQueueName } from '../../server/outbound-queue.js';
import type { OutboundScheduler } from '../../server/outbound-scheduler.js';
import { bullConnectionOf } from '../../server/redis-connection.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeTestScheduler } from '../support/test-scheduler.js';

// DESIGN §15: reminders on BullMQ, each sent once fleet-wide. Three schedulers (three app instances) on one PostgreSQL
// schema and one Redis tick at the same simulated hours through a month, each adding what is due to the shared queue and
// each running a worker; one of them restarts mid-month. The fake Telegram counts what reaches each debtor's chat.
const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!redisUrl || !databaseUrl)
  console.warn('[skip] three-worker month skipped: set REDIS_URL and TEST_DATABASE_URL (PostgreSQL) to run it.');

const hourMs = 3_600_000;
const start = Date.parse('2026-11-01T00:00:00Z');
const end = Date.parse('2026-12-01T00:00:00Z');
const restartAt = Date.parse('2026-11-10T12:00:00Z');
const debtorCount = 60;

/** Countries of the portfolio, in turn; US and MX allow every day, so their due-date reminders never move. */
const profiles = [
  { country: 'US', timezone: 'America/New_York', currency: 'USD', language: 'en' },
  { country: 'MX', timezone: 'America/Mexico_City', currency: 'MXN', language: 'es' },
  { country: 'CL', timezone: 'America/Santiago', currency: 'CLP', language: 'es' },
  { country: 'CO', timezone: 'America/Bogota', currency: 'COP', language: 'es' },
  { country: 'PE', timezone: 'America/Lima', currency: 'PEN', language: 'es' },
  { country: 'SV', timezone: 'America/El_Salvador', currency: 'USD', language: 'es' },
] as const;

/** The local date of an instant in a zone, through Intl (apart from the planner's own calendar). */
function localDate(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

describe.skipIf(!redisUrl || !databaseUrl)('a month of reminders with three workers', () => {
  let database: TempDatabase;
  let ledger: LedgerContext;
  /** Per debtor: its chat, country, zone and the one account's due date. */
  const debtors = new Map<string, { chat: string; country: string; timezone: string; dueDateIso: string }>();

  beforeAll(async () => {
    database = await openTempDatabase('postgresql');
    ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
    // One account per debtor, due between 25 October and 30 November: every kind of reminder falls in the month.
    for (let index = 0; index < debtorCount; index += 1) {
      const profile = profiles[index % profiles.length] as (typeof profiles)[number];
      const dueDateIso = addDays('2026-10-25', (index * 7) % 37);
      const debtor = await database.prisma.debtor.create({
        data: {
          externalId: `M-${index}`,
          fullName: 'Test Debtor',
          documentType: 'ID',
          documentNumber: `M${index}`,
          documentNumberNormalized: `M${index}`,
          dateOfBirthIso: '1980-01-01',
          phone: '',
          email: '',
          language: profile.language,
          country: profile.country,
          timezone: profile.timezone,
        },
      });
      await database.prisma.account.create({
        data: {
          externalRef: `M-${index}-A`,
          debtorId: debtor.id,
          product: 'loan',
          currency: profile.currency,
          originalAmountMinor: 100_000n,
          balanceMinor: 100_000n,
          dueDateIso,
        },
      });
      const chat = `M-chat-${index}`;
      await database.prisma.channelIdentity.create({
        data: { channel: 'telegram', channelUserId: chat, debtorId: debtor.id, verifiedAt: new Date(start - 86_400_000) },
      });
      const reference = { channelId: 'telegram', conversation: { id: chat }, user: { id: chat }, bot: { id: 'bot' }, serviceUrl: '' };
      await database.prisma.conversation.create({
        data: {
          channel: 'telegram',
          channelConversationId: chat,
          channelUserId: chat,
          debtorId: debtor.id,
          reference: JSON.stringify(reference),
        },
      });
      debtors.set(debtor.id, { chat, country: profile.country, timezone: profile.timezone, dueDateIso });
    }
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
  });

  it('sends each contact exactly once: none twice, none missing', async () => {
    const url = redisUrl as string;
    const prefix = `test-${randomUUID()}`;
    let clock = start;
    const deliveries: Array<{ chat: string; atMs: number; worker: number }> = [];
    const makeWorker = (worker: number) =>
      makeTestScheduler(
        ledger,
        async (reference) => {
          await new Promise((resolve) => setTimeout(resolve, 3));
          deliveries.push({ chat: String(reference.conversation?.id), atMs: clock, worker });
        },
        { now: () => new Date(clock), redisUrl: url, queuePrefix: prefix, replanEveryMs: 24 * hourMs },
      );
    const workers: OutboundScheduler[] = [makeWorker(0), makeWorker(1), makeWorker(2)];
    // The test's view of the shared queue, to know when the workers have taken everything the ticks added.
    const queue = new Queue(outboundQueueName, { connection: bullConnectionOf(url), prefix });
    const queueIsEmpty = async () =>
      Object.values(await queue.getJobCounts('wait', 'active', 'prioritized', 'delayed', 'paused')).every((count) => count === 0);
    const dueLeft = () => database.prisma.outboundJob.count({ where: { status: 'planned', dueAt: { lte: new Date(clock) } } });
    try {
      for (; clock < end; clock += hourMs) {
        if (clock === restartAt) {
          // An instance restarts: its worker stops (after the job it runs) and a new one joins.
          await workers[2]?.stop();
          workers[2] = makeWorker(3);
        }
        // The instances tick together, again and again while their workers send, each adding what it finds due (so a
        // contact is added again while it is being sent, or just after); the hour ends when the queue is empty and
        // nothing due is left.
        for (let round = 0; round < 500; round += 1) {
          await Promise.all(workers.map((worker) => worker.tick()));
          if ((await queueIsEmpty()) && (await dueLeft()) === 0) break;
        }
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await queue.close();
    }

    const jobs = await database.prisma.outboundJob.findMany();
    const attempts = await database.prisma.contactAttempt.findMany();
    const sent = attempts.filter((attempt) => attempt.outcome === 'sent');
    expect(sent.length).toBeGreaterThan(150);

    // At the fake Telegram: one delivery per (chat, hour) at most; with one account a debtor has at most one contact at a
    // time, so a contact sent twice would show as two deliveries there.
    const deliveriesAt = new Map<string, number>();
    for (const delivery of deliveries)
      deliveriesAt.set(`${delivery.chat}@${delivery.atMs}`, (deliveriesAt.get(`${delivery.chat}@${delivery.atMs}`) ?? 0) + 1);
    expect([...deliveriesAt].filter(([, count]) => count > 1)).toEqual([]);

    // Each delivery is a contact the log has as sent, by its key, and each sent contact was delivered exactly once.
    const sentAt = new Map(
      sent.map((attempt) => [`${debtors.get(attempt.debtorId)?.chat}@${attempt.attemptedAt.getTime()}`, attempt.jobKey]),
    );
    const deliveriesPerKey = new Map<string, number>();
    for (const delivery of deliveries) {
      const key = sentAt.get(`${delivery.chat}@${delivery.atMs}`) ?? `unplanned ${delivery.chat}@${new Date(delivery.atMs).toISOString()}`;
      deliveriesPerKey.set(key, (deliveriesPerKey.get(key) ?? 0) + 1);
    }
    const sentJobs = jobs.filter((job) => job.status === 'sent');
    expect(sentJobs).toHaveLength(sent.length);
    expect([...deliveriesPerKey.keys()].sort()).toEqual(sentJobs.map((job) => job.key).sort());
    expect([...deliveriesPerKey.values()].every((count) => count === 1)).toBe(true);
    // One line in the contact log per contact that ended, none left claimed, none due and left behind.
    const attemptsPerKey = new Map<string, number>();
    for (const attempt of attempts) attemptsPerKey.set(attempt.jobKey, (attemptsPerKey.get(attempt.jobKey) ?? 0) + 1);
    expect([...attemptsPerKey.values()].every((count) => count === 1)).toBe(true);
    expect(jobs.filter((job) => job.status === 'sending')).toEqual([]);
    expect(jobs.filter((job) => job.status === 'planned' && job.dueAt.getTime() < end)).toEqual([]);
    expect(attempts.filter((attempt) => attempt.reason === 'interrupted')).toEqual([]);

    // None missing, counted apart from the planner: where no rule moves a reminder (US, MX: every day, holidays
    // included), each one the cadence asks for in November is delivered once, on its local date.
    const cadence = { pre_due: [-3], due_today: [0], past_due: [1, 7, 15, 30] };
    const expected: string[] = [];
    for (const debtor of debtors.values()) {
      if (debtor.country !== 'US' && debtor.country !== 'MX') continue;
      for (const offsets of Object.values(cadence))
        for (const offset of offsets) {
          const dateIso = addDays(debtor.dueDateIso, offset);
          if (dateIso >= '2026-11-01' && dateIso <= '2026-11-30') expected.push(`${debtor.chat} ${dateIso}`);
        }
    }
    expect(expected.length).toBeGreaterThan(50);
    const zoneOf = new Map([...debtors.values()].map((debtor) => [debtor.chat, debtor.timezone]));
    const delivered = deliveries.map((delivery) => `${delivery.chat} ${localDate(delivery.atMs, zoneOf.get(delivery.chat) ?? 'UTC')}`);
    for (const contact of expected)
      expect(
        delivered.filter((line) => line === contact),
        contact,
      ).toHaveLength(1);

    // The work was shared: every instance's worker sent some.
    expect(new Set(deliveries.map((delivery) => delivery.worker)).size).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
