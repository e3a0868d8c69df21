import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';

// The whole server with Telegram and the outbound scheduler on (a tick a second), against the local fake Bot API, on a
// clock the test moves: a reminder reaches the debtor's verified chat once, in their hours; after STOP, nothing more.
const token = '123456789:AAE-test-token-for-the-fake-bot-api';
const folder = mkdtempSync(join(tmpdir(), 'e2e-reminders-'));
let clock = new Date('2026-12-01T12:00:00Z'); // Tuesday 1 December, 09:00 in Santiago

describe('reminders on Telegram', () => {
  let api: FakeBotApi;
  let app: RunningApp;

  beforeAll(async () => {
    api = await startFakeBotApi({ token });
    app = await startTestApp(
      {
        DATABASE_URL: `file:${join(folder, 'reminders.db')}`,
        LENDER_NAME: 'Banco Demo',
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: api.apiRoot,
        OUTBOUND_ENABLED: 'true',
        OUTBOUND_TICK_SECONDS: '1',
      },
      { now: () => clock },
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });

  const reminders = (chatId: number) =>
    api.sentMessages(chatId).filter((message) => message.text.startsWith('Hola, te escribe Banco Demo'));
  const ticks = (count: number) => new Promise((resolve) => setTimeout(resolve, count * 1000 + 300));

  it('sends the reminder once, inside Chile’s hours, to the chat the debtor verified, and logs it', async () => {
    const ana = new TelegramUser(api, { id: 7001, firstName: 'Ana', languageCode: 'es' });
    api.userSends(ana.user, '/start');
    await ana.waitForReply(/Banco Demo/);
    await ana.say('cuanto debo', /documento/);
    await ana.say('12.345.678-5 14/03/1985', /1\.250\.000/);
    // The lender's next file moves the card's due date to Friday 4 December: the pre_due reminder is for today, 10:00.
    await app.database.prisma.account.update({ where: { externalRef: 'CL-TC-0001' }, data: { dueDateIso: '2026-12-04' } });

    clock = new Date('2026-12-01T12:40:00Z'); // 09:40: the plan is made again, nothing is due yet
    await ticks(2);
    expect(reminders(7001)).toHaveLength(0);
    const job = await app.database.prisma.outboundJob.findFirstOrThrow({ where: { kind: 'pre_due' } });
    expect(job.dueAt.toISOString()).toBe('2026-12-01T13:00:00.000Z');

    clock = new Date('2026-12-01T13:00:30Z');
    const sent = await api.waitFor(() => reminders(7001)[0], 10_000);
    expect(sent.text).toContain('vence el 4 de diciembre de 2026');
    expect(sent.text).not.toMatch(/1\.250\.000|CL-TC/);
    // The attempt and the transcript line are written once Telegram has answered the send: wait for them.
    const attempt = await vi.waitFor(() => app.database.prisma.contactAttempt.findFirstOrThrow({ where: { jobKey: job.key } }), {
      timeout: 5_000,
    });
    expect(attempt).toMatchObject({
      channel: 'telegram',
      kind: 'pre_due',
      outcome: 'sent',
      template: 'reminder.pre_due.es',
      rulesVersion: 'built-in 2026-12',
    });
    await vi.waitFor(
      async () => {
        const transcript = await app.database.prisma.message.findMany({
          where: { conversation: { channel: 'telegram', channelUserId: '7001' } },
        });
        expect(transcript.map((message) => message.text)).toContain(sent.text);
      },
      { timeout: 5_000 },
    );

    clock = new Date('2026-12-01T13:20:00Z'); // a replan and more ticks later: still once
    await ticks(2);
    expect(reminders(7001)).toHaveLength(1);
    expect(await app.database.prisma.contactAttempt.count({ where: { jobKey: job.key } })).toBe(1);
  });

  it('after STOP in that chat nothing more is sent there: the due-day reminder is refused or dropped, and nothing is logged as sent', async () => {
    const ana = new TelegramUser(api, { id: 7001, firstName: 'Ana', languageCode: 'es' });
    api.userSends(ana.user, 'STOP');
    await api.waitFor(() => api.sentMessages(7001).find((message) => /no quieres recibir más mensajes/i.test(message.text)), 10_000);
    clock = new Date('2026-12-04T13:00:30Z'); // Friday 10:00:30 in Santiago: the due_today moment
    await ticks(3);
    expect(reminders(7001)).toHaveLength(1);
    const dueToday = await app.database.prisma.outboundJob.findMany({ where: { kind: 'due_today' } });
    for (const job of dueToday) expect(['dropped', 'refused']).toContain(job.status);
    expect(await app.database.prisma.contactAttempt.count({ where: { outcome: 'sent' } })).toBe(1);
  });
});
