import type { Conversation } from '../generated/sqlite/client.js';
import type { SqlExecutor } from '../db/sql-runner.js';
import type { LedgerDb } from './ledger-db.js';
import { isUniqueViolation } from './transactions.js';

/** The columns of a conversation a turn needs; `mode` as stored (narrowed by the service's transition table). */
export type ConversationRow = Pick<Conversation, 'id' | 'mode' | 'locale' | 'reference' | 'debtorId'>;

/** A conversation with the channel it runs on. */
export type ChannelConversationRow = ConversationRow & Pick<Conversation, 'channel'>;

/** Identifies a conversation on its channel, with the channel user writing in it. */
export interface ConversationChannelKey {
  readonly channel: string;
  readonly channelConversationId: string;
  readonly channelUserId: string;
}

/** Reads the conversation with this channel and channel conversation id, or null (a prepared statement: every turn runs it). */
export async function findConversationByChannelKey(
  sql: SqlExecutor,
  key: { readonly channel: string; readonly channelConversationId: string },
): Promise<ConversationRow | null> {
  const [found] = await sql.query<ConversationRow>(
    'SELECT "id", "mode", "locale", "reference", "debtorId" FROM "Conversation" WHERE "channel" = ? AND "channelConversationId" = ?',
    [key.channel, key.channelConversationId],
  );
  return found ?? null;
}

/** Inserts a conversation, or reads the one a concurrent turn inserted first under the same channel key. */
export async function insertConversation(
  db: LedgerDb,
  input: { readonly key: ConversationChannelKey; readonly reference: string; readonly locale: string | null },
): Promise<ConversationRow> {
  const { key, reference, locale } = input;
  try {
    return await db.conversation.create({ data: { ...key, reference, locale } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.conversation.findUniqueOrThrow({
      where: { channel_channelConversationId: { channel: key.channel, channelConversationId: key.channelConversationId } },
    });
  }
}

/** Writes the conversation's stored reference, and its locale unless `locale` is null. */
export async function updateConversationReference(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly reference: string; readonly locale: string | null },
): Promise<ConversationRow> {
  const { conversationId, reference, locale } = input;
  return db.conversation.update({ where: { id: conversationId }, data: { reference, ...(locale ? { locale } : {}) } });
}

/** Reads a conversation with its channel, or null. */
export async function findConversation(db: LedgerDb, conversationId: string): Promise<ChannelConversationRow | null> {
  return db.conversation.findUnique({ where: { id: conversationId } });
}

/** Reads the stored mode of a conversation; fails when there is no such conversation. */
export async function readConversationMode(db: LedgerDb, conversationId: string): Promise<string> {
  return (await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { mode: true } })).mode;
}

/** Writes the conversation's mode `to` only if it is still `from` (compare and set); false when it was not. */
export async function moveConversationMode(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly from: string; readonly to: string },
): Promise<boolean> {
  const moved = await db.conversation.updateMany({ where: { id: input.conversationId, mode: input.from }, data: { mode: input.to } });
  return moved.count === 1;
}

/** Links the conversation to a debtor. */
export async function setConversationDebtor(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly debtorId: string },
): Promise<void> {
  await db.conversation.update({ where: { id: input.conversationId }, data: { debtorId: input.debtorId } });
}
