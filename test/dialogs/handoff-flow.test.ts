import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSenders } from '../../server/channel-senders.js';
import { ConversationEvents, type ConversationEvent } from '../../bot/conversation-events.js';
import { makeMetrics } from '../../server/metrics.js';
import { makeOutboundGate } from '../../server/outbound-gate.js';
import { notifyUnanswered } from '../../server/unanswered-queue.js';
import { createAgent, releaseConversation, takeConversation } from '../../ledger/index.js';
import { makeBotHarness, testNow, type BotHarness } from '../support/bot-harness.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

async function conversationRow(channelConversationId: string) {
  return harness.database.prisma.conversation.findFirstOrThrow({ where: { channelConversationId } });
}

describe('handoff to people and back', () => {
  it('tells a debtor nobody answered yet when someone will, once, and keeps the conversation queued', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('necesito hablar con un humano');
    const { id: conversationId, reference } = await conversationRow(chat.conversationId);
    const sent: { channel: string; text: string }[] = [];
    const senders = new ChannelSenders();
    senders.register('test', async (stored, text) => {
      expect(stored.conversation?.id).toBe(chat.conversationId);
      sent.push({ channel: 'test', text });
    });
    const events = new ConversationEvents();
    const seen: ConversationEvent[] = [];
    events.subscribe((event) => seen.push(event));
    const logger = pino({ level: 'silent' });
    const gate = makeOutboundGate(harness.ledger, logger, makeMetrics(() => ({})).outboundRefused);
    const options = {
      ledger: harness.ledger,
      senders,
      events,
      logger,
      gate,
      timeoutMinutes: 10,
      businessHours: { es: 'de lunes a viernes, de 9:00 a 18:00', en: 'weekdays' },
    };
    expect(reference).toBeTruthy();
    expect(await notifyUnanswered({ ...options, now: () => new Date(Date.now() + 5 * 60_000) })).toBe(0);
    expect(await notifyUnanswered({ ...options, now: () => new Date(Date.now() + 11 * 60_000) })).toBe(1);
    expect(await notifyUnanswered({ ...options, now: () => new Date(Date.now() + 20 * 60_000) })).toBe(0);
    expect(sent.map((item) => item.text)).toEqual([expect.stringContaining('de lunes a viernes, de 9:00 a 18:00')]);
    expect(seen).toEqual([expect.objectContaining({ type: 'message', conversationId, author: 'bot' })]);
    expect((await conversationRow(chat.conversationId)).mode).toBe('queued');
  });

  it('answers again with its state intact once an agent hands the conversation back', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('cuanto debo');
    await chat.ask('12.345.678-5 14/03/1985');
    await chat.ask('quiero hablar con una persona');
    expect(await chat.ask('hola?')).toBe('');
    const { id: conversationId } = await conversationRow(chat.conversationId);
    const agent = await createAgent(
      harness.ledger,
      { email: `a-${conversationId}@example.com`, name: 'Paula', passwordHash: 'x', role: 'agent' },
      null,
    );
    await takeConversation(harness.ledger, conversationId, agent.id, testNow);
    expect(await chat.ask('sigo aquí')).toBe('');
    await releaseConversation(harness.ledger, conversationId, { agentId: agent.id, canOverride: false }, { kind: 'hand_back' }, testNow);
    const reply = await chat.ask('cuanto debo');
    expect(reply).toContain('$1.250.000');
    expect(reply).not.toMatch(/documento/);
  });
});
