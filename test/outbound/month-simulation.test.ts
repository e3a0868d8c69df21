import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticPortfolio } from '../../ledger/import/generate-portfolio.js';
import { defaultPolicy, importPortfolio, type LedgerContext } from '../../ledger/index.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeTestScheduler } from '../support/test-scheduler.js';

// A month of the real scheduler over a generated 10,000-debtor portfolio, in fake time (a tick an hour, the plan made
// again every day), with promises made, kept and broken, a dispute and an opt-out mid-month. A checker written apart
// from the planner (its own hour table, its own week and day counting) reads what was sent and finds no rule broken,
// and every due-day reminder that must happen happens exactly once.
const hourMs = 3_600_000;
const start = Date.parse('2026-11-01T00:00:00Z');
const end = Date.parse('2026-12-01T00:00:00Z');

/** Allowed local hours per country: [weekday 0 = Sunday … 6] → [from, to) in minutes, or null. Holidays off unless listed. */
const hours: Record<string, { days: Array<[number, number] | null>; holidaysAllowed: boolean }> = {
  US: { days: Array(7).fill([480, 1260]), holidaysAllowed: true },
  MX: { days: Array(7).fill([420, 1320]), holidaysAllowed: true },
  CL: { days: [null, ...Array(6).fill([480, 1200])], holidaysAllowed: false },
  PE: { days: [null, ...Array(5).fill([420, 1200]), null], holidaysAllowed: false },
  SV: { days: [null, ...Array(5).fill([480, 1080]), null], holidaysAllowed: false },
  CO: { days: [null, ...Array(5).fill([420, 1140]), [480, 900]], holidaysAllowed: false },
};

const holidayDates = new Map<string, Set<string>>();
function isHoliday(country: string, date: string): boolean {
  let dates = holidayDates.get(country);
  if (!dates) {
    dates = new Set((new Holidays(country, { types: ['public'] }).getHolidays(2026) || []).map((holiday) => holiday.date.slice(0, 10)));
    holidayDates.set(country, dates);
  }
  return dates.has(date);
}

/** The local date, weekday and minute of an instant in a zone, through Intl. */
function local(epochMs: number, timeZone: string): { date: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(epochMs)
      .map((part) => [part.type, part.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(String(parts.weekday));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const mondayOf = (date: string, weekday: number) => dayNumber(date) - ((weekday + 6) % 7);

describe('a month of reminders over 10,000 debtors', () => {
  let database: TempDatabase;
  let ledger: LedgerContext;
  const sent: Array<{ chat: string; atMs: number }> = [];
  const events = { optOut: { debtorId: '', atMs: 0 }, dispute: { debtorId: '', atMs: 0 } };

  beforeAll(async () => {
    database = await openTempDatabase('sqlite');
    ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
    const file = join(mkdtempSync(join(tmpdir(), 'month-')), 'portfolio.csv');
    await writeSyntheticPortfolio(file, { accounts: 12_600, seed: 31 });
    const imported = await importPortfolio(database, file, { todayIso: '2026-10-31' });
    if (!imported.ok) throw new Error('the generated portfolio did not import');
    const debtors = await database.prisma.debtor.findMany({ select: { id: true } });
    expect(debtors.length).toBeGreaterThanOrEqual(10_000);
    await database.prisma.channelIdentity.createMany({
      data: debtors.map((debtor) => ({
        channel: 'telegram',
        channelUserId: `tg-${debtor.id}`,
        debtorId: debtor.id,
        verifiedAt: new Date(start - 86_400_000),
      })),
    });
    // Promises on 200 accounts that fell due in October, all for 12 November; half will be kept before the day.
    const promised = await database.prisma.account.findMany({
      where: { dueDateIso: { gte: '2026-10-01', lte: '2026-10-31' }, status: 'active' },
      orderBy: { externalRef: 'asc' },
      take: 200,
    });
    await database.prisma.paymentPromise.createMany({
      data: promised.map((account, index) => ({
        accountId: account.id,
        debtorId: account.debtorId,
        currency: account.currency,
        amountMinor: 1000n,
        dueDateIso: '2026-11-12',
        createdByType: 'debtor',
        idempotencyKey: `sim-${index}`,
        requestHash: 'sim',
      })),
    });
  }, 120_000);
  afterAll(async () => {
    await database?.destroy();
  });

  it('breaks no contact rule, and each expected contact happens exactly once', async () => {
    let clock = start;
    const scheduler = makeTestScheduler(
      ledger,
      async (reference) => {
        sent.push({ chat: String(reference.user?.id ?? reference.conversation?.id), atMs: clock });
      },
      { now: () => new Date(clock), replanEveryMs: 24 * hourMs, batchSize: 100_000 },
    );
    const promises = await database.prisma.paymentPromise.findMany({ orderBy: { idempotencyKey: 'asc' } });
    for (; clock < end; clock += hourMs) {
      if (clock === Date.parse('2026-11-10T12:00:00Z')) {
        // Mid-month, a debtor who got reminders says STOP on their chat…
        const attempt = await database.prisma.contactAttempt.findFirstOrThrow({ where: { outcome: 'sent' }, orderBy: { id: 'desc' } });
        events.optOut = { debtorId: attempt.debtorId, atMs: clock };
        await database.prisma.contactPreference.create({
          data: {
            channel: 'telegram',
            channelUserId: `tg-${attempt.debtorId}`,
            debtorId: attempt.debtorId,
            optedOutAt: new Date(clock),
            reason: 'opt_out',
          },
        });
      }
      if (clock === Date.parse('2026-11-11T12:00:00Z')) {
        // … half the promises are kept …
        await database.prisma.paymentPromise.updateMany({
          where: { id: { in: promises.slice(0, 100).map((promise) => promise.id) } },
          data: { status: 'kept' },
        });
      }
      if (clock === Date.parse('2026-11-15T12:00:00Z')) {
        // … and another debtor disputes an account.
        const attempt = await database.prisma.contactAttempt.findFirstOrThrow({
          where: { outcome: 'sent', debtorId: { not: events.optOut.debtorId } },
          orderBy: { id: 'desc' },
        });
        events.dispute = { debtorId: attempt.debtorId, atMs: clock };
        await database.prisma.account.update({ where: { id: attempt.accountId }, data: { status: 'on_hold' } });
      }
      await scheduler.tick();
    }

    const debtors = new Map(
      (await database.prisma.debtor.findMany({ select: { id: true, country: true, timezone: true } })).map((debtor) => [debtor.id, debtor]),
    );
    const attempts = await database.prisma.contactAttempt.findMany({ orderBy: { attemptedAt: 'asc' } });
    const sentAttempts = attempts.filter((attempt) => attempt.outcome === 'sent');
    expect(sentAttempts.length).toBeGreaterThan(1000);
    expect(sent).toHaveLength(sentAttempts.length);

    const violations: string[] = [];
    const byDebtor = new Map<string, Array<{ date: string; weekday: number; channel: string }>>();
    for (const attempt of sentAttempts) {
      const debtor = debtors.get(attempt.debtorId);
      if (!debtor) throw new Error('a contact for an unknown debtor');
      const at = attempt.attemptedAt.getTime();
      const time = local(at, debtor.timezone);
      const window = hours[debtor.country]?.days[time.weekday];
      if (!window || time.minute < window[0] || time.minute >= window[1]) violations.push(`${attempt.id} outside hours`);
      if (!hours[debtor.country]?.holidaysAllowed && isHoliday(debtor.country, time.date)) violations.push(`${attempt.id} on a holiday`);
      if (time.date !== attempt.localDateIso) violations.push(`${attempt.id} logged on the wrong local date`);
      if (attempt.debtorId === events.optOut.debtorId && at >= events.optOut.atMs) violations.push(`${attempt.id} after STOP`);
      if (attempt.debtorId === events.dispute.debtorId && at >= events.dispute.atMs) violations.push(`${attempt.id} after the dispute`);
      const list = byDebtor.get(attempt.debtorId) ?? [];
      list.push({ date: time.date, weekday: time.weekday, channel: attempt.channel });
      byDebtor.set(attempt.debtorId, list);
    }
    for (const [debtorId, contacts] of byDebtor) {
      const country = debtors.get(debtorId)?.country;
      const perWeek = new Map<number, number>();
      const perDay = new Map<string, number>();
      for (const contact of contacts) {
        const week = mondayOf(contact.date, contact.weekday);
        perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
        perDay.set(contact.date, (perDay.get(contact.date) ?? 0) + 1);
      }
      if (country === 'CL') {
        if ([...perWeek.values()].some((count) => count > 2)) violations.push(`${debtorId} more than 2 in a week (CL)`);
        const days = contacts.map((contact) => dayNumber(contact.date)).sort((a, b) => a - b);
        if (days.some((day, index) => index > 0 && day - (days[index - 1] as number) < 2))
          violations.push(`${debtorId} less than 2 days apart (CL)`);
      }
      if (country === 'CO' && [...perDay.values()].some((count) => count > 1)) violations.push(`${debtorId} more than 1 a day (CO)`);
    }
    expect(violations).toEqual([]);

    // Exactly once: no job sent twice, and every job that ended has exactly one line in the contact log.
    const sentKeys = sentAttempts.map((attempt) => attempt.jobKey);
    expect(new Set(sentKeys).size).toBe(sentKeys.length);
    const jobs = await database.prisma.outboundJob.findMany();
    const attemptsByKey = new Map<string, number>();
    for (const attempt of attempts) attemptsByKey.set(attempt.jobKey, (attemptsByKey.get(attempt.jobKey) ?? 0) + 1);
    for (const job of jobs.filter((candidate) => ['sent', 'refused', 'failed'].includes(candidate.status)))
      expect(attemptsByKey.get(job.key)).toBe(1);
    expect(jobs.filter((job) => job.status === 'sending')).toEqual([]);

    // Where no frequency rule can move it (US, MX), every active account due on a day of the month gets its due-day reminder
    // exactly once, that day.
    const accounts = await database.prisma.account.findMany({
      where: { dueDateIso: { gte: '2026-11-01', lte: '2026-11-30' }, status: 'active', debtor: { country: { in: ['US', 'MX'] } } },
      select: { id: true, debtorId: true, dueDateIso: true },
    });
    expect(accounts.length).toBeGreaterThan(50);
    const dueToday = new Map(sentAttempts.filter((attempt) => attempt.kind === 'due_today').map((attempt) => [attempt.accountId, attempt]));
    const missing = accounts.filter((account) => {
      if (account.debtorId === events.optOut.debtorId || account.debtorId === events.dispute.debtorId) return false;
      const attempt = dueToday.get(account.id);
      return !attempt || attempt.localDateIso !== account.dueDateIso;
    });
    expect(missing.map((account) => account.id)).toEqual([]);

    // Promises: the kept ones got no follow-up; each broken one got exactly one (the day after, or the next allowed day).
    const followUps = sentAttempts.filter((attempt) => attempt.kind === 'broken_promise');
    const kept = new Set(promises.slice(0, 100).map((promise) => promise.accountId));
    const broken = new Set(promises.slice(100).map((promise) => promise.accountId));
    expect(followUps.filter((attempt) => kept.has(attempt.accountId))).toEqual([]);
    expect(followUps.every((attempt) => broken.has(attempt.accountId))).toBe(true);
    expect(followUps.length).toBeGreaterThan(50);
    expect(new Set(followUps.map((attempt) => attempt.accountId)).size).toBe(followUps.length);
  }, 600_000);
});
