import { LedgerError, NotFoundError } from '../errors.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { toConversationMode, transition, type ConversationMode, type ModeEvent } from './conversation-mode.js';
import { lastDebtorMessages } from './last-messages.js';

/** How a handled conversation ended. */
export const handoffOutcomes = ['resolved', 'promise', 'plan', 'dispute_registered', 'no_contact', 'other'] as const;

/** One of handoffOutcomes. */
export type HandoffOutcome = (typeof handoffOutcomes)[number];

/** A conversation waiting for, or held by, an agent. */
export interface QueueEntry {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly reason: string;
  readonly priority: number;
  readonly status: 'queued' | 'assigned';
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly queuedAt: Date;
  readonly verified: boolean;
  /** The verified debtor's name; null before verification (nothing is shown about unverified people). */
  readonly debtorName: string | null;
  readonly locale: string | null;
  /** What the debtor last wrote, identity data masked (null when they wrote nothing). */
  readonly lastDebtorMessage: string | null;
}

/** The live queue: queued conversations by priority then age, then those held by agents. */
export async function listQueue(context: LedgerContext): Promise<QueueEntry[]> {
  const rows = await context.prisma.handoff.findMany({
    where: { status: { in: ['queued', 'assigned'] } },
    include: { agent: true, conversation: { include: { debtor: true } } },
    orderBy: [{ status: 'desc' }, { priority: 'asc' }, { queuedAt: 'asc' }],
    take: 500,
  });
  const lastMessages = await lastDebtorMessages(context, rows.map((row) => row.conversationId));
  return rows.map((row) => ({
    handoffId: row.id,
    conversationId: row.conversationId,
    channel: row.conversation.channel,
    reason: row.reason,
    priority: row.priority,
    status: row.status === 'assigned' ? 'assigned' : 'queued',
    agentId: row.agentId,
    agentName: row.agent?.name ?? null,
    queuedAt: row.queuedAt,
    verified: row.conversation.debtorId !== null,
    debtorName: row.conversation.debtor?.fullName ?? null,
    locale: row.conversation.locale,
    lastDebtorMessage: lastMessages.get(row.conversationId) ?? null,
  }));
}

/** The action is not possible in the conversation's current state (taken by someone else, not queued, a mode change the transition table refuses, …). */
export class HandoffStateError extends LedgerError {
  constructor(
    code: 'already_taken' | 'not_queued' | 'not_holder' | 'mode_refused',
    message: string,
    readonly holderName: string | null = null,
  ) {
    super(code, message);
  }
}

/** The mode `event` leads to from `mode`; throws HandoffStateError `mode_refused` when the transition table refuses it. */
export function requireTransition(mode: ConversationMode, event: ModeEvent): ConversationMode {
  const next = transition(mode, event);
  if (!next) throw new HandoffStateError('mode_refused', `${event} is not allowed for a conversation in mode ${mode}`);
  return next;
}

/** The stored mode changed between reading and writing it (a concurrent change won). */
function modeChangedMeanwhile(): HandoffStateError {
  return new HandoffStateError('mode_refused', 'the conversation changed meanwhile; reload and try again');
}

/**
 * An agent takes a queued conversation; of two agents taking it at once exactly one wins, the other gets
 * `already_taken`. A conversation whose mode may not go to `agent` is refused (`mode_refused`) and stays queued.
 */
export async function takeConversation(context: LedgerContext, conversationId: string, agentId: string, now: Date): Promise<void> {
  await inTransaction(context, async (tx) => {
    const claimed = await tx.handoff.updateMany({ where: { conversationId, status: 'queued' }, data: { status: 'assigned', agentId, assignedAt: now } });
    if (claimed.count === 0) {
      const held = await tx.handoff.findFirst({ where: { conversationId, status: 'assigned' }, include: { agent: true } });
      if (held) throw new HandoffStateError('already_taken', 'another agent already took this conversation', held.agent?.name ?? null);
      throw new HandoffStateError('not_queued', 'this conversation is not waiting for an agent');
    }
    const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const mode = toConversationMode(conversation.mode);
    const next = requireTransition(mode, 'assign_agent');
    const moved = await tx.conversation.updateMany({ where: { id: conversationId, mode: conversation.mode }, data: { mode: next } });
    if (moved.count !== 1) throw modeChangedMeanwhile();
    await writeAudit(tx, { actor: { type: 'agent', id: agentId }, action: 'handoff.assigned', entityType: 'Conversation', entityId: conversationId, data: { modeBefore: mode, modeAfter: next } });
  });
}

/**
 * Ends the agent's hold: back to the bot (`hand_back`) or closed with an outcome (`close`). Only the holder,
 * or a supervisor/admin; a conversation with no open handoff is refused (`not_queued`), as is a mode change the
 * transition table refuses (`mode_refused`).
 */
export async function releaseConversation(
  context: LedgerContext,
  conversationId: string,
  actor: { readonly agentId: string; readonly canOverride: boolean },
  event: { readonly kind: 'hand_back' } | { readonly kind: 'close'; readonly outcome: HandoffOutcome },
  now: Date,
): Promise<ConversationMode> {
  return inTransaction(context, async (tx) => {
    const handoff = await tx.handoff.findFirst({ where: { conversationId, status: { in: ['queued', 'assigned'] } }, orderBy: { queuedAt: 'desc' }, include: { agent: true } });
    if (!handoff) throw new HandoffStateError('not_queued', 'this conversation is not waiting for or held by an agent');
    if (handoff.agentId !== actor.agentId && !actor.canOverride) {
      throw new HandoffStateError('not_holder', 'only the agent holding this conversation (or a supervisor) can do that', handoff.agent?.name ?? null);
    }
    const conversation = await tx.conversation.findUnique({ where: { id: conversationId } });
    if (!conversation) throw new NotFoundError('conversation');
    const mode = toConversationMode(conversation.mode);
    const next = requireTransition(mode, event.kind);
    // Conditional on the status read above: of two releases at once, the second finds the handoff ended.
    const ended = await tx.handoff.updateMany({
      where: { id: handoff.id, status: handoff.status },
      data: { status: event.kind === 'close' ? 'closed' : 'returned', endedAt: now, outcome: event.kind === 'close' ? event.outcome : null },
    });
    if (ended.count !== 1) throw new HandoffStateError('not_queued', 'this conversation is not waiting for or held by an agent');
    const moved = await tx.conversation.updateMany({ where: { id: conversationId, mode: conversation.mode }, data: { mode: next } });
    if (moved.count !== 1) throw modeChangedMeanwhile();
    await writeAudit(tx, { actor: { type: 'agent', id: actor.agentId }, action: event.kind === 'close' ? 'handoff.closed' : 'handoff.returned', entityType: 'Conversation', entityId: conversationId, data: { modeBefore: mode, modeAfter: next, ...(event.kind === 'close' ? { outcome: event.outcome } : {}) } });
    return next;
  });
}

/** Who holds the conversation now (null when nobody does). */
export async function conversationHolder(context: LedgerContext, conversationId: string): Promise<string | null> {
  const handoff = await context.prisma.handoff.findFirst({ where: { conversationId, status: 'assigned' } });
  return handoff?.agentId ?? null;
}

/** A queued conversation nobody answered in time, with what is needed to message the debtor. */
export interface UnansweredHandoff {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly channelUserId: string;
  /** The verified debtor the conversation is linked to, if any. */
  readonly debtorId: string | null;
  readonly reference: string | null;
  readonly locale: string | null;
}

/** Queued conversations waiting since before `queuedBefore` whose debtor was not yet told about the wait. */
export async function findUnanswered(context: LedgerContext, queuedBefore: Date): Promise<UnansweredHandoff[]> {
  const rows = await context.prisma.handoff.findMany({ where: { status: 'queued', waitNoticeAt: null, queuedAt: { lt: queuedBefore } }, include: { conversation: true }, take: 200 });
  return rows.map((row) => ({ handoffId: row.id, conversationId: row.conversationId, channel: row.conversation.channel, channelUserId: row.conversation.channelUserId, debtorId: row.conversation.debtorId, reference: row.conversation.reference, locale: row.conversation.locale }));
}

/** Marks the wait notice as sent (once per handoff); false when another instance sent it first. */
export async function markWaitNoticeSent(context: LedgerContext, handoffId: string, now: Date): Promise<boolean> {
  const updated = await context.prisma.handoff.updateMany({ where: { id: handoffId, waitNoticeAt: null }, data: { waitNoticeAt: now } });
  return updated.count === 1;
}

/** How many queued conversations will be served before this one (same or higher priority, queued earlier). */
export async function queuePosition(context: LedgerContext, conversationId: string): Promise<number> {
  const mine = await context.prisma.handoff.findFirst({ where: { conversationId, status: 'queued' }, orderBy: { queuedAt: 'desc' } });
  if (!mine) return 0;
  return context.prisma.handoff.count({
    where: { status: 'queued', id: { not: mine.id }, OR: [{ priority: { lt: mine.priority } }, { priority: mine.priority, queuedAt: { lt: mine.queuedAt } }] },
  });
}
