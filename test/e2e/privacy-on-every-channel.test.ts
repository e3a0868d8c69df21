import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppOverrides, RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { makeFakeSockets, sayOnWhatsApp } from '../whatsapp/fake-socket.js';
import { openChat } from './direct-line-client.js';

// DESIGN §11 on each channel, against the whole server: "wrong person" ends the disclosure at once, and
// identity data typed in the chat is never stored raw.
const token = '123456789:AAE-privacy-token-0123456789abc';
const folder = mkdtempSync(join(tmpdir(), 'e2e-privacy-'));
const startOfDay = new Date('2026-11-23T15:00:00Z');
let now = startOfDay;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Sends a message and waits for a reply matching `expected`; returns it. */
type Say = (text: string, expected: RegExp) => Promise<string>;

const balance = /1\.250\.000/;

async function wrongPersonScenario(say: Say, app: RunningApp): Promise<void> {
  await say('cuanto debo', /número de documento/);
  await say('mi rut es 12.345.678-5 y nací el 14/03/1985', balance);
  await say('no soy esa persona, número equivocado', /no corresponde/);
  const after = await say('cuánto debo', /número de documento/);
  expect(after).not.toMatch(balance);
  const stored = await app.database.prisma.message.findMany({ where: { direction: 'in' } });
  expect(stored.length).toBeGreaterThanOrEqual(4);
  expect(stored.map((message) => message.text).join('\n')).not.toMatch(/345\.678|12345678|14\/03\/1985/);
  expect(await app.database.prisma.channelIdentity.count({ where: { debtorId: { not: null } } })).toBe(0);
  expect(await app.database.prisma.contactPreference.count({ where: { reason: 'wrong_person' } })).toBe(1);
}

let databases = 0;
function start(environment: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<RunningApp> {
  databases += 1;
  return startTestApp(
    { DATABASE_URL: `file:${join(folder, `privacy-${databases}.db`)}`, LENDER_NAME: 'Banco Demo', ...environment },
    { now: () => now, ...overrides },
  );
}

describe('wrong person and mask on write, on every channel', () => {
  it('web chat (official Direct Line client)', async () => {
    const app = await start();
    try {
      const chat = await openChat(app.url, { webSocket: true, locale: 'es-CL' });
      try {
        await wrongPersonScenario((text, expected) => chat.say(text, expected), app);
      } finally {
        chat.end();
      }
    } finally {
      await app.close();
    }
  }, 60_000);

  it('Telegram (fake Bot API): also in the chat reopened with /start', async () => {
    const api = await startFakeBotApi({ token });
    const app = await start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot });
    try {
      const user = new TelegramUser(api, { id: 9101, firstName: 'Ana', languageCode: 'es' });
      const say: Say = async (text, expected) => (await user.say(text, expected)).text;
      await wrongPersonScenario(say, app);
      await say('/start', /Banco Demo/);
      expect(await say('saldo', /número de documento/)).not.toMatch(balance);
    } finally {
      await app.close();
      await api.close();
    }
  }, 60_000);

  it('WhatsApp (Baileys socket stand-in)', async () => {
    const sockets = makeFakeSockets();
    const app = await start(
      { WHATSAPP_ENABLED: 'true', WHATSAPP_SEND_RATE_PER_SECOND: '20' },
      { whatsappSocketFactory: sockets.factory, printWhatsAppQr: () => undefined },
    );
    try {
      const socket = sockets.latest();
      socket.open();
      const jid = '56911112222@s.whatsapp.net';
      const say: Say = (text, expected) => sayOnWhatsApp(socket, jid, text, expected);
      await wrongPersonScenario(say, app);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('verification lifetime on a chat that stays linked', () => {
  it('Telegram: after 31 idle minutes the date of birth alone; after 91 days the full check', async () => {
    const api = await startFakeBotApi({ token });
    now = startOfDay;
    const app = await start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot });
    try {
      const user = new TelegramUser(api, { id: 9202, firstName: 'Ana', languageCode: 'es' });
      const say: Say = async (text, expected) => (await user.say(text, expected)).text;
      await say('12.345.678-5 14/03/1985', balance);
      now = new Date(startOfDay.getTime() + 31 * 60_000);
      const lapsed = await say('cuánto debo', /confirma tu fecha de nacimiento/);
      expect(lapsed).not.toMatch(balance);
      await say('14/03/1985', balance);
      now = new Date(startOfDay.getTime() + 91 * 86_400_000);
      expect(await say('cuánto debo', /número de documento/)).not.toMatch(balance);
      await say('12.345.678-5 14/03/1985', balance);
    } finally {
      now = startOfDay;
      await app.close();
      await api.close();
    }
  }, 60_000);
});
