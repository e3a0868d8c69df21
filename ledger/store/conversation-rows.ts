import type { Conversation } from '../generated/sqlite/client.js';
import type { SqlExecutor, SqlRunner } from '../db/sql-runner.js';
import { accountsOfJson, accountsJsonOfDebtor, type AccountView, type AccountsJson } from './account-rows.js';
import type { LedgerDb } from './ledger-db.js';
import type { NewMessage } from './message-rows.js';
import { sortableId } from './sortable-id.js';
import { stateRecordOf, type StateRecord } from './state-store.js';

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

/** The debtor's message a turn stores with the conversation read (its conversation id is the conversation's). */
export type InboundMessage = Omit<NewMessage, 'conversationId' | 'direction' | 'author' | 'agentId'>;

/** The conversation a turn opens, with its state document and, when the read stored it too, the debtor's message. */
export interface ConversationWithState {
  readonly row: ConversationRow;
  readonly state: StateRecord | null;
  /** Set when the debtor's message was stored in the same statement: its id, or null for a redelivery (nothing stored). */
  readonly inbound?: { readonly messageId: string | null };
  /** The linked debtor's accounts, oldest due date first, when the same statement read them (PostgreSQL with `inbound`). */
  readonly debtorAccounts?: readonly AccountView[];
}

const conversationWithStateColumns = `c."id", c."mode", c."locale", c."reference", c."debtorId", s."data" AS "stateData", s."eTag" AS "stateETag"`;
const conversationWithStateSource = `"Conversation" c LEFT JOIN "BotState" s ON s."key" = ?
     WHERE c."channel" = ? AND c."channelConversationId" = ?`;

/**
 * Reads the conversation with this channel key together with the state document stored under `stateKey` (null when
 * there is none), in one statement; null when the conversation does not exist.
 *
 * With `inbound` on PostgreSQL, the same statement also stores the debtor's message in the conversation (a data-modifying
 * WITH query: one round trip instead of two) and reads the linked debtor's accounts (most turns of a verified debtor
 * show or weigh them: one round trip fewer again); on SQLite, where a read costs no round trip, the caller stores the
 * message and the accounts are read when asked for.
 */
export async function findConversationWithState(
  sql: SqlRunner,
  key: { readonly channel: string; readonly channelConversationId: string },
  stateKey: string,
  inbound?: InboundMessage,
): Promise<ConversationWithState | null> {
  const keyParams = [stateKey, key.channel, key.channelConversationId];
  if (inbound && sql.provider === 'postgresql') {
    const at = new Date();
    const [found] = await sql.query<StoredConversationWithState & { inboundId: string | null; accounts: AccountsJson }>(
      `WITH c AS (SELECT ${conversationWithStateColumns} FROM ${conversationWithStateSource}),
       m AS (INSERT INTO "Message" ("id", "conversationId", "direction", "author", "text", "activityId", "createdAt")
         SELECT ?::text, c."id", 'in', 'debtor', ?::text, ?::text, ?::timestamp(3) FROM c
         ON CONFLICT ("conversationId", "activityId") DO NOTHING RETURNING "id")
       SELECT c.*, (SELECT "id" FROM m) AS "inboundId", ${accountsJsonOfDebtor('c."debtorId"')} AS "accounts" FROM c`,
      [...keyParams, sortableId(at), inbound.text, inbound.activityId ?? null, at],
    );
    if (!found) return null;
    const { inboundId, accounts, ...stored } = found;
    return {
      ...conversationWithStateOf(stored),
      inbound: { messageId: inboundId },
      ...(stored.debtorId === null ? {} : { debtorAccounts: accountsOfJson(accounts) }),
    };
  }
  const [found] = await sql.query<StoredConversationWithState>(
    `SELECT ${conversationWithStateColumns} FROM ${conversationWithStateSource}`,
    keyParams,
  );
  return found ? conversationWithStateOf(found) : null;
}

/** A conversation row with its state document's columns, as the statements above read it. */
type StoredConversationWithState = ConversationRow & { stateData: string | null; stateETag: string | null };

function conversationWithStateOf({ stateData, stateETag, ...row }: StoredConversationWithState): ConversationWithState {
  return { row, state: stateData === null || stateETag === null ? null : stateRecordOf(stateData, stateETag) };
}

/** Inserts a conversation, or reads the one a concurrent turn inserted first under the same channel key. */
export async function insertConversation(
  sql: SqlExecutor,
  input: { readonly key: ConversationChannelKey; readonly reference: string; readonly locale: string | null },
): Promise<ConversationRow> {
  const { key, reference, locale } = input;
  const now = new Date();
  await sql.execute(
    `INSERT INTO "Conversation" ("id", "channel", "channelConversationId", "channelUserId", "mode", "locale", "reference", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, 'bot', ?, ?, ?, ?) ON CONFLICT ("channel", "channelConversationId") DO NOTHING`,
    [sortableId(now), key.channel, key.channelConversationId, key.channelUserId, locale, reference, now, now],
  );
  const row = await findConversationByChannelKey(sql, key);
  if (!row) throw new Error('the conversation just written cannot be read back');
  return row;
}

/** Writes the conversation's stored reference, and its locale unless `locale` is null or empty; returns the row as stored now. */
export async function updateConversationReference(
  sql: SqlExecutor,
  input: { readonly row: ConversationRow; readonly reference: string; readonly locale: string | null },
): Promise<ConversationRow> {
  const { row, reference, locale } = input;
  const storedLocale = locale ? locale : row.locale;
  await sql.execute('UPDATE "Conversation" SET "reference" = ?, "locale" = ?, "updatedAt" = ? WHERE "id" = ?', [
    reference,
    storedLocale,
    new Date(),
    row.id,
  ]);
  return { ...row, reference, locale: storedLocale };
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
  sql: SqlExecutor,
  input: { readonly conversationId: string; readonly debtorId: string },
): Promise<void> {
  await sql.execute('UPDATE "Conversation" SET "debtorId" = ?, "updatedAt" = ? WHERE "id" = ?', [
    input.debtorId,
    new Date(),
    input.conversationId,
  ]);
}
