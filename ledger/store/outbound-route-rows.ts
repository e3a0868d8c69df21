import type { SqlExecutor } from '../db/sql-runner.js';
import { isPhoneChannel, phoneAddressOf } from './outbound-rows.js';

/** What sending a reminder needs to know about the debtor (never logged: the phone is personal data). */
export interface DebtorContactFacts {
  readonly id: string;
  readonly ref: string;
  readonly country: string;
  readonly timezone: string;
  /** "es" | "en" */
  readonly language: string;
  readonly phone: string;
}

/** Where a message to a debtor on one channel goes: the channel user, and the conversation to continue when there is one. */
export interface ContactRoute {
  readonly channel: string;
  readonly channelUserId: string;
  /** The stored conversation reference (JSON) of the debtor's latest conversation there, or null (none yet). */
  readonly referenceJson: string | null;
  readonly conversationId: string | null;
}

/** The debtor's country, zone, language and phone, or null. */
export async function findDebtorContactFacts(sql: SqlExecutor, debtorId: string): Promise<DebtorContactFacts | null> {
  const [row] = await sql.query('SELECT "id", "externalId", "country", "timezone", "language", "phone" FROM "Debtor" WHERE "id" = ?', [
    debtorId,
  ]);
  if (!row) return null;
  return {
    id: String(row.id),
    ref: String(row.externalId),
    country: String(row.country),
    timezone: String(row.timezone),
    language: String(row.language),
    phone: String(row.phone),
  };
}

/**
 * The route to a debtor on `channel`: their latest conversation with a chat they verified (Telegram, web chat), or on
 * WhatsApp (Baileys or the Cloud API) the chat of their phone number (continued when they wrote from it, else started);
 * null when there is none.
 */
export async function findContactRoute(sql: SqlExecutor, debtorId: string, channel: string): Promise<ContactRoute | null> {
  const [verified] = await sql.query(
    `SELECT i."channelUserId", c."id" AS "conversationId", c."reference" FROM "ChannelIdentity" i
     LEFT JOIN "Conversation" c ON c."channel" = i."channel" AND c."channelUserId" = i."channelUserId" AND c."reference" IS NOT NULL
     WHERE i."debtorId" = ? AND i."channel" = ? AND i."verifiedAt" IS NOT NULL
     ORDER BY c."updatedAt" DESC LIMIT 1`,
    [debtorId, channel],
  );
  if (verified) return routeOf(channel, verified);
  if (!isPhoneChannel(channel)) return null;
  const facts = await findDebtorContactFacts(sql, debtorId);
  const address = facts ? phoneAddressOf(channel, facts.phone) : null;
  if (!address) return null;
  const [existing] = await sql.query(
    `SELECT "channelUserId", "id" AS "conversationId", "reference" FROM "Conversation"
     WHERE "channel" = ? AND "channelUserId" = ? AND "reference" IS NOT NULL ORDER BY "updatedAt" DESC LIMIT 1`,
    [channel, address],
  );
  return existing ? routeOf(channel, existing) : { channel, channelUserId: address, referenceJson: null, conversationId: null };
}

function routeOf(channel: string, row: Record<string, unknown>): ContactRoute {
  return {
    channel,
    channelUserId: String(row.channelUserId),
    referenceJson: row.reference === null || row.reference === undefined ? null : String(row.reference),
    conversationId: row.conversationId === null || row.conversationId === undefined ? null : String(row.conversationId),
  };
}
