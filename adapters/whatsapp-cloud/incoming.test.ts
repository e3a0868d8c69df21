import { describe, expect, it } from 'vitest';
import { readPayload, whatsAppCloudChannelId } from './incoming.js';
import { OptionIds } from './option-ids.js';

const phoneNumberId = '106540352242922';
const user = '56911112222';
const nowMs = Date.UTC(2026, 11, 3, 12, 0, 0);

/** A webhook payload as Meta posts it, with `value` laid over the usual messaging product and metadata. */
function payload(value: Record<string, unknown>, addressee = phoneNumberId) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: addressee },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

function inbound(message: Record<string, unknown>, name = 'Ana Pérez') {
  return payload({
    contacts: [{ profile: { name }, wa_id: user }],
    messages: [{ from: user, id: 'wamid.A1', timestamp: '1796040000', ...message }],
  });
}

function texts(body: unknown, ids = new OptionIds()): Array<string | undefined> {
  return readPayload(body, phoneNumberId, ids, nowMs).activities.map((activity) => activity.text);
}

describe('readPayload', () => {
  it('turns a text message into an activity: the message id, the sender as conversation and user, the profile name', () => {
    const { activities, statuses } = readPayload(inbound({ type: 'text', text: { body: 'hola' } }), phoneNumberId, new OptionIds(), nowMs);
    expect(statuses).toEqual([]);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      type: 'message',
      id: 'wamid.A1',
      channelId: whatsAppCloudChannelId,
      conversation: { id: user, isGroup: false, conversationType: 'personal' },
      from: { id: user, name: 'Ana Pérez', role: 'user' },
      text: 'hola',
      timestamp: new Date(1_796_040_000_000),
    });
  });

  it('reads a pressed reply button or list row as the option value, as a pressed button sends on other channels', () => {
    const button = inbound({
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'Aceptar', title: 'Aceptar' } },
    });
    expect(texts(button)).toEqual(['Aceptar']);
    const row = inbound({
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'Tarjeta de crédito ·0001', title: 'Tarjeta de crédito ·000…' } },
    });
    expect(texts(row)).toEqual(['Tarjeta de crédito ·0001']);
  });

  it('reads a row with a digest id the instance does not remember by its description, which holds the whole title', () => {
    const row = inbound({
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: {
          id: '#opt:0123456789abcdef01234567',
          title: 'Una opción muy larga de…',
          description: 'Una opción muy larga de verdad',
        },
      },
    });
    expect(texts(row)).toEqual(['Una opción muy larga de verdad']);
  });

  it("gives media, stickers, voice notes and locations an empty text (the bot's polite 'I didn't understand'), and captions as text", () => {
    for (const type of ['image', 'audio', 'sticker', 'location', 'contacts', 'unsupported', 'video', 'document']) {
      expect(texts(inbound({ type, [type]: { id: '1' } }))).toEqual(['']);
    }
    expect(texts(inbound({ type: 'image', image: { id: '1', caption: ' cuánto debo ' } }))).toEqual(['cuánto debo']);
  });

  it('answers nothing to reactions and system notices', () => {
    expect(texts(inbound({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } }))).toEqual([]);
    expect(texts(inbound({ type: 'system', system: { body: 'changed number' } }))).toEqual([]);
  });

  it('leaves out changes addressed to another phone number of the app', () => {
    const other = payload({ contacts: [], messages: [{ from: user, id: 'wamid.B', type: 'text', text: { body: 'hola' } }] }, '999999');
    expect(readPayload(other, phoneNumberId, new OptionIds(), nowMs).activities).toEqual([]);
  });

  it('reads delivery statuses, with the error code of a failed one', () => {
    const body = payload({
      statuses: [
        { id: 'wamid.S1', status: 'delivered', timestamp: '1796040001', recipient_id: user },
        {
          id: 'wamid.S2',
          status: 'failed',
          timestamp: '1796040002',
          recipient_id: user,
          errors: [{ code: 131026, title: 'Message undeliverable' }],
        },
        { id: 'wamid.S3', status: 'deleted', recipient_id: user },
      ],
    });
    expect(readPayload(body, phoneNumberId, new OptionIds(), nowMs).statuses).toEqual([
      { messageId: 'wamid.S1', status: 'delivered', recipient: user, atMs: 1_796_040_001_000 },
      { messageId: 'wamid.S2', status: 'failed', recipient: user, errorCode: 131026, atMs: 1_796_040_002_000 },
    ]);
  });

  it('skips what it cannot read and keeps the rest', () => {
    const body = payload({
      messages: [
        { id: 'no sender', type: 'text' },
        { from: user, id: 'wamid.C', type: 'text', text: { body: 'sigo aquí' } },
      ],
    });
    expect(texts(body)).toEqual(['sigo aquí']);
    expect(texts({ object: 'page' })).toEqual([]);
  });
});
