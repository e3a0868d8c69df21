import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { makeFakeSockets, type FakeSocket } from '../whatsapp/fake-socket.js';

// Telegram and WhatsApp on, with WHATSAPP_OUTBOUND: a reminder the debtor's verified Telegram chat cannot take (the bot
// was blocked) falls back to their phone on WhatsApp, through the Baileys channel (a socket stand-in), on a chat the
// debtor never wrote from.
const token = '123456789:AAE-test-token-for-the-fake-bot-api';
const folder = mkdtempSync(join(tmpdir(), 'e2e-fallback-'));
let clock = new Date('2026-12-01T12:00:00Z'); // Tuesday 09:00 in Santiago
const phoneJid = '56912345678@s.whatsapp.net'; // the demo debtor's phone, +56 9 1234 5678

describe('a reminder falls back to the next channel', () => {
  let api: FakeBotApi;
  let app: RunningApp;
  let socket: FakeSocket;

  beforeAll(async () => {
    api = await startFakeBotApi({ token });
    const sockets = makeFakeSockets();
    app = await startTestApp(
      {
        DATABASE_URL: `file:${join(folder, 'fallback.db')}`,
        LENDER_NAME: 'Banco Demo',
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: api.apiRoot,
        WHATSAPP_ENABLED: 'true',
        WHATSAPP_OUTBOUND: 'true',
        WHATSAPP_SEND_RATE_PER_SECOND: '20',
        OUTBOUND_ENABLED: 'true',
        OUTBOUND_TICK_SECONDS: '1',
      },
      { now: () => clock, whatsappSocketFactory: sockets.factory, printWhatsAppQr: () => undefined },
    );
    socket = sockets.latest();
    socket.open();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });

  it('Telegram refuses (blocked): the reminder goes to WhatsApp, once, and the log says so', async () => {
    const ana = new TelegramUser(api, { id: 7301, firstName: 'Ana', languageCode: 'es' });
    api.userSends(ana.user, '/start');
    await ana.waitForReply(/Banco Demo/);
    await ana.say('cuanto debo', /documento/);
    await ana.say('12.345.678-5 14/03/1985', /1\.250\.000/);
    await app.database.prisma.account.update({ where: { externalRef: 'CL-TC-0001' }, data: { dueDateIso: '2026-12-04' } });
    clock = new Date('2026-12-01T12:40:00Z');
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const job = await app.database.prisma.outboundJob.findFirstOrThrow({ where: { kind: 'pre_due' } });
    expect(job.channel).toBe('telegram');

    api.failNext('sendMessage', 3, { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    clock = new Date('2026-12-01T13:00:30Z');
    const onWhatsApp = await api.waitFor(
      () => socket.sent.find((sent) => sent.jid === phoneJid && sent.text.startsWith('Hola, te escribe Banco Demo')),
      10_000,
    );
    expect(onWhatsApp.text).toContain('vence el 4 de diciembre de 2026');
    const attempts = await app.database.prisma.contactAttempt.findMany({ where: { jobKey: job.key } });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ channel: 'whatsapp', outcome: 'sent' });
    expect(api.sentMessages(7301).filter((message) => message.text.startsWith('Hola, te escribe'))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 2300));
    expect(socket.sent.filter((sent) => sent.jid === phoneJid)).toHaveLength(1);
  });
});
