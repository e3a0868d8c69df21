import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSummary, type ReportQuery } from '../../ledger/index.js';
import { makeBotHarness, type BotHarness } from '../support/bot-harness.js';

// What the conversations themselves record for the operator reports: the conversation an agreement or a promise was
// made in (self-service) and the messages the bot did not understand (the NLU fallback rate).

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness({ recognizer: 'trained' });
});
afterAll(async () => {
  await harness?.destroy();
});

/** The days around now (the ledger stamps rows with the real clock). */
function aroundToday(): ReportQuery {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-1), to: day(1), channel: 'webchat' };
}

/** The ledger's id of a chat's conversation. */
async function ledgerConversationId(channelConversationId: string): Promise<string> {
  const found = await harness.database.prisma.conversation.findFirstOrThrow({ where: { channelConversationId } });
  return found.id;
}

describe('what a conversation leaves for the reports', () => {
  it('credits a plan agreed in the chat to that conversation, and counts the chat as served without a person', async () => {
    const chat = harness.conversation('es-CL', undefined, 'webchat');
    await chat.ask('ver mi saldo');
    await chat.ask('12.345.678-5 14/03/1985');
    expect(await chat.ask('quiero pagar en 6 cuotas')).toContain('¿Sobre cuál cuenta?');
    expect(await chat.ask('1')).toContain('6 cuotas');
    expect(await chat.ask('sí')).toContain('quedó registrado');
    const conversationId = await ledgerConversationId(chat.conversationId);
    const agreement = await harness.database.prisma.agreement.findFirstOrThrow({ where: { conversationId } });
    expect(agreement).toMatchObject({ createdByType: 'debtor', kind: 'plan' });

    const summary = await reportSummary(harness.ledger, aroundToday(), new Date());
    expect(summary).toMatchObject({ conversations: 1, verifiedConversations: 1, selfServedConversations: 1, agreements: { created: 1 } });
  });

  it('does not count a chat that promised and then asked for a person as self-service', async () => {
    const chat = harness.conversation('en-US', undefined, 'webchat');
    await chat.ask('check my balance');
    await chat.ask('4821 04/12/1979');
    expect(await chat.ask('I promise to pay 300 dollars next friday')).toMatch(/Do you confirm/);
    const promised = await chat.ask('yes');
    expect(promised).toMatch(/recorded|noted|registered/i);
    const conversationId = await ledgerConversationId(chat.conversationId);
    expect(await harness.database.prisma.paymentPromise.count({ where: { conversationId } })).toBe(1);
    await chat.ask('I want to talk to a person');
    expect(await harness.database.prisma.handoff.count({ where: { conversationId } })).toBe(1);

    const summary = await reportSummary(harness.ledger, aroundToday(), new Date());
    expect(summary).toMatchObject({ conversations: 2, verifiedConversations: 2, selfServedConversations: 1, handoffs: { count: 1 } });
    expect(summary.promises.made).toBe(1);
  });

  it('marks the messages the bot did not understand, and only those', async () => {
    const chat = harness.conversation('es-CL', undefined, 'webchat');
    expect(await chat.ask('hola')).not.toMatch(/no te entendí/i);
    expect(await chat.ask('zxqv plorf wumble')).toMatch(/no te entendí/i);
    const conversationId = await ledgerConversationId(chat.conversationId);
    const messages = await harness.database.prisma.message.findMany({
      where: { conversationId, author: 'debtor' },
      orderBy: { createdAt: 'asc' },
    });
    expect(messages.map((message) => [message.text, message.nluFallback])).toEqual([
      ['hola', false],
      ['zxqv plorf wumble', true],
    ]);

    const summary = await reportSummary(harness.ledger, aroundToday(), new Date());
    expect(summary.conversations).toBe(3);
    expect(summary.verifiedConversations).toBe(2);
    expect(summary.nlu.fallbacks).toBe(1);
    expect(summary.nlu.messages).toBe(await harness.database.prisma.message.count({ where: { author: 'debtor' } }));
  });
});
