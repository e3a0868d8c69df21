import type { Message } from '../generated/sqlite/client.js';
import type { SqlExecutor, SqlStatement } from '../db/sql-runner.js';
import { chunked } from './chunked.js';
import type { LedgerDb } from './ledger-db.js';
import { sortableId } from './sortable-id.js';
import { dateColumn } from './sql-columns.js';

/** A stored transcript line. */
export type MessageRow = Pick<Message, 'id' | 'author' | 'agentId' | 'text' | 'createdAt'>;

/** A transcript line to store. */
export interface NewMessage {
  readonly conversationId: string;
  readonly direction: 'in' | 'out';
  readonly author: 'debtor' | 'bot' | 'agent';
  readonly text: string;
  /** The channel's activity id: a second message with the same id in the conversation is not stored. */
  readonly activityId?: string | null;
  readonly agentId?: string | null;
}

/** The statement inserting a transcript line under a new sortable id, and that id; a redelivery (same activity id) inserts nothing. */
export function messageInsert(input: NewMessage, at = new Date()): SqlStatement & { readonly id: string } {
  // The unique (conversation, activity id) index turns a redelivery into no row inserted, on SQLite and PostgreSQL alike.
  const id = sortableId(at);
  return {
    id,
    text: `INSERT INTO "Message" ("id", "conversationId", "direction", "author", "agentId", "text", "activityId", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("conversationId", "activityId") DO NOTHING`,
    params: [id, input.conversationId, input.direction, input.author, input.agentId ?? null, input.text, input.activityId ?? null, at],
  };
}

/** Inserts a transcript line under a new sortable id and returns the id; null when the conversation already has a message with this activity id. */
export async function insertMessage(sql: SqlExecutor, input: NewMessage): Promise<string | null> {
  const statement = messageInsert(input);
  const inserted = await sql.execute(statement.text, statement.params);
  return inserted === 1 ? statement.id : null;
}

/**
 * The id of the conversation's message with this channel activity id when nothing was stored after it (no reply, no
 * later message): the turn that stored it ended before answering (its instance died). Null otherwise.
 */
export async function findUnansweredMessage(sql: SqlExecutor, conversationId: string, activityId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT m."id" FROM "Message" m WHERE m."conversationId" = ? AND m."activityId" = ?
       AND NOT EXISTS (SELECT 1 FROM "Message" later WHERE later."conversationId" = m."conversationId" AND later."id" > m."id")`,
    [conversationId, activityId],
  );
  return row?.id ?? null;
}

/** What changes in a stored message after its turn: its text masked, or marked as not understood by the bot. */
export interface MessageChange {
  readonly messageId: string;
  readonly text?: string;
  readonly nluFallback?: boolean;
}

/** The statement that applies `change` to its message (one statement, whatever changes). */
export function messageUpdate(change: MessageChange): SqlStatement {
  const columns: [string, string | boolean][] = [];
  if (change.text !== undefined) columns.push(['text', change.text]);
  if (change.nluFallback !== undefined) columns.push(['nluFallback', change.nluFallback]);
  return {
    text: `UPDATE "Message" SET ${columns.map(([column]) => `"${column}" = ?`).join(', ')} WHERE "id" = ?`,
    params: [...columns.map(([, value]) => value), change.messageId],
  };
}

/** Reads the last `limit` messages of a conversation, newest first. */
export async function listLatestMessages(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly limit: number },
): Promise<MessageRow[]> {
  return db.message.findMany({
    where: { conversationId: input.conversationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
  });
}

/** Reads the text of the last message the debtor wrote in each of these conversations (as stored); conversations where they wrote nothing are absent. */
export async function lastDebtorMessageTexts(db: LedgerDb, conversationIds: readonly string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const ids of chunked([...new Set(conversationIds)], 500)) {
    // Message ids sort by creation time (sortableId), so the greatest id is the last message.
    const groups = await db.message.groupBy({
      by: ['conversationId'],
      where: { conversationId: { in: ids }, author: 'debtor' },
      _max: { id: true },
    });
    const lastIds = groups.map((group) => group._max.id).filter((id): id is string => id !== null);
    const rows = await db.message.findMany({ where: { id: { in: lastIds } }, select: { conversationId: true, text: true } });
    for (const row of rows) latest.set(row.conversationId, row.text);
  }
  return latest;
}

/**
 * When the channel user last wrote on `channel` (their latest debtor message in any of their conversations there), or
 * null when they never did: what a channel's customer-service window (WhatsApp's 24 hours) is counted from.
 */
export async function lastInboundMessageAt(sql: SqlExecutor, channel: string, channelUserId: string): Promise<Date | null> {
  const [row] = await sql.query(
    `SELECT m."createdAt" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
     WHERE c."channel" = ? AND c."channelUserId" = ? AND m."author" = 'debtor' ORDER BY m."createdAt" DESC LIMIT 1`,
    [channel, channelUserId],
  );
  return row ? dateColumn(row.createdAt) : null;
}

/** Replaces by `text` the text of messages written before `createdBefore`, except texts in `keptTexts`; how many changed. */
export async function replaceMessageTextsBefore(
  sql: SqlExecutor,
  input: { readonly createdBefore: Date; readonly text: string; readonly keptTexts: readonly string[] },
): Promise<number> {
  const kept = input.keptTexts.length > 0 ? ` AND "text" NOT IN (${input.keptTexts.map(() => '?').join(', ')})` : '';
  return sql.execute(`UPDATE "Message" SET "text" = ? WHERE "createdAt" < ?${kept}`, [input.text, input.createdBefore, ...input.keptTexts]);
}
