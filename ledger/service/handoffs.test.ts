import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../db/open-database.js';
import { defaultPolicy } from '../policy/index.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { transition } from './conversation-mode.js';
import { appendMessage, openConversation, requestHandoff } from './conversations.js';
import { createAgent } from './agents.js';
import { ledgerContextOf } from './database.js';
import {
  findUnanswered,
  HandoffStateError,
  listQueue,
  markWaitNoticeSent,
  releaseConversation,
  requireTransition,
  takeConversation,
} from './handoffs.js';

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

  it.each([
    ['bot', 'assign_agent'],
    ['closed', 'hand_back'],
    ['closed', 'assign_agent'],
    ['bot', 'hand_back'],
    ['agent', 'request_handoff'],
  ] as const)('refuses %s + %s with a typed error instead of forcing a mode', (mode, event) => {
    expect(() => requireTransition(mode, event)).toThrow(HandoffStateError);
    expect(() => requireTransition(mode, event)).toThrow(expect.objectContaining({ code: 'mode_refused' }));
  });
});

describe.each(testProviders)('handoffs on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const now = new Date('2026-11-23T15:00:00Z');
  let counter = 0;

  async function queuedConversation(reason: 'dispute' | 'human' = 'human') {
    counter += 1;
    const conversation = await openConversation(
      ledger.context,
      { channel: 'webchat', channelConversationId: `c-${counter}`, channelUserId: `u-${counter}` },
      '{"conversation":{"id":"x"}}',
      'es-CL',
    );
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
    await appendMessage(ledger.context, {
      conversationId: first,
      direction: 'in',
      author: 'debtor',
      text: 'mi rut es 12.345.678-5, puedo pagar $50.000',
    });
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
        takeConversation(ledgerContextOf(other ?? ledger.database, defaultPolicy), conversationId, second.id, now),
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
    await expect(
      releaseConversation(ledger.context, conversationId, { agentId: stranger.id, canOverride: false }, { kind: 'hand_back' }, now),
    ).rejects.toMatchObject({ code: 'not_holder' });
    expect(
      await releaseConversation(ledger.context, conversationId, { agentId: holder.id, canOverride: false }, { kind: 'hand_back' }, now),
    ).toBe('bot');
    await requestHandoff(ledger.context, conversationId, 'human');
    await takeConversation(ledger.context, conversationId, holder.id, now);
    expect(
      await releaseConversation(
        ledger.context,
        conversationId,
        { agentId: supervisor.id, canOverride: true },
        { kind: 'close', outcome: 'promise' },
        now,
      ),
    ).toBe('closed');
    const handoffs = await ledger.database.prisma.handoff.findMany({ where: { conversationId }, orderBy: { queuedAt: 'asc' } });
    expect(handoffs.map((handoff) => [handoff.status, handoff.outcome])).toEqual([
      ['returned', null],
      ['closed', 'promise'],
    ]);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: conversationId, action: { startsWith: 'handoff.' } } })).toBe(
      6,
    );
  });

  const release = (conversationId: string, agentId: string, kind: 'hand_back' | 'close', canOverride = false) =>
    releaseConversation(
      ledger.context,
      conversationId,
      { agentId, canOverride },
      kind === 'close' ? { kind, outcome: 'other' } : { kind },
      now,
    );
  const stored = (conversationId: string) =>
    ledger.database.prisma.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      include: { handoffs: { orderBy: { queuedAt: 'asc' } } },
    });
  const audits = (conversationId: string, action: string) =>
    ledger.database.prisma.auditEvent.count({ where: { entityId: conversationId, action } });

  it.skipIf(!available)('refuses to take a closed conversation, and leaves its handoff queued', async () => {
    const closedByAgent = await queuedConversation();
    const holder = await agent();
    await takeConversation(ledger.context, closedByAgent, holder.id, now);
    await release(closedByAgent, holder.id, 'close');
    await expect(takeConversation(ledger.context, closedByAgent, holder.id, now)).rejects.toMatchObject({ code: 'not_queued' });

    // A queued handoff on a conversation that is closed anyway: the table refuses closed → agent.
    const closedWhileQueued = await queuedConversation();
    await ledger.database.prisma.conversation.update({ where: { id: closedWhileQueued }, data: { mode: 'closed' } });
    const refused = takeConversation(ledger.context, closedWhileQueued, holder.id, now);
    await expect(refused).rejects.toBeInstanceOf(HandoffStateError);
    await expect(refused).rejects.toMatchObject({ code: 'mode_refused' });
    const after = await stored(closedWhileQueued);
    expect([after.mode, after.handoffs.map((handoff) => [handoff.status, handoff.agentId])]).toEqual(['closed', [['queued', null]]]);
    expect(await audits(closedWhileQueued, 'handoff.assigned')).toBe(0);
  });

  it.skipIf(!available)('refuses to hand back or close a conversation no agent holds', async () => {
    const supervisor = await agent('supervisor');
    const neverQueued = await openConversation(
      ledger.context,
      { channel: 'webchat', channelConversationId: `c-bot-${provider}`, channelUserId: 'u-bot' },
      '{}',
      'es-CL',
    );
    await expect(release(neverQueued.id, supervisor.id, 'hand_back', true)).rejects.toMatchObject({ code: 'not_queued' });
    await expect(release(neverQueued.id, supervisor.id, 'close', true)).rejects.toMatchObject({ code: 'not_queued' });
    expect((await stored(neverQueued.id)).mode).toBe('bot');

    // An assigned handoff whose conversation is back with the bot anyway: the table refuses bot → bot by hand_back.
    const conversationId = await queuedConversation();
    const holder = await agent();
    await takeConversation(ledger.context, conversationId, holder.id, now);
    await ledger.database.prisma.conversation.update({ where: { id: conversationId }, data: { mode: 'bot' } });
    await expect(release(conversationId, holder.id, 'hand_back')).rejects.toMatchObject({ code: 'mode_refused' });
    const after = await stored(conversationId);
    expect([after.mode, after.handoffs.map((handoff) => handoff.status)]).toEqual(['bot', ['assigned']]);
    expect(await audits(conversationId, 'handoff.returned')).toBe(0);
  });

  it.skipIf(!available)('refuses a second release, one after the other or both at once', async () => {
    const holder = await agent();
    const conversationId = await queuedConversation();
    await takeConversation(ledger.context, conversationId, holder.id, now);
    expect(await release(conversationId, holder.id, 'hand_back')).toBe('bot');
    await expect(release(conversationId, holder.id, 'hand_back')).rejects.toMatchObject({ code: 'not_queued' });
    await expect(release(conversationId, holder.id, 'close')).rejects.toMatchObject({ code: 'not_queued' });
    expect((await stored(conversationId)).mode).toBe('bot');

    const raced = await queuedConversation();
    await takeConversation(ledger.context, raced, holder.id, now);
    const other = provider === 'postgresql' ? await openLedgerDatabase(ledger.database.url, { migrate: false }) : null;
    try {
      const otherContext = ledgerContextOf(other ?? ledger.database, defaultPolicy);
      const results = await Promise.allSettled([
        release(raced, holder.id, 'hand_back'),
        releaseConversation(otherContext, raced, { agentId: holder.id, canOverride: false }, { kind: 'close', outcome: 'other' }, now),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const loser = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(HandoffStateError);
    } finally {
      await other?.close();
    }
    const after = await stored(raced);
    const endedAs = after.handoffs[0]?.status;
    expect([after.mode, endedAs]).toEqual(endedAs === 'closed' ? ['closed', 'closed'] : ['bot', 'returned']);
    expect((await audits(raced, 'handoff.returned')) + (await audits(raced, 'handoff.closed'))).toBe(1);
  });

  it.skipIf(!available)('refuses to queue a closed conversation instead of forcing it to queued', async () => {
    const holder = await agent();
    const conversationId = await queuedConversation();
    await takeConversation(ledger.context, conversationId, holder.id, now);
    await release(conversationId, holder.id, 'close');
    await expect(requestHandoff(ledger.context, conversationId, 'human')).rejects.toMatchObject({ code: 'mode_refused' });
    const after = await stored(conversationId);
    expect([after.mode, after.handoffs.length]).toEqual(['closed', 1]);
  });

  it.skipIf(!available)('reopens a closed conversation the debtor writes to again, once, with an audit event', async () => {
    const holder = await agent();
    const key = { channel: 'webchat', channelConversationId: `c-reopen-${provider}`, channelUserId: 'u-reopen' };
    const conversation = await openConversation(ledger.context, key, '{}', 'es-CL');
    await requestHandoff(ledger.context, conversation.id, 'human');
    await takeConversation(ledger.context, conversation.id, holder.id, now);
    await release(conversation.id, holder.id, 'close');
    expect((await openConversation(ledger.context, key, '{}', 'es-CL')).mode).toBe('bot');
    expect((await openConversation(ledger.context, key, '{}', 'es-CL')).mode).toBe('bot');
    expect((await stored(conversation.id)).mode).toBe('bot');
    expect(await audits(conversation.id, 'conversation.reopened')).toBe(1);
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
