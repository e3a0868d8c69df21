import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { incomingUpdate } from './incoming.js';

const bot = { id: '999', name: 'debt_bot', role: 'bot' };
const ana = { id: 42, is_bot: false, first_name: 'Ana', language_code: 'es' };
const privateChat = { id: 42, type: 'private' as const, first_name: 'Ana' };

function message(update_id: number, fields: Record<string, unknown>, chat: Record<string, unknown> = privateChat): Update {
  return { update_id, message: { message_id: update_id, date: 1_795_000_000, chat, from: ana, ...fields } } as unknown as Update;
}

describe('incomingUpdate', () => {
  it('turns a private text message into a message activity keyed by the update id', () => {
    const incoming = incomingUpdate(message(7, { text: 'hola, cuánto debo' }), bot);
    expect(incoming?.activity).toMatchObject({
      type: 'message',
      id: '7',
      channelId: 'telegram',
      text: 'hola, cuánto debo',
      conversation: { id: '42' },
      from: { id: '42', name: 'Ana' },
      recipient: bot,
      locale: 'es',
    });
  });

  it('turns /start (with or without a deep-link payload) into a new member, so the bot greets', () => {
    for (const text of ['/start', '/start campaign-7', '/start@debt_bot']) {
      expect(incomingUpdate(message(8, { text }), bot)?.activity).toMatchObject({
        type: 'conversationUpdate',
        membersAdded: [{ id: '42' }],
      });
    }
  });

  it('uses the phone number of a contact the user shares about themselves, not of someone else', () => {
    const own = incomingUpdate(message(9, { contact: { phone_number: '+56 9 8765 4321', first_name: 'Ana', user_id: 42 } }), bot);
    expect(own?.activity.text).toBe('+56 9 8765 4321');
    const other = incomingUpdate(message(10, { contact: { phone_number: '+56 9 1111 2222', first_name: 'Otro', user_id: 77 } }), bot);
    expect(other?.activity.text).toBe('');
  });

  it('turns a button press into the button value as the debtor message, with the query to answer', () => {
    const update = {
      update_id: 11,
      callback_query: {
        id: 'q1',
        from: ana,
        chat_instance: 'c',
        data: 'Pagar en cuotas',
        message: {
          message_id: 5,
          date: 1_795_000_000,
          chat: privateChat,
          text: '¿Cómo quieres pagar?',
          reply_markup: { inline_keyboard: [[{ text: 'Pagar en cuotas', callback_data: 'Pagar en cuotas' }]] },
        },
      },
    } as unknown as Update;
    const incoming = incomingUpdate(update, bot);
    expect(incoming?.activity).toMatchObject({ type: 'message', id: '11', text: 'Pagar en cuotas', conversation: { id: '42' } });
    expect(incoming?.callbackQueryId).toBe('q1');
    expect(incoming?.pressedMessage).toEqual({ chatId: 42, messageId: 5 });
  });

  it('passes a photo or a sticker on without text, so the bot can say it only reads text', () => {
    expect(incomingUpdate(message(16, { sticker: { file_id: 'x' } }), bot)?.activity).toMatchObject({ type: 'message', text: '' });
  });

  it('ignores groups, other bots and edits', () => {
    expect(incomingUpdate(message(12, { text: 'cuánto debe Ana?' }, { id: -100, type: 'group', title: 'Familia' }), bot)).toBeUndefined();
    const fromBot = {
      update_id: 14,
      message: { message_id: 1, date: 1, chat: privateChat, from: { ...ana, is_bot: true }, text: 'hi' },
    } as unknown as Update;
    expect(incomingUpdate(fromBot, bot)).toBeUndefined();
    expect(incomingUpdate({ update_id: 15, edited_message: {} } as unknown as Update, bot)).toBeUndefined();
  });
});
