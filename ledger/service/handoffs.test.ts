import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../db/open-database.js';
import { defaultPolicy } from '../policy/index.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { transition } from './conversation-mode.js';
import { appendMessage, openConversation, requestHandoff } from './conversations.js';
import { createAgent } from './agents.js';
import { findUnanswered, HandoffStateError, listQueue, markWaitNoticeSent, releaseConversation, takeConversation } from './handoffs.js';

describe('conversation mode transitions', () => {
  it.each([
    ['bot', 'request_handoff', 'queued'],
    ['queued', 'assign_agent', 'agent'],
    ['agent', 'hand_back', 'bot'],
    ['agent', 'close', 'closed'],
    ['closed', 'reopen', 'bot'],
    ['bot', 'assign_agent', null],
    ['closed', 'hand_back', null],
    ['agent', 'request_handoff', null],
  ] as const)('%s + %s → %s', (mode, event, next) => {
    expect(transition(mode, event)).toBe(next);
  });
});

describe.each(testProviders)('handoffs on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const now = new Date('2026-11-23T15:00:00Z');
  let counter = 0;

  async function queuedConversation(reason: 'dispute' | 'human' = 'human') {
    counter += 1;
    const conversation = await openConversation(ledger.context, { channel: 'webchat', channelConversationId: `c-${counter}`, channelUserId: `u-${counter}` }, '{"conversation":{"id":"x"}}', 'es-CL');
    await requestHandoff(ledger.context, conversation.id, reason);
    return conversation.id;
  }

  async function agent(role: 'agent' | 'supervisor' = 'agent') {
    counter += 1;
    return createAgent(ledger.context, { email: `agent${counter}@example.com`, name: `Agent ${counter}`, passwordHash: 'x', role }, null);
  }

  it.skipIf(!available)('queues disputes before other reasons and is idempotent while queued', async () => {
    const human = await queuedConversation('human');
    const dispute = await queuedConversation('dispute');
    expect((await requestHandoff(ledger.context, human, 'human')).alreadyQueued).toBe(true);
    const queue = (await listQueue(ledger.context)).map((entry) => entry.conversationId);
    expect(queue.indexOf(dispute)).toBeLessThan(queue.indexOf(human));
  });

  it.skipIf(!available)('carries what each debtor last wrote, masked, and nothing for a debtor who wrote nothing', async () => {
    const first = await queuedConversation();
    const second = await queuedConversation();
    const silent = await queuedConversation();
    await appendMessage(ledger.context, { conversationId: first, direction: 'in', author: 'debtor', text: 'hola' });
    await appendMessage(ledger.context, { conversationId: first, direction: 'in', author: 'debtor', text: 'mi rut es 12.345.678-5, puedo pagar $50.000' });
    await appendMessage(ledger.context, { conversationId: first, direction: 'out', author: 'bot', text: 'Le comunico con una persona.' });
    await appendMessage(ledger.context, { conversationId: second, direction: 'in', author: 'debtor', text: 'nací el 14/03/1985' });
    const queue = new Map((await listQueue(ledger.context)).map((entry) => [entry.conversationId, entry]));
    expect(queue.get(first)?.lastDebtorMessage).toBe('mi rut es [document], puedo pagar $50.000');
    expect(queue.get(second)?.lastDebtorMessage).toBe('nací el [date]');
    expect(queue.get(silent)?.lastDebtorMessage).toBeNull();
  });

  it.skipIf(!available)('lets exactly one of two agents take a conversation taken at the same time', async () => {
    const conversationId = await queuedConversation();
    const [first, second] = [await agent(), await agent()];
    // PostgreSQL: two pools, as two server instances. SQLite (one instance by design): one client, two concurrent requests.
    const other = provider === 'postgresql' ? await openLedgerDatabase(ledger.database.url, { migrate: false }) : null;
    try {
      const results = await Promise.allSettled([
        takeConversation(ledger.context, conversationId, first.id, now),
        takeConversation({ prisma: other?.prisma ?? ledger.database.prisma, policy: defaultPolicy }, conversationId, second.id, now),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const loser = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(HandoffStateError);
      expect((loser.reason as HandoffStateError).code).toBe('already_taken');
    } finally {
      await other?.close();
    }
    const conversation = await ledger.database.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.mode).toBe('agent');
  });

  it.skipIf(!available)('lets only the holder (or a supervisor) hand back or close, with an outcome', async () => {
    const conversationId = await queuedConversation();
    const [holder, stranger, supervisor] = [await agent(), await agent(), await agent('supervisor')];
    await takeConversation(ledger.context, conversationId, holder.id, now);
    await expect(releaseConversation(ledger.context, conversationId, { agentId: stranger.id, canOverride: false }, { kind: 'hand_back' }, now)).rejects.toMatchObject({ code: 'not_holder' });
    expect(await releaseConversation(ledger.context, conversationId, { agentId: holder.id, canOverride: false }, { kind: 'hand_back' }, now)).toBe('bot');
    await requestHandoff(ledger.context, conversationId, 'human');
    await takeConversation(ledger.context, conversationId, holder.id, now);
    expect(await releaseConversation(ledger.context, conversationId, { agentId: supervisor.id, canOverride: true }, { kind: 'close', outcome: 'promise' }, now)).toBe('closed');
    const handoffs = await ledger.database.prisma.handoff.findMany({ where: { conversationId }, orderBy: { queuedAt: 'asc' } });
    expect(handoffs.map((handoff) => [handoff.status, handoff.outcome])).toEqual([['returned', null], ['closed', 'promise']]);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: conversationId, action: { startsWith: 'handoff.' } } })).toBe(6);
  });

  it.skipIf(!available)('finds conversations left unanswered and marks the wait notice once', async () => {
    const conversationId = await queuedConversation();
    const later = new Date(Date.now() + 11 * 60_000);
    const waiting = (await findUnanswered(ledger.context, later)).find((entry) => entry.conversationId === conversationId);
    expect(waiting?.reference).toContain('conversation');
    expect(await markWaitNoticeSent(ledger.context, waiting!.handoffId, later)).toBe(true);
    expect(await markWaitNoticeSent(ledger.context, waiting!.handoffId, later)).toBe(false);
    expect((await findUnanswered(ledger.context, later)).some((entry) => entry.conversationId === conversationId)).toBe(false);
  });
});
