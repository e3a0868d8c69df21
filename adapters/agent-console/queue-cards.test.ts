import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage } from '../../ledger/index.js';
import { makeConsoleFixture, openEventStream, type ConsoleFixture } from '../../test/agent-console/console-fixture.js';
import type { QueueItemView } from './views.js';

let fixture: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture({ eventStreamTiming: { queueRefreshMs: 200, keepAliveMs: 10_000 } });
});
afterAll(async () => {
  await fixture?.destroy();
});

async function queueItem(conversationId: string): Promise<{ item: QueueItemView | undefined; json: string }> {
  const answer = await fixture.call('GET', '/agent/api/queue', { session: await fixture.agent('agent') });
  expect(answer.status).toBe(200);
  const items = answer.body?.items as QueueItemView[];
  return { item: items.find((entry) => entry.conversationId === conversationId), json: JSON.stringify(answer.body) };
}

describe('queue cards', () => {
  it("show an unverified debtor's last message masked, on one line, and no name", async () => {
    const { conversationId } = await fixture.queueConversation({
      debtorText: 'PIDE UNA PERSONA\nmi rut es 12.345.678-5\r\nnací el 14/03/1985, puedo $50.000',
    });
    const { item, json } = await queueItem(conversationId);
    expect(item).toMatchObject({
      verified: false,
      debtorName: null,
      lastMessage: 'PIDE UNA PERSONA mi rut es [document] nací el [date], puedo $50.000',
    });
    expect(json).not.toContain('12.345.678');
    expect(json).not.toContain('1985');
  });

  it('tell two unverified conversations apart by what each debtor wrote last (not the bot)', async () => {
    const first = await fixture.queueConversation({ debtorText: 'quiero hablar con una persona' });
    const second = await fixture.queueConversation({ debtorText: 'necesito repactar mi deuda' });
    await appendMessage(fixture.ledger, {
      conversationId: second.conversationId,
      direction: 'out',
      author: 'bot',
      text: 'Le comunico con una persona.',
    });
    expect((await queueItem(first.conversationId)).item?.lastMessage).toBe('quiero hablar con una persona');
    expect((await queueItem(second.conversationId)).item?.lastMessage).toBe('necesito repactar mi deuda');
  });

  it('cut a long message with an ellipsis, masking before the cut', async () => {
    const { conversationId } = await fixture.queueConversation({
      debtorText: `${'me cobraron dos veces '.repeat(2)}y mi tarjeta 4111 1111 1111 1111 ${'no sé qué pasó '.repeat(5)}`,
    });
    const preview = (await queueItem(conversationId)).item?.lastMessage ?? '';
    expect(Array.from(preview).length).toBeLessThanOrEqual(80);
    expect(Array.from(preview).length).toBeGreaterThan(75);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).toContain('[card]');
    expect(preview).not.toMatch(/4111/);
  });

  it("show the debtor's name once verified", async () => {
    const { conversationId } = await fixture.queueConversation({ verified: true, debtorText: 'quiero pagar en 6 cuotas' });
    expect((await queueItem(conversationId)).item).toMatchObject({
      verified: true,
      debtorName: 'Ana Pérez',
      lastMessage: 'quiero pagar en 6 cuotas',
    });
  });

  it('update live when the debtor writes again, masked in the preview and in the message event', async () => {
    const agent = await fixture.agent('agent');
    const stream = await openEventStream(fixture.url, agent);
    try {
      const { conversationId } = await fixture.queueConversation();
      await stream.next('queue', (data) => (data.items as QueueItemView[]).some((item) => item.conversationId === conversationId));
      const text = 'mi dni es 45678912\ny mi correo ana@correo.pe';
      await appendMessage(fixture.ledger, { conversationId, direction: 'in', author: 'debtor', text });
      fixture.events.publish({ type: 'message', conversationId, author: 'debtor', text, at: new Date().toISOString() });
      expect(await stream.next('message', (data) => data.conversationId === conversationId)).toMatchObject({
        author: 'debtor',
        text: 'mi dni es [number]\ny mi correo [email]',
      });
      expect(await stream.next('preview', (data) => data.conversationId === conversationId)).toEqual({
        conversationId,
        lastMessage: 'mi dni es [number] y mi correo [email]',
      });
      // The next read of the queue agrees with the live update (no flicker back to the old message).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const afterPreview = stream.received.slice(stream.received.findIndex((event) => event.type === 'preview'));
      const laterQueues = afterPreview
        .filter((event) => event.type === 'queue')
        .map((event) => (event.data.items as QueueItemView[]).find((item) => item.conversationId === conversationId));
      for (const item of laterQueues) expect(item?.lastMessage).toBe('mi dni es [number] y mi correo [email]');
      expect((await queueItem(conversationId)).item?.lastMessage).toBe('mi dni es [number] y mi correo [email]');
      expect(JSON.stringify(stream.received)).not.toMatch(/45678912|ana@correo/);
    } finally {
      stream.close();
    }
  });
});
