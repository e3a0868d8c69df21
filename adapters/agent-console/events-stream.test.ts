import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHandoff, type QueueEntry } from '../../ledger/index.js';
import { makeConsoleFixture, openEventStream, type ConsoleFixture } from '../../test/agent-console/console-fixture.js';

let fixture: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture({ eventStreamTiming: { queueRefreshMs: 200, keepAliveMs: 300 } });
});
afterAll(async () => {
  await fixture?.destroy();
});

type Items = Array<Pick<QueueEntry, 'conversationId' | 'status'>>;
const has = (conversationId: string, status?: string) => (data: Record<string, unknown>) =>
  (data.items as Items).some((item) => item.conversationId === conversationId && (!status || item.status === status));

describe('the live event stream', () => {
  it('sends the queue at once and again whenever it changes', async () => {
    const agent = await fixture.agent('agent', 'Paula');
    const stream = await openEventStream(fixture.url, agent);
    try {
      await stream.next('queue');
      const { conversationId } = await fixture.queueConversation();
      await stream.next('queue', has(conversationId, 'queued'));
      await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session: agent });
      await stream.next('mode', (data) => data.conversationId === conversationId && data.mode === 'agent');
      await stream.next('queue', has(conversationId, 'assigned'));
    } finally {
      stream.close();
    }
  });

  it('notices changes nobody announced on this instance (another server) by reading the queue again', async () => {
    const agent = await fixture.agent('agent');
    const stream = await openEventStream(fixture.url, agent);
    try {
      await stream.next('queue');
      // Queued without any event on this instance's bus, as another server instance would.
      const row = await fixture.database.prisma.conversation.create({
        data: { channel: 'telegram', channelConversationId: `tg-${Date.now()}`, channelUserId: 'u', reference: '{}' },
      });
      await requestHandoff(fixture.ledger, row.id, 'hardship');
      await stream.next('queue', has(row.id, 'queued'), 3000);
    } finally {
      stream.close();
    }
  });

  it("streams messages of conversations that are with people, with the agent's name, and nothing of conversations with the bot", async () => {
    const agent = await fixture.agent('agent', 'Paula');
    const stream = await openEventStream(fixture.url, agent);
    try {
      const { conversationId } = await fixture.queueConversation();
      await stream.next('queue', has(conversationId));
      const botConversation = await fixture.database.prisma.conversation.create({
        data: { channel: 'webchat', channelConversationId: `bot-${Date.now()}`, channelUserId: 'u', reference: '{}' },
      });
      fixture.events.publish({
        type: 'message',
        conversationId: botConversation.id,
        author: 'debtor',
        text: '12.345.678-5 14/03/1985',
        at: new Date().toISOString(),
      });
      fixture.events.publish({ type: 'message', conversationId, author: 'debtor', text: '¿hay alguien?', at: new Date().toISOString() });
      const debtorMessage = await stream.next('message');
      expect(debtorMessage).toMatchObject({ conversationId, author: 'debtor', text: '¿hay alguien?', agentName: null });
      await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session: agent });
      await fixture.call('POST', `/agent/api/conversations/${conversationId}/messages`, {
        session: agent,
        body: { text: 'Sí, aquí estoy.' },
      });
      expect(await stream.next('message')).toMatchObject({
        conversationId,
        author: 'agent',
        agentId: agent.agentId,
        agentName: 'Paula',
        text: 'Sí, aquí estoy.',
      });
      expect(stream.received.some((event) => JSON.stringify(event.data).includes('12.345.678-5'))).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('writes keep-alive comments and ends the stream with a logout event when the session ends', async () => {
    const agent = await fixture.agent('agent');
    const stream = await openEventStream(fixture.url, agent);
    try {
      await stream.next('queue');
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(stream.comments).toBeGreaterThan(0);
      await fixture.call('POST', '/agent/api/logout', { session: agent });
      await stream.next('logout', () => true, 3000);
    } finally {
      stream.close();
    }
  });

  it('refuses the stream without a session', async () => {
    const answer = await fixture.call('GET', '/agent/api/events');
    expect(answer.status).toBe(401);
  });
});
