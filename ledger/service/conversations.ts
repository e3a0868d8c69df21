import { writeAudit } from '../store/audit.js';
import {
  findConversationByChannelKey,
  findConversationWithState,
  insertConversation,
  moveConversationMode,
  readConversationMode,
  setConversationDebtor,
  updateConversationReference,
  type ConversationChannelKey,
  type ConversationRow,
  type InboundMessage,
} from '../store/conversation-rows.js';
import { findOpenHandoff, insertHandoff } from '../store/handoff-rows.js';
import type { AccountView } from '../store/account-rows.js';
import { findUnansweredMessage, insertMessage, type NewMessage } from '../store/message-rows.js';
import type { StateRecord } from '../store/state-store.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { handoffPriorities, toConversationMode, transition, type ConversationMode, type HandoffReason } from './conversation-mode.js';
import { HandoffStateError, requireTransition } from './handoffs.js';

/** A conversation as the bot sees it. */
export interface ConversationView {
  readonly id: string;
  readonly mode: ConversationMode;
  readonly debtorId: string | null;
  /**
   * The accounts of `debtorId` as read when the turn opened the conversation, where the same statement read them
   * (openConversationWithState on PostgreSQL); absent elsewhere. A snapshot: read them again after changing one.
   */
  readonly debtorAccounts?: readonly AccountView[];
}

/** Identifies a conversation on its channel. */
export type ConversationKey = ConversationChannelKey;

/**
 * Finds or creates the conversation, refreshing the stored reference used for proactive messages;
 * a closed conversation the debtor writes to again goes back to the bot.
 */
export async function openConversation(
  context: LedgerContext,
  key: ConversationKey,
  reference: string,
  locale: string | null,
): Promise<ConversationView> {
  return viewOf(
    context,
    key,
    await refreshConversation(context, key, await findConversationByChannelKey(context.sql, key), reference, locale),
  );
}

/** What storing a transcript line did: its id, or `duplicate` when the channel redelivered it (nothing stored). */
export interface StoredMessage {
  readonly messageId: string | null;
  readonly duplicate: boolean;
}

/**
 * As openConversation, and reads the conversation's state document stored under `stateKey` in the same statement:
 * `state` is the stored record (null when there is none), or undefined when the conversation is new (not read).
 * With `inbound`, also stores the debtor's message (as appendMessage would; in the same statement where the database
 * allows) and says what was stored; on PostgreSQL that statement also reads the linked debtor's accounts
 * (`conversation.debtorAccounts`).
 */
export async function openConversationWithState(
  context: LedgerContext,
  key: ConversationKey,
  opening: { readonly reference: string; readonly locale: string | null; readonly stateKey: string; readonly inbound?: InboundMessage },
): Promise<{ readonly conversation: ConversationView; readonly state: StateRecord | null | undefined; readonly inbound?: StoredMessage }> {
  const { reference, locale, stateKey, inbound } = opening;
  const found = await findConversationWithState(context.sql, key, stateKey, inbound);
  const row = await refreshConversation(context, key, found?.row ?? null, reference, locale);
  const view = await viewOf(context, key, row);
  const conversation =
    found?.debtorAccounts && view.debtorId === found.row.debtorId ? { ...view, debtorAccounts: found.debtorAccounts } : view;
  if (!inbound) return { conversation, state: found?.state };
  const stored = found?.inbound
    ? { messageId: found.inbound.messageId, duplicate: found.inbound.messageId === null }
    : await appendMessage(context, { ...inbound, conversationId: row.id, direction: 'in', author: 'debtor' });
  return { conversation, state: found?.state, inbound: stored };
}

/** The conversation `found` (inserted when null) with `reference` and `locale` stored. */
async function refreshConversation(
  context: LedgerContext,
  key: ConversationKey,
  found: ConversationRow | null,
  reference: string,
  locale: string | null,
): Promise<ConversationRow> {
  if (!found) return insertConversation(context.sql, { key, reference, locale });
  if (found.reference !== reference || (locale && found.locale !== locale))
    return updateConversationReference(context.sql, { row: found, reference, locale });
  return found;
}

/** The conversation as the bot sees it; a closed one is reopened. */
async function viewOf(context: LedgerContext, key: ConversationKey, row: ConversationRow): Promise<ConversationView> {
  const mode = toConversationMode(row.mode);
  if (mode === 'closed') return { id: row.id, mode: await reopenConversation(context, key, row.id), debtorId: row.debtorId };
  return { id: row.id, mode, debtorId: row.debtorId };
}

/** Closed → bot because the debtor wrote again, with its audit event; the mode stored now if another turn reopened it first. */
async function reopenConversation(context: LedgerContext, key: ConversationKey, conversationId: string): Promise<ConversationMode> {
  return inTransaction(context, async (tx) => {
    const next = requireTransition('closed', 'reopen');
    if (!(await moveConversationMode(tx, { conversationId, from: 'closed', to: next })))
      return toConversationMode(await readConversationMode(tx, conversationId));
    await writeAudit(tx, {
      actor: { type: 'debtor', id: `${key.channel}:${key.channelUserId}` },
      action: 'conversation.reopened',
      entityType: 'Conversation',
      entityId: conversationId,
      data: { modeBefore: 'closed', modeAfter: next },
    });
    return next;
  });
}

/** One transcript line; a second line with the same activity id is a redelivery. */
export type MessageInput = NewMessage;

/** Appends a message to the transcript; `duplicate` when the channel redelivered an activity already stored. */
export async function appendMessage(context: LedgerContext, input: MessageInput): Promise<StoredMessage> {
  const messageId = await insertMessage(context.sql, input);
  return messageId === null ? { messageId: null, duplicate: true } : { messageId, duplicate: false };
}

/**
 * For a redelivered activity (appendMessage said duplicate): the id of its stored message when the turn that stored it
 * never answered (nothing came after it in the conversation: that turn's instance died), so the redelivery is answered
 * now; null when it was answered and the redelivery must be dropped.
 */
export async function unansweredRedelivery(context: LedgerContext, conversationId: string, activityId: string): Promise<string | null> {
  return findUnansweredMessage(context.sql, conversationId, activityId);
}

/** Links the conversation to the debtor verified in it. */
export async function linkConversationDebtor(context: LedgerContext, conversationId: string, debtorId: string): Promise<void> {
  await setConversationDebtor(context.sql, { conversationId, debtorId });
}

/**
 * Queues the conversation for a human agent (mode bot → queued) with its reason and priority; idempotent while
 * queued or held. A mode the transition table does not let queue (closed, or no open handoff) is refused: HandoffStateError `mode_refused`.
 */
export async function requestHandoff(
  context: LedgerContext,
  conversationId: string,
  reason: HandoffReason,
): Promise<{ handoffId: string; alreadyQueued: boolean }> {
  return inTransaction(context, async (tx) => {
    const storedMode = await readConversationMode(tx, conversationId);
    const mode = toConversationMode(storedMode);
    if (transition(mode, 'request_handoff') === null) {
      const open = await findOpenHandoff(tx, conversationId);
      if (open) return { handoffId: open.handoffId, alreadyQueued: true };
    }
    const next = requireTransition(mode, 'request_handoff');
    if (!(await moveConversationMode(tx, { conversationId, from: storedMode, to: next })))
      throw new HandoffStateError('mode_refused', 'the conversation changed meanwhile; try again');
    const handoffId = await insertHandoff(tx, { conversationId, reason, priority: handoffPriorities[reason] });
    await writeAudit(tx, {
      actor: { type: 'system' },
      action: 'handoff.queued',
      entityType: 'Conversation',
      entityId: conversationId,
      data: { handoffId, reason, modeBefore: mode, modeAfter: next },
    });
    return { handoffId, alreadyQueued: false };
  });
}
