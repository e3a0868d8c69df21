import { ActionTypes, ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTelegram, type TelegramChannel } from '../../adapters/telegram/index.js';
import { testLogs } from '../support/log-capture.js';
import { startFakeBotApi, type FakeBotApi } from './support/fake-bot-api.js';
import { TelegramUser } from './support/telegram-user.js';

// The adapter alone (telegraf, long polling) against the fake Bot API, with a small scripted bot.
const token = '123456789:AAE-adapter-test-token-0123456789';
const longChoice = 'Quiero pagar en cuotas mensuales iguales hasta terminar toda la deuda pendiente';

async function scriptedBot(context: TurnContext): Promise<void> {
  if (context.activity.type !== ActivityTypes.Message) return;
  const text = context.activity.text ?? '';
  if (text === 'long') {
    await context.sendActivity({ type: ActivityTypes.Typing });
    const paragraph = `${'Detalle de la cuota con su fecha y su monto exacto. '.repeat(40)}\n\n`;
    await context.sendActivity(
      MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: 'Listo', value: 'Listo' }], paragraph.repeat(4)),
    );
    return;
  }
  if (text === 'options') {
    await context.sendActivity(
      MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: longChoice, value: longChoice }], 'Elige'),
    );
    return;
  }
  await context.sendActivity(`eco: ${text}`);
}

let api: FakeBotApi;
let channel: TelegramChannel;

beforeEach(async () => {
  api = await startFakeBotApi({ token });
  channel = makeTelegram({ token, apiRoot: api.apiRoot, logic: scriptedBot, logger: testLogs.logger() });
  await channel.start();
});
afterEach(async () => {
  await channel.stop();
  await api.close();
});

describe('the Telegram adapter', () => {
  it('shows typing as soon as a message arrives, before any reply', async () => {
    const user = new TelegramUser(api, { id: 7004 });
    await user.say('hola', /^eco: hola$/);
    const calls = api
      .calls()
      .filter((call) => String(call.params['chat_id']) === '7004')
      .map((call) => `${call.method}:${String(call.params['action'] ?? call.params['text'])}`);
    expect(calls).toEqual(['sendChatAction:typing', 'sendMessage:eco: hola']);
  });

  it('splits a text over 4096 characters into ordered parts, the keyboard on the last one, after a typing action', async () => {
    const user = new TelegramUser(api, { id: 7001 });
    const last = await user.say('long', /.+/);
    await api.waitFor(() => user.messages().some((message) => message.reply_markup));
    const parts = user.messages();
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    expect(parts.at(-1)?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Listo', callback_data: 'Listo' }]] });
    expect(parts.slice(0, -1).every((part) => part.reply_markup === undefined)).toBe(true);
    const whole = `${'Detalle de la cuota con su fecha y su monto exacto. '.repeat(40)}\n\n`.repeat(4);
    expect(
      parts
        .map((part) => part.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(whole.replace(/\s+/g, ' ').trim());
    expect(last.message_id).toBe(parts[0]?.message_id);
    // One "typing…" when the message arrived, one the bot itself sent before its long answer.
    expect(api.chatActions(7001)).toEqual([
      { chat_id: 7001, action: 'typing' },
      { chat_id: 7001, action: 'typing' },
    ]);
  });

  it('carries a choice longer than 64 bytes through a button press', async () => {
    const user = new TelegramUser(api, { id: 7002 });
    await user.say('options', /Elige/);
    const echoed = await user.press(/Quiero pagar/, /^eco:/);
    expect(echoed.text).toBe(`eco: ${longChoice}`);
  });

  it('answers a message sent while it was stopped once it starts again (long polling picks it up)', async () => {
    await channel.stop();
    const user = new TelegramUser(api, { id: 7003 });
    api.userSends(user.user, 'sigues ahí?');
    channel = makeTelegram({ token, apiRoot: api.apiRoot, logic: scriptedBot, logger: testLogs.logger() });
    await channel.start();
    expect((await user.waitForReply(/^eco:/)).text).toBe('eco: sigues ahí?');
  });

  it('refuses to start with a token the Bot API rejects, saying so', async () => {
    const wrong = makeTelegram({
      token: '123456789:AAE-not-the-right-token-000000',
      apiRoot: api.apiRoot,
      logic: scriptedBot,
      logger: testLogs.logger(),
    });
    await expect(wrong.start()).rejects.toThrow(/refused the bot token/);
  });
});
