// Channel identities and the debtors they verify as. Every conversation verifies once, so these run on the ledger's
// SQL runner (prepared statements) rather than through Prisma; placeholders and quoting suit SQLite and PostgreSQL.
import type { SqlExecutor } from '../db/sql-runner.js';
import { auditColumns, auditValues, type AuditInput } from './audit.js';
import type { ChannelUser } from './channel-user.js';
import { sortableId } from './sortable-id.js';
import { dateColumn, intColumn } from './sql-columns.js';

/** A channel user's identity: the debtor it is linked to since when, and its failed attempts and lockout. */
export interface ChannelIdentityRecord {
  readonly id: string;
  readonly debtorId: string | null;
  readonly verifiedAt: Date | null;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

/** What verification compares and greets a debtor with. */
export interface DebtorToVerify {
  readonly id: string;
  readonly fullName: string;
  readonly dateOfBirthIso: string;
  readonly phone: string;
  readonly language: string;
  readonly country: string;
  readonly timezone: string;
}

interface IdentityColumns extends Record<string, unknown> {
  readonly id: string;
  readonly debtorId: string | null;
  readonly verifiedAt: unknown;
  readonly failedAttempts: unknown;
  readonly lockedUntil: unknown;
}

/** The linked debtor's columns of findIdentityWithDebtor's join (all null when the identity is not linked). */
interface LinkedDebtorColumns {
  readonly debtor_id: string | null;
  readonly debtor_fullName: string | null;
  readonly debtor_dateOfBirthIso: string | null;
  readonly debtor_phone: string | null;
  readonly debtor_language: string | null;
  readonly debtor_country: string | null;
  readonly debtor_timezone: string | null;
}

const identityColumns = 'i."id", i."debtorId", i."verifiedAt", i."failedAttempts", i."lockedUntil"';
const debtorColumns = '"id", "fullName", "dateOfBirthIso", "phone", "language", "country", "timezone"';

function toIdentity(row: IdentityColumns): ChannelIdentityRecord {
  return {
    id: row.id,
    debtorId: row.debtorId,
    verifiedAt: dateColumn(row.verifiedAt),
    failedAttempts: intColumn(row.failedAttempts),
    lockedUntil: dateColumn(row.lockedUntil),
  };
}

/** Reads a channel user's identity, or null when they never tried to verify. */
export async function findIdentity(sql: SqlExecutor, user: ChannelUser): Promise<ChannelIdentityRecord | null> {
  const [row] = await sql.query<IdentityColumns>(
    `SELECT ${identityColumns} FROM "ChannelIdentity" i WHERE i."channel" = ? AND i."channelUserId" = ?`,
    [user.channel, user.channelUserId],
  );
  return row ? toIdentity(row) : null;
}

/** Reads a channel user's identity with the debtor it is linked to, or null when they never tried to verify. */
export async function findIdentityWithDebtor(
  sql: SqlExecutor,
  user: ChannelUser,
): Promise<(ChannelIdentityRecord & { readonly debtor: DebtorToVerify | null }) | null> {
  const [row] = await sql.query<IdentityColumns & LinkedDebtorColumns>(
    `SELECT ${identityColumns}, d."id" AS "debtor_id", d."fullName" AS "debtor_fullName", d."dateOfBirthIso" AS "debtor_dateOfBirthIso",
            d."phone" AS "debtor_phone", d."language" AS "debtor_language", d."country" AS "debtor_country", d."timezone" AS "debtor_timezone"
     FROM "ChannelIdentity" i LEFT JOIN "Debtor" d ON d."id" = i."debtorId"
     WHERE i."channel" = ? AND i."channelUserId" = ?`,
    [user.channel, user.channelUserId],
  );
  if (!row) return null;
  const debtor: DebtorToVerify | null =
    row.debtor_id === null
      ? null
      : {
          id: row.debtor_id,
          fullName: row.debtor_fullName ?? '',
          dateOfBirthIso: row.debtor_dateOfBirthIso ?? '',
          phone: row.debtor_phone ?? '',
          language: row.debtor_language ?? '',
          country: row.debtor_country ?? '',
          timezone: row.debtor_timezone ?? '',
        };
  return { ...toIdentity(row), debtor };
}

/**
 * Reads a channel user's identity, creating it (unlinked, no failures) when there is none, in one statement. Inside a
 * transaction the row stays locked until it ends (the upsert touches it), so two attempts at once both count.
 */
export async function ensureIdentity(sql: SqlExecutor, user: ChannelUser, now: Date): Promise<ChannelIdentityRecord> {
  const [row] = await sql.query<IdentityColumns>(
    `INSERT INTO "ChannelIdentity" ("id", "channel", "channelUserId", "failedAttempts", "createdAt", "updatedAt")
     VALUES (?, ?, ?, 0, ?, ?)
     ON CONFLICT ("channel", "channelUserId") DO UPDATE SET "updatedAt" = "ChannelIdentity"."updatedAt"
     RETURNING "id", "debtorId", "verifiedAt", "failedAttempts", "lockedUntil"`,
    [sortableId(now), user.channel, user.channelUserId, now, now],
  );
  if (!row) throw new Error('the channel identity just written cannot be read back');
  return toIdentity(row);
}

/**
 * Locks a channel user's identity, if there is one, until the caller's transaction ends (an update that changes
 * nothing still takes the row's lock), without creating it: what is read after it sees every attempt committed before.
 */
export async function lockIdentity(sql: SqlExecutor, user: ChannelUser): Promise<void> {
  await sql.execute('UPDATE "ChannelIdentity" SET "updatedAt" = "updatedAt" WHERE "channel" = ? AND "channelUserId" = ?', [
    user.channel,
    user.channelUserId,
  ]);
}

/** Reads the debtors with this normalized document number and date of birth. */
export function findDebtorsByDocument(
  sql: SqlExecutor,
  claim: { readonly documentNumberNormalized: string; readonly dateOfBirthIso: string },
): Promise<DebtorToVerify[]> {
  return sql.query<DebtorToVerify & Record<string, unknown>>(
    `SELECT ${debtorColumns} FROM "Debtor" WHERE "documentNumberNormalized" = ? AND "dateOfBirthIso" = ? ORDER BY "id"`,
    [claim.documentNumberNormalized, claim.dateOfBirthIso],
  );
}

/** Links an identity to the debtor it was verified as at `verifiedAt`, clearing its failures and lockout. */
export async function linkIdentity(
  sql: SqlExecutor,
  link: { readonly identityId: string; readonly debtorId: string; readonly verifiedAt: Date },
): Promise<void> {
  await sql.execute(
    'UPDATE "ChannelIdentity" SET "debtorId" = ?, "verifiedAt" = ?, "failedAttempts" = 0, "lockedUntil" = NULL, "updatedAt" = ? WHERE "id" = ?',
    [link.debtorId, link.verifiedAt, link.verifiedAt, link.identityId],
  );
}

/**
 * PostgreSQL only: links a channel user to the debtor it was just verified as, in one statement (so atomically, and in
 * one round trip), unless its identity is locked out at `verifiedAt`: creates or updates the identity as linkIdentity
 * does, lifts a "wrong person" mark on the address as clearWrongPersonMark does, and writes `audit` (as writeAudit does). The upsert waits
 * for an attempt in progress on the same identity and then sees its outcome, so a lockout committed meanwhile wins.
 * Returns false, having changed nothing, when the identity is locked out.
 */
export async function linkVerifiedIdentityAtOnce(
  sql: SqlExecutor,
  link: { readonly user: ChannelUser; readonly debtorId: string; readonly verifiedAt: Date; readonly audit: AuditInput },
): Promise<boolean> {
  const { user, debtorId, verifiedAt } = link;
  const rows = await sql.query<{ id: string }>(
    `WITH linked AS (
       INSERT INTO "ChannelIdentity" ("id", "channel", "channelUserId", "debtorId", "verifiedAt", "failedAttempts", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT ("channel", "channelUserId") DO UPDATE
         SET "debtorId" = EXCLUDED."debtorId", "verifiedAt" = EXCLUDED."verifiedAt", "failedAttempts" = 0, "lockedUntil" = NULL,
             "updatedAt" = EXCLUDED."updatedAt"
         WHERE "ChannelIdentity"."lockedUntil" IS NULL OR "ChannelIdentity"."lockedUntil" <= ?
       RETURNING "id"
     ), cleared AS (
       UPDATE "ContactPreference" SET "optedOutAt" = NULL, "reason" = NULL, "updatedAt" = ?
       WHERE "channel" = ? AND "channelUserId" = ? AND "reason" = 'wrong_person' AND EXISTS (SELECT 1 FROM linked)
     ), audited AS (
       INSERT INTO "AuditEvent" (${auditColumns})
       SELECT ?, ?, ?, ?, ?, ?, ?, ?::timestamp(3) FROM linked
     )
     SELECT "id" FROM linked`,
    [
      sortableId(verifiedAt),
      user.channel,
      user.channelUserId,
      debtorId,
      verifiedAt,
      verifiedAt,
      verifiedAt,
      verifiedAt,
      verifiedAt,
      user.channel,
      user.channelUserId,
      ...auditValues(link.audit, new Date()),
    ],
  );
  return rows.length === 1;
}

/** Removes an identity's link to its debtor (and when it was verified). */
export async function unlinkIdentity(sql: SqlExecutor, identityId: string, now: Date): Promise<void> {
  await sql.execute('UPDATE "ChannelIdentity" SET "debtorId" = NULL, "verifiedAt" = NULL, "updatedAt" = ? WHERE "id" = ?', [
    now,
    identityId,
  ]);
}

/** Writes an identity's count of failed attempts (its lockout unchanged). */
export async function setFailedAttempts(
  sql: SqlExecutor,
  attempts: { readonly identityId: string; readonly failedAttempts: number; readonly now: Date },
): Promise<void> {
  await sql.execute('UPDATE "ChannelIdentity" SET "failedAttempts" = ?, "updatedAt" = ? WHERE "id" = ?', [
    attempts.failedAttempts,
    attempts.now,
    attempts.identityId,
  ]);
}

/** Zeroes an identity's failed attempts and writes its lockout end (null: not locked). */
export async function resetFailedAttempts(
  sql: SqlExecutor,
  reset: { readonly identityId: string; readonly lockedUntil: Date | null; readonly now: Date },
): Promise<void> {
  await sql.execute('UPDATE "ChannelIdentity" SET "failedAttempts" = 0, "lockedUntil" = ?, "updatedAt" = ? WHERE "id" = ?', [
    reset.lockedUntil,
    reset.now,
    reset.identityId,
  ]);
}

/** Unlinks every conversation of a channel user from its debtor. */
export async function unlinkConversations(sql: SqlExecutor, user: ChannelUser, now: Date): Promise<void> {
  await sql.execute('UPDATE "Conversation" SET "debtorId" = NULL, "updatedAt" = ? WHERE "channel" = ? AND "channelUserId" = ?', [
    now,
    user.channel,
    user.channelUserId,
  ]);
}
