import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { conversationDetail } from './conversation-detail.js';
import { appendMessage, openConversation } from './conversations.js';

describe.each(testProviders)('the transcript on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('stores messages in the order they were written, even within one millisecond, with their time', async () => {
    const conversation = await openConversation(
      ledger.context,
      { channel: 'webchat', channelConversationId: `c-${provider}-order`, channelUserId: 'u' },
      '{}',
      null,
    );
    const before = Date.now();
    for (let index = 0; index < 20; index += 1) {
      const stored = await appendMessage(ledger.context, {
        conversationId: conversation.id,
        direction: index % 2 ? 'out' : 'in',
        author: index % 2 ? 'bot' : 'debtor',
        text: `mensaje ${index}`,
      });
      expect(stored.duplicate).toBe(false);
    }
    const detail = await conversationDetail(ledger.context, conversation.id);
    expect(detail.transcript.map((message) => message.text)).toEqual(Array.from({ length: 20 }, (_, index) => `mensaje ${index}`));
    const rows = await ledger.context.prisma.message.findMany({ where: { conversationId: conversation.id } });
    for (const row of rows) {
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    }
  });

  it.skipIf(!available)('refuses a redelivered activity id in the same conversation, but not in another one or without an id', async () => {
    const first = await openConversation(
      ledger.context,
      { channel: 'telegram', channelConversationId: `c-${provider}-a`, channelUserId: 'u' },
      '{}',
      null,
    );
    const second = await openConversation(
      ledger.context,
      { channel: 'telegram', channelConversationId: `c-${provider}-b`, channelUserId: 'u' },
      '{}',
      null,
    );
    const original = await appendMessage(ledger.context, {
      conversationId: first.id,
      direction: 'in',
      author: 'debtor',
      text: 'hola',
      activityId: '1001',
    });
    expect(original).toEqual({ messageId: expect.any(String), duplicate: false });
    expect(
      await appendMessage(ledger.context, {
        conversationId: first.id,
        direction: 'in',
        author: 'debtor',
        text: 'hola',
        activityId: '1001',
      }),
    ).toEqual({ messageId: null, duplicate: true });
    expect(
      (
        await appendMessage(ledger.context, {
          conversationId: second.id,
          direction: 'in',
          author: 'debtor',
          text: 'hola',
          activityId: '1001',
        })
      ).duplicate,
    ).toBe(false);
    for (let index = 0; index < 2; index += 1)
      expect(
        (await appendMessage(ledger.context, { conversationId: first.id, direction: 'out', author: 'bot', text: 'respuesta' })).duplicate,
      ).toBe(false);
    expect(await ledger.context.prisma.message.count({ where: { conversationId: first.id } })).toBe(3);
  });
});
