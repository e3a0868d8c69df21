import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { consoleApi } from '../agent-console/console-fixture.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { activePlanOf } from '../support/active-plan.js';

// The whole server (`startApp`, as `npm start` runs it) with Telegram on, against a local fake Bot API that
// enforces Telegram's rules: long polling, then webhook mode on a second server.
const token = '123456789:AAE-test-token-for-the-fake-bot-api';
const folder = mkdtempSync(join(tmpdir(), 'e2e-telegram-'));
const admin = { email: 'boss@example.com', password: 'bootstrap-password-1' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function startWithTelegram(api: FakeBotApi, name: string, extra: Record<string, string> = {}): Promise<RunningApp> {
  return startTestApp({
    DATABASE_URL: `file:${join(folder, `${name}.db`)}`,
    LENDER_NAME: 'Banco Demo',
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: api.apiRoot,
    AGENT_BOOTSTRAP_EMAIL: admin.email,
    AGENT_BOOTSTRAP_PASSWORD: admin.password,
    ...extra,
  });
}

describe('Telegram over long polling', () => {
  let api: FakeBotApi;
  let app: RunningApp;

  beforeAll(async () => {
    api = await startFakeBotApi({ token });
    app = await startWithTelegram(api, 'polling');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });

  it('verifies, tells the balance and records a plan accepted by pressing inline buttons', async () => {
    const ana = new TelegramUser(api, { id: 5001, firstName: 'Ana', languageCode: 'es' });
    api.userSends(ana.user, '/start');
    const greeting = await ana.waitForReply(/Banco Demo/);
    expect(greeting.reply_markup).toHaveProperty('inline_keyboard');
    await ana.say('cuanto debo', /documento/);
    const balance = await ana.say('12.345.678-5 14/03/1985', /1\.250\.000/);
    expect(balance.text).toMatch(/US\$\s?480,25/);
    await ana.say('quiero pagar en 6 cuotas', /cuál cuenta/);
    const offer = await ana.press(/0001/, /Confirmas este plan/);
    expect(offer.text).toContain('Cuota 6');
    await ana.press(/^Aceptar/, /quedó registrado/);

    expect(api.answeredCallbackQueries()).toHaveLength(2);
    await api.waitFor(() => api.calls('editMessageReplyMarkup').filter((call) => call.status === 200).length === 2);
    const plan = await activePlanOf(app.database, 'CL-TC-0001');
    expect(plan.installments).toBe(6);
    expect(plan.totalMinor).toBe(1_250_000n);
    // The verification message is masked in the transcript, as on every channel.
    const transcript = await app.database.prisma.message.findMany({
      where: { conversation: { channel: 'telegram', channelConversationId: '5001' }, direction: 'in' },
    });
    expect(transcript.map((message) => message.text)).toContain('[identity data]');
    expect(transcript.map((message) => message.text).join(' ')).not.toContain('12.345.678-5');
  });

  it('answers a redelivered update once', async () => {
    const bob = new TelegramUser(api, { id: 5002, firstName: 'Bob', languageCode: 'es' });
    const update = api.userSends(bob.user, 'hola');
    await bob.waitForReply(/Banco Demo/);
    const pollsBefore = api.calls('getUpdates').length;
    api.redeliver(update.update_id);
    // The pending long poll returned the redelivered update and the next one started, confirming it.
    await api.waitFor(() => api.calls('getUpdates').length >= pollsBefore + 1);
    await bob.say('ayuda', /.+/);
    const greetings = bob.messages().filter((message) => /Banco Demo/.test(message.text));
    expect(greetings).toHaveLength(1);
    const inbound = await app.database.prisma.message.count({
      where: { conversation: { channel: 'telegram', channelConversationId: '5002' }, direction: 'in', text: 'hola' },
    });
    expect(inbound).toBe(1);
  });

  it('waits out a 429 retry_after before sending again, and the reply still arrives', async () => {
    const carla = new TelegramUser(api, { id: 5003, firstName: 'Carla', languageCode: 'es' });
    api.failNext('sendMessage', 1, { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const started = Date.now();
    await carla.say('hola', /Banco Demo/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const sends = api.calls('sendMessage').filter((call) => String(call.params['chat_id']) === '5003');
    expect(sends.map((call) => call.status)).toEqual([429, 200]);
  });

  it('delivers an agent reply from the console to the Telegram user, and the bot answers again after hand-back', async () => {
    const dario = new TelegramUser(api, { id: 5004, firstName: 'Darío', languageCode: 'es' });
    await dario.say('quiero hablar con una persona', /persona|agente|equipo/i);
    const agent = consoleApi(app.url);
    const session = await agent.login(admin.email, admin.password);
    const queue = await agent.call('GET', '/agent/api/queue', { session });
    const item = (queue.body?.['items'] as Array<{ conversationId: string; channel: string }>).find(
      (entry) => entry.channel === 'telegram',
    );
    expect(item).toBeDefined();
    expect((await agent.call('POST', `/agent/api/conversations/${item?.conversationId}/take`, { session })).status).toBe(200);
    const reply = await agent.call('POST', `/agent/api/conversations/${item?.conversationId}/messages`, {
      session,
      body: { text: 'Hola Darío, soy Sofía. <b>¿En qué te ayudo?</b>' },
    });
    expect(reply.status).toBe(201);
    const received = await dario.waitForReply(/soy Sofía/);
    // Plain text: what the agent typed arrives exactly as typed, never read as markup.
    expect(received.text).toBe('Hola Darío, soy Sofía. <b>¿En qué te ayudo?</b>');
    expect((await agent.call('POST', `/agent/api/conversations/${item?.conversationId}/hand-back`, { session })).status).toBe(200);
    await dario.say('cuanto debo', /documento/);
  });
});

describe('Telegram over a webhook', () => {
  let api: FakeBotApi;
  let app: RunningApp;
  let webhookUrl: string;
  const secret = 'webhook-secret-0123456789_abc';

  beforeAll(async () => {
    api = await startFakeBotApi({ token });
    const port = await freePort();
    webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    app = await startWithTelegram(api, 'webhook', {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_WEBHOOK_URL: webhookUrl,
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('registers the webhook with its secret and answers updates Telegram posts', async () => {
    const setWebhook = api.calls('setWebhook').at(-1);
    expect(setWebhook?.params).toMatchObject({ url: webhookUrl, secret_token: secret });
    const eva = new TelegramUser(api, { id: 6001, firstName: 'Eva', languageCode: 'en' });
    await eva.say('hello', /Banco Demo/);
    expect(api.webhookDeliveries().every((delivery) => delivery.secret_token === secret)).toBe(true);
    expect(api.calls('getUpdates')).toHaveLength(0);
  });

  it('refuses a post without the right secret token with 401, and runs nothing', async () => {
    const update = {
      update_id: 999_001,
      message: {
        message_id: 1,
        date: 1_795_000_000,
        chat: { id: 6002, type: 'private', first_name: 'Mallory' },
        from: { id: 6002, is_bot: false, first_name: 'Mallory' },
        text: 'hola',
      },
    };
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' }] as Record<string, string>[]) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(401);
    }
    const malformed = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: '{"hello":1}',
    });
    expect(malformed.status).toBe(400);
    expect(await app.database.prisma.conversation.count({ where: { channel: 'telegram', channelConversationId: '6002' } })).toBe(0);
  });
});
