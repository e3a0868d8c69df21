import type { Conversation } from '../generated/sqlite/client.js';
import { writeAudit } from '../store/audit.js';
import { sortableId } from '../store/sortable-id.js';
import { inTransaction, isUniqueViolation } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { handoffPriorities, toConversationMode, transition, type ConversationMode, type HandoffReason } from './conversation-mode.js';
import { HandoffStateError, requireTransition } from './handoffs.js';

/** The columns of a conversation the bot's turn needs. */
type ConversationRow = Pick<Conversation, 'id' | 'mode' | 'locale' | 'reference' | 'debtorId'>;

/** A conversation as the bot sees it. */
export interface ConversationView {
  readonly id: string;
  readonly mode: ConversationMode;
  readonly debtorId: string | null;
}

/** Identifies a conversation on its channel. */
export interface ConversationKey {
  readonly channel: string;
  readonly channelConversationId: string;
  readonly channelUserId: string;
}

/**
 * Finds or creates the conversation, refreshing the stored reference used for proactive messages;
 * a closed conversation the debtor writes to again goes back to the bot.
 */
export async function openConversation(context: LedgerContext, key: ConversationKey, reference: string, locale: string | null): Promise<ConversationView> {
  const where = { channel_channelConversationId: { channel: key.channel, channelConversationId: key.channelConversationId } };
  // Every turn reads its conversation: one raw statement rather than the query builder.
  const [found] = await context.prisma.$queryRaw<ConversationRow[]>`
    SELECT "id", "mode", "locale", "reference", "debtorId" FROM "Conversation" WHERE "channel" = ${key.channel} AND "channelConversationId" = ${key.channelConversationId}`;
  let row: ConversationRow | null = found ?? null;
  if (!row) {
    try {
      row = await context.prisma.conversation.create({ data: { ...key, reference, locale } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      row = await context.prisma.conversation.findUniqueOrThrow({ where });
    }
  } else if (row.reference !== reference || (locale && row.locale !== locale)) {
    row = await context.prisma.conversation.update({ where: { id: row.id }, data: { reference, ...(locale ? { locale } : {}) } });
  }
  const mode = toConversationMode(row.mode);
  if (mode === 'closed') return { id: row.id, mode: await reopenConversation(context, key, row.id), debtorId: row.debtorId };
  return { id: row.id, mode, debtorId: row.debtorId };
}

/** Closed → bot because the debtor wrote again, with its audit event; the mode stored now if another turn reopened it first. */
async function reopenConversation(context: LedgerContext, key: ConversationKey, conversationId: string): Promise<ConversationMode> {
  return inTransaction(context, async (tx) => {
    const next = requireTransition('closed', 'reopen');
    const moved = await tx.conversation.updateMany({ where: { id: conversationId, mode: 'closed' }, data: { mode: next } });
    if (moved.count !== 1) return toConversationMode((await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { mode: true } })).mode);
    await writeAudit(tx, { actor: { type: 'debtor', id: `${key.channel}:${key.channelUserId}` }, action: 'conversation.reopened', entityType: 'Conversation', entityId: conversationId, data: { modeBefore: 'closed', modeAfter: next } });
    return next;
  });
}

/** One transcript line. */
export interface MessageInput {
  readonly conversationId: string;
  readonly direction: 'in' | 'out';
  readonly author: 'debtor' | 'bot' | 'agent';
  readonly text: string;
  /** The channel's activity id: a second message with the same id is a redelivery. */
  readonly activityId?: string | null;
  readonly agentId?: string | null;
}

/**
 * Appends a message to the transcript; `duplicate` when the channel redelivered an activity already stored.
 * One raw statement (this runs several times a turn): the unique (conversation, activity id) index turns a
 * redelivery into no row inserted, on SQLite and PostgreSQL alike.
 */
export async function appendMessage(context: LedgerContext, input: MessageInput): Promise<{ messageId: string | null; duplicate: boolean }> {
  const now = new Date();
  const id = sortableId(now);
  const inserted = await context.prisma.$executeRaw`
    INSERT INTO "Message" ("id", "conversationId", "direction", "author", "agentId", "text", "activityId", "createdAt")
    VALUES (${id}, ${input.conversationId}, ${input.direction}, ${input.author}, ${input.agentId ?? null}, ${input.text}, ${input.activityId ?? null}, ${now})
    ON CONFLICT ("conversationId", "activityId") DO NOTHING`;
  return inserted === 1 ? { messageId: id, duplicate: false } : { messageId: null, duplicate: true };
}

/** Replaces a stored message's text (used to mask identity data typed during verification). */
export async function maskMessage(context: LedgerContext, messageId: string, maskedText: string): Promise<void> {
  await context.prisma.message.update({ where: { id: messageId }, data: { text: maskedText } });
}

/** Links the conversation to the debtor verified in it. */
export async function linkConversationDebtor(context: LedgerContext, conversationId: string, debtorId: string): Promise<void> {
  await context.prisma.conversation.update({ where: { id: conversationId }, data: { debtorId } });
}

/**
 * Queues the conversation for a human agent (mode bot → queued) with its reason and priority; idempotent while
 * queued or held. A mode the transition table does not let queue (closed, or no open handoff) is refused: HandoffStateError `mode_refused`.
 */
export async function requestHandoff(context: LedgerContext, conversationId: string, reason: HandoffReason): Promise<{ handoffId: string; alreadyQueued: boolean }> {
  return inTransaction(context, async (tx) => {
    const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const mode = toConversationMode(conversation.mode);
    if (transition(mode, 'request_handoff') === null) {
      const open = await tx.handoff.findFirst({ where: { conversationId, status: { in: ['queued', 'assigned'] } }, orderBy: { queuedAt: 'desc' } });
      if (open) return { handoffId: open.id, alreadyQueued: true };
    }
    const next = requireTransition(mode, 'request_handoff');
    const moved = await tx.conversation.updateMany({ where: { id: conversationId, mode: conversation.mode }, data: { mode: next } });
    if (moved.count !== 1) throw new HandoffStateError('mode_refused', 'the conversation changed meanwhile; try again');
    const handoff = await tx.handoff.create({ data: { conversationId, reason, priority: handoffPriorities[reason] } });
    await writeAudit(tx, { actor: { type: 'system' }, action: 'handoff.queued', entityType: 'Conversation', entityId: conversationId, data: { handoffId: handoff.id, reason, modeBefore: mode, modeAfter: next } });
    return { handoffId: handoff.id, alreadyQueued: false };
  });
}
