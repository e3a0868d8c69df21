import { LedgerError, NotFoundError } from '../errors.js';
import { writeAudit } from '../store/audit.js';
import { findConversation, moveConversationMode, readConversationMode } from '../store/conversation-rows.js';
import {
  claimQueuedHandoff,
  countQueuedAhead,
  endHandoff,
  findAssignedHandoff,
  findOpenHandoff,
  listOpenHandoffs,
  listUnnoticedHandoffs,
  markWaitNotice,
  type WaitingHandoffRow,
} from '../store/handoff-rows.js';
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
  const rows = await listOpenHandoffs(context.prisma, 500);
  const lastMessages = await lastDebtorMessages(
    context,
    rows.map((row) => row.conversationId),
  );
  return rows.map(({ debtorId, ...row }) => ({
    ...row,
    status: row.status === 'assigned' ? 'assigned' : 'queued',
    verified: debtorId !== null,
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
    if (!(await claimQueuedHandoff(tx, { conversationId, agentId, assignedAt: now }))) {
      const held = await findAssignedHandoff(tx, conversationId);
      if (held) throw new HandoffStateError('already_taken', 'another agent already took this conversation', held.agentName);
      throw new HandoffStateError('not_queued', 'this conversation is not waiting for an agent');
    }
    const storedMode = await readConversationMode(tx, conversationId);
    const mode = toConversationMode(storedMode);
    const next = requireTransition(mode, 'assign_agent');
    if (!(await moveConversationMode(tx, { conversationId, from: storedMode, to: next }))) throw modeChangedMeanwhile();
    await writeAudit(tx, {
      actor: { type: 'agent', id: agentId },
      action: 'handoff.assigned',
      entityType: 'Conversation',
      entityId: conversationId,
      data: { modeBefore: mode, modeAfter: next },
    });
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
    const handoff = await findOpenHandoff(tx, conversationId);
    if (!handoff) throw new HandoffStateError('not_queued', 'this conversation is not waiting for or held by an agent');
    if (handoff.agentId !== actor.agentId && !actor.canOverride) {
      throw new HandoffStateError(
        'not_holder',
        'only the agent holding this conversation (or a supervisor) can do that',
        handoff.agentName,
      );
    }
    const conversation = await findConversation(tx, conversationId);
    if (!conversation) throw new NotFoundError('conversation');
    const mode = toConversationMode(conversation.mode);
    const next = requireTransition(mode, event.kind);
    // Conditional on the status read above: of two releases at once, the second finds the handoff ended.
    const ended = await endHandoff(tx, {
      handoffId: handoff.handoffId,
      fromStatus: handoff.status,
      status: event.kind === 'close' ? 'closed' : 'returned',
      outcome: event.kind === 'close' ? event.outcome : null,
      endedAt: now,
    });
    if (!ended) throw new HandoffStateError('not_queued', 'this conversation is not waiting for or held by an agent');
    if (!(await moveConversationMode(tx, { conversationId, from: conversation.mode, to: next }))) throw modeChangedMeanwhile();
    await writeAudit(tx, {
      actor: { type: 'agent', id: actor.agentId },
      action: event.kind === 'close' ? 'handoff.closed' : 'handoff.returned',
      entityType: 'Conversation',
      entityId: conversationId,
      data: { modeBefore: mode, modeAfter: next, ...(event.kind === 'close' ? { outcome: event.outcome } : {}) },
    });
    return next;
  });
}

/** Who holds the conversation now (null when nobody does). */
export async function conversationHolder(context: LedgerContext, conversationId: string): Promise<string | null> {
  return (await findAssignedHandoff(context.prisma, conversationId))?.agentId ?? null;
}

/** A queued conversation nobody answered in time, with what is needed to message the debtor. */
export type UnansweredHandoff = WaitingHandoffRow;

/** Queued conversations waiting since before `queuedBefore` whose debtor was not yet told about the wait. */
export async function findUnanswered(context: LedgerContext, queuedBefore: Date): Promise<UnansweredHandoff[]> {
  return listUnnoticedHandoffs(context.prisma, { queuedBefore, limit: 200 });
}

/** Marks the wait notice as sent (once per handoff); false when another instance sent it first. */
export async function markWaitNoticeSent(context: LedgerContext, handoffId: string, now: Date): Promise<boolean> {
  return markWaitNotice(context.prisma, { handoffId, sentAt: now });
}

/** How many queued conversations will be served before this one (same or higher priority, queued earlier). */
export async function queuePosition(context: LedgerContext, conversationId: string): Promise<number> {
  return countQueuedAhead(context.prisma, conversationId);
}
