// The fake Bot API driven through telegraf's own client and bot: proves telegraf works against it
// unchanged and that it holds a bot to Telegram's rules with Telegram's error texts.
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, Telegram, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from './support/fake-bot-api.js';

const token = '123456:TEST-token_abc';
const alice = { id: 5001, firstName: 'Alice', languageCode: 'es' };
const yesButton = { inline_keyboard: [[{ text: 'Sí', callback_data: 'yes' }]] };

let fake: FakeBotApi;
let telegram: Telegram;

beforeEach(async () => {
  fake = await startFakeBotApi({ token });
  telegram = new Telegram(token, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.close();
});

/** The TelegramError a call fails with (fails the test when it succeeds or fails otherwise). */
async function telegramError(call: Promise<unknown>): Promise<TelegramError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof TelegramError) return error;
  throw new Error(`expected a TelegramError, got ${String(error)}`);
}

/** Calls a method over plain HTTP with a JSON body, for requests telegraf's typings would refuse. */
async function rawCall(method: string, params: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return response.json();
}

/** A local webhook endpoint; `handler` answers each request. */
async function startWebhookServer(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
}

async function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('sendMessage', () => {
  it('answers a Message with per-chat increasing ids and records it', async () => {
    const update = fake.userSends(alice, 'hola');
    const first = await telegram.sendMessage(alice.id, 'Hola Alice');
    const second = await telegram.sendMessage(alice.id, '¿En qué te ayudo?');

    expect(first.message_id).toBeGreaterThan(update.message.message_id);
    expect(second.message_id).toBe(first.message_id + 1);
    expect(first).toMatchObject({ text: 'Hola Alice', chat: { id: alice.id, type: 'private', first_name: 'Alice' } });
    expect(first.from).toMatchObject({ id: 123456, is_bot: true, username: 'fake_test_bot' });
    expect(fake.sentMessages(alice.id).map((message) => message.text)).toEqual(['Hola Alice', '¿En qué te ayudo?']);
  });

  it('rejects unknown chats and empty text', async () => {
    expect((await telegramError(telegram.sendMessage(999, 'hi'))).description).toBe('Bad Request: chat not found');
    fake.userSends(alice, 'hola');
    expect((await telegramError(telegram.sendMessage(alice.id, ''))).description).toBe('Bad Request: message text is empty');
    expect((await telegramError(telegram.sendMessage(alice.id, ' \n '))).description).toBe('Bad Request: text must be non-empty');
  });

  it('limits text to 4096 characters after entity parsing', async () => {
    fake.userSends(alice, 'hola');
    const error = await telegramError(telegram.sendMessage(alice.id, 'a'.repeat(4097)));
    expect(error.code).toBe(400);
    expect(error.description).toBe('Bad Request: message is too long');

    const bold = await telegram.sendMessage(alice.id, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(bold.text).toHaveLength(4096);
  });

  it('parses HTML into text and entities and rejects what Telegram cannot parse', async () => {
    fake.userSends(alice, 'hola');
    const sent = await telegram.sendMessage(alice.id, '<b>Saldo</b> &lt;pendiente&gt; <a href="https://x.cl/p">pagar</a>', {
      parse_mode: 'HTML',
    });
    expect(sent.text).toBe('Saldo <pendiente> pagar');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 5 },
      { type: 'text_link', offset: 18, length: 5, url: 'https://x.cl/p' },
    ]);

    const html = (text: string): Promise<TelegramError> => telegramError(telegram.sendMessage(alice.id, text, { parse_mode: 'HTML' }));
    expect((await html('1 < 2')).description).toBe(`Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`);
    expect((await html('<b>x</i>')).description).toBe(
      `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
    );
    expect((await html('<b>open')).description).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    expect((await html('<p>x</p>')).description).toMatch(/^Bad Request: can't parse entities: Unsupported start tag "p"/);
    expect((await html('AT&T')).description).toMatch(/^Bad Request: can't parse entities: Unescaped "&"/);
  });

  it('holds callback_data to 64 bytes, not characters', async () => {
    fake.userSends(alice, 'hola');
    const keyboard = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'Pagar', callback_data: data }]] } });
    const tooLong = `${'é'.repeat(32)}a`; // 33 characters, 65 bytes
    expect((await telegramError(telegram.sendMessage(alice.id, 'x', keyboard(tooLong)))).description).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    const fits = await telegram.sendMessage(alice.id, 'x', keyboard('é'.repeat(32)));
    expect(fits.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Pagar', callback_data: 'é'.repeat(32) }]] });

    const textOnly = { inline_keyboard: [[{ text: 'Nada' }]] };
    expect(await rawCall('sendMessage', { chat_id: alice.id, text: 'x', reply_markup: textOnly })).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    });
  });

  it('keeps only inline keyboards on the Message, but records any markup sent', async () => {
    fake.userSends(alice, 'hola');
    const contactKeyboard = { keyboard: [[{ text: 'Compartir teléfono', request_contact: true }]], one_time_keyboard: true };
    const sent = await telegram.sendMessage(alice.id, 'Compártenos tu teléfono', { reply_markup: contactKeyboard });
    expect(sent.reply_markup).toBeUndefined();
    expect(fake.sentMessages(alice.id)[0]?.reply_markup).toMatchObject(contactKeyboard);

    const contact = fake.userSharesContact(alice, '56912345678');
    expect(contact.message.contact).toEqual({ phone_number: '56912345678', first_name: 'Alice', user_id: alice.id });
  });

  it('enforces per-chat flood control with retry_after on the TelegramError', async () => {
    const limited = await startFakeBotApi({ token, floodControl: { perChatPerSecond: 2, retryAfterSeconds: 7 } });
    try {
      const client = new Telegram(token, { apiRoot: limited.apiRoot });
      limited.userSends(alice, 'hola');
      await client.sendMessage(alice.id, 'uno');
      await client.sendMessage(alice.id, 'dos');
      const error = await telegramError(client.sendMessage(alice.id, 'tres'));
      expect(error.code).toBe(429);
      expect(error.description).toBe('Too Many Requests: retry after 7');
      expect(error.parameters?.retry_after).toBe(7);
      expect((await telegramError(client.sendMessage(alice.id, 'cuatro'))).code).toBe(429);
      expect(limited.sentMessages()).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it('fails the next calls of a method with injected errors', async () => {
    fake.userSends(alice, 'hola');
    fake.failNext('sendMessage', 1, { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const error = await telegramError(telegram.sendMessage(alice.id, 'hola'));
    expect(error.code).toBe(403);
    expect(error.description).toBe('Forbidden: bot was blocked by the user');
    await telegram.sendMessage(alice.id, 'hola');
    expect(fake.calls('sendMessage').map((call) => call.status)).toEqual([403, 200]);
  });
});

describe('the HTTP surface', () => {
  it('answers 401 to a wrong token and 404 to an unknown method', async () => {
    const error = await telegramError(new Telegram('123456:wrong', { apiRoot: fake.apiRoot }).getMe());
    expect(error.code).toBe(401);
    expect(error.description).toBe('Unauthorized');

    const response = await fetch(`${fake.apiRoot}/bot${token}/noSuchMethod`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('takes parameters from the query string or a form body, with JSON-encoded objects', async () => {
    fake.userSends(alice, 'hola');
    const viaQuery = await fetch(`${fake.apiRoot}/bot${token}/SENDMESSAGE?chat_id=${alice.id}&text=hola`);
    expect(await viaQuery.json()).toMatchObject({ ok: true, result: { text: 'hola' } });

    const form = new URLSearchParams({ chat_id: String(alice.id), text: 'elige', reply_markup: JSON.stringify(yesButton) });
    const viaForm = await fetch(`${fake.apiRoot}/bot${token}/sendMessage`, { method: 'POST', body: form });
    expect(await viaForm.json()).toMatchObject({ ok: true, result: { reply_markup: yesButton } });
  });
});

describe('getUpdates', () => {
  it('confirms updates below the offset, honours limit and redelivers under the same id', async () => {
    const start = fake.userSends(alice, '/start');
    const hola = fake.userSends(alice, 'hola');
    expect(start.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(hola.update_id).toBeGreaterThan(start.update_id);

    const ids = async (offset: number, limit = 100): Promise<number[]> =>
      (await telegram.getUpdates(0, limit, offset, undefined)).map((update) => update.update_id);
    expect(await ids(0, 1)).toEqual([start.update_id]);
    expect(await ids(0)).toEqual([start.update_id, hola.update_id]);
    expect(await ids(start.update_id + 1)).toEqual([hola.update_id]);
    expect(await ids(0)).toEqual([hola.update_id]);
    expect(await ids(hola.update_id + 1)).toEqual([]);

    fake.redeliver(start.update_id);
    expect(await ids(hola.update_id + 1)).toEqual([start.update_id]);
    expect(await ids(hola.update_id + 1)).toEqual([]);
  });

  it('long-polls until an update arrives; a newer long poll terminates the older one', async () => {
    const older = telegramError(telegram.getUpdates(10, 100, 0, undefined));
    await fake.waitFor(() => fake.calls('getUpdates')[0]);
    const newer = telegram.getUpdates(10, 100, 0, undefined);
    const conflict = await older;
    expect(conflict.code).toBe(409);
    expect(conflict.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');

    const sentAt = Date.now();
    const update = fake.userSends(alice, 'hola');
    expect((await newer).map((received) => received.update_id)).toEqual([update.update_id]);
    expect(Date.now() - sentAt).toBeLessThan(1000);
  });

  it('ends a pending long poll when the fake closes', async () => {
    const poll = telegram.getUpdates(50, 100, 0, undefined).catch((error: unknown) => error);
    await fake.waitFor(() => fake.calls('getUpdates')[0]);
    const closing = Date.now();
    await fake.close();
    await poll;
    expect(Date.now() - closing).toBeLessThan(1000);
  });
});

describe('callback queries and keyboards', () => {
  it('lets a user press only existing buttons and answers each query once', async () => {
    fake.userSends(alice, 'hola');
    const sent = await telegram.sendMessage(alice.id, '¿Confirmas?', { reply_markup: yesButton });
    expect(() => fake.userPresses(alice, sent.message_id, 'no')).toThrow(/no inline button with callback_data "no"/);

    const press = fake.userPresses(alice, sent.message_id, 'yes');
    expect(press.callback_query).toMatchObject({ data: 'yes', from: { id: alice.id }, message: { message_id: sent.message_id } });
    expect(press.callback_query.message).toMatchObject({ reply_markup: yesButton });

    expect(await telegram.answerCbQuery(press.callback_query.id, 'Anotado')).toBe(true);
    const again = await telegramError(telegram.answerCbQuery(press.callback_query.id));
    expect(again.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect(fake.answeredCallbackQueries()).toEqual([{ callback_query_id: press.callback_query.id, text: 'Anotado', show_alert: false }]);
  });

  it('edits reply markup with Telegram’s not-modified and not-found errors', async () => {
    fake.userSends(alice, 'hola');
    const sent = await telegram.sendMessage(alice.id, '¿Confirmas?', { reply_markup: yesButton });
    const edited = await telegram.editMessageReplyMarkup(alice.id, sent.message_id, undefined, undefined);
    expect(edited).toMatchObject({ message_id: sent.message_id });
    expect(() => fake.userPresses(alice, sent.message_id, 'yes')).toThrow(/no inline button/);

    const same = await telegramError(telegram.editMessageReplyMarkup(alice.id, sent.message_id, undefined, undefined));
    expect(same.description).toMatch(/^Bad Request: message is not modified: /);
    const missing = await telegramError(telegram.editMessageReplyMarkup(alice.id, 999, undefined, yesButton));
    expect(missing.description).toBe('Bad Request: message to edit not found');
  });

  it('accepts Telegram’s chat actions only', async () => {
    fake.userSends(alice, 'hola');
    expect(await telegram.sendChatAction(alice.id, 'typing')).toBe(true);
    expect(await rawCall('sendChatAction', { chat_id: alice.id, action: 'dancing' })).toMatchObject({
      error_code: 400,
      description: 'Bad Request: wrong parameter action in request',
    });
    expect(fake.chatActions(alice.id)).toEqual([{ chat_id: alice.id, action: 'typing' }]);
  });
});

describe('webhooks', () => {
  it('rejects secret tokens with characters Telegram does not allow', async () => {
    const error = await telegramError(telegram.setWebhook('http://127.0.0.1:9/hook', { secret_token: 'not allowed!' }));
    expect(error.description).toBe('Bad Request: secret token contains unallowed characters');
    const plain = await telegramError(telegram.setWebhook('http://example.com/hook'));
    expect(plain.code).toBe(429); // one setWebhook per second, as Telegram allows
  });

  it('blocks getUpdates and delivers with the secret header, retrying after a failure', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const { url, server } = await startWebhookServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(seen.length === 1 ? 500 : 200).end();
      });
    });
    try {
      expect(await telegram.setWebhook(url, { secret_token: 'S3cret_token-1' })).toBe(true);
      const blocked = await telegramError(telegram.getUpdates(0, 100, 0, undefined));
      expect(blocked.code).toBe(409);
      expect(blocked.description).toBe(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );

      const update = fake.userSends(alice, 'hola');
      await fake.waitFor(() => fake.webhookDeliveries().find((delivery) => delivery.status === 200));
      expect(fake.webhookDeliveries().map(({ update_id, status }) => ({ update_id, status }))).toEqual([
        { update_id: update.update_id, status: 500 },
        { update_id: update.update_id, status: 200 },
      ]);
      expect(seen.map((request) => request.headers['x-telegram-bot-api-secret-token'])).toEqual(['S3cret_token-1', 'S3cret_token-1']);
      expect(JSON.parse(seen[1]?.body ?? '')).toEqual(update);

      const info = await telegram.getWebhookInfo();
      expect(info).toMatchObject({
        url,
        pending_update_count: 0,
        last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
      });
    } finally {
      await stopServer(server);
    }
  });

  it('runs the method a Telegraf webhook answers in its response body', async () => {
    fake.userSends(alice, 'hola');
    const sent = await telegram.sendMessage(alice.id, '¿Confirmas?', { reply_markup: yesButton });
    const bot = new Telegraf(token, { telegram: { apiRoot: fake.apiRoot } });
    bot.on('callback_query', (ctx) => ctx.answerCbQuery('Anotado'));
    const { url, server } = await startWebhookServer(bot.webhookCallback('/hook', { secretToken: 'hook_secret' }));
    try {
      await telegram.setWebhook(url, { secret_token: 'hook_secret', drop_pending_updates: true });
      const press = fake.userPresses(alice, sent.message_id, 'yes');
      const answered = await fake.waitFor(() => fake.answeredCallbackQueries()[0]);
      expect(answered).toEqual({ callback_query_id: press.callback_query.id, text: 'Anotado', show_alert: false });
      expect(fake.calls('answerCallbackQuery').map(({ via, status }) => ({ via, status }))).toEqual([
        { via: 'webhook-reply', status: 200 },
      ]);
    } finally {
      await stopServer(server);
    }
  });
});

describe('a Telegraf bot on long polling', () => {
  it('receives a user message, replies, and stops cleanly', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: fake.apiRoot } });
    bot.on('text', (ctx) => ctx.reply(`Recibido: ${ctx.message.text}`));
    let launched = (): void => undefined;
    const onLaunch = new Promise<void>((resolve) => (launched = resolve));
    const polling = bot.launch(() => launched());
    await onLaunch;

    const update = fake.userSends(alice, 'hola');
    const reply = await fake.waitFor(() => fake.sentMessages(alice.id)[0]);
    expect(reply.text).toBe('Recibido: hola');

    bot.stop('test over');
    await polling;
    expect(
      fake
        .calls()
        .slice(0, 3)
        .map((call) => call.method),
    ).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    expect(fake.calls('getUpdates').at(-1)?.params).toMatchObject({ offset: update.update_id + 1, limit: 1 });

    const closing = Date.now();
    await fake.close();
    expect(Date.now() - closing).toBeLessThan(1000);
  });
});
