import type { SqlExecutor, SqlStatement } from '../db/sql-runner.js';
import type { PlannedContact } from '../outbound/planner.js';
import { dateColumn, intColumn } from './sql-columns.js';
import { sortableId } from './sortable-id.js';

/** An outbound job as stored. */
export interface OutboundJobRow {
  readonly key: string;
  readonly debtorId: string;
  readonly accountId: string;
  readonly kind: string;
  readonly aboutDateIso: string;
  readonly forDateIso: string;
  readonly channel: string;
  readonly dueAt: Date;
  readonly status: string;
  readonly attempts: number;
  /** A channel this contact must not go out on (it was reported undeliverable there after the send), or null. */
  readonly excludedChannel: string | null;
}

/** One line of the contact log. */
export interface ContactAttemptInput {
  readonly jobKey: string;
  readonly debtorId: string;
  readonly accountId: string;
  readonly channel: string;
  readonly kind: string;
  readonly template: string;
  readonly rulesVersion: string;
  /** "sent" | "delivered" | "read" | "failed" | "refused" */
  readonly outcome: string;
  readonly reason: string | null;
  readonly localDateIso: string;
  readonly attemptedAt: Date;
  /** The provider's id of the message sent (WhatsApp Cloud API: its "wamid.…"), which its delivery statuses name; null when none. */
  readonly providerMessageId?: string | null;
}

const jobColumns =
  '"key", "debtorId", "accountId", "kind", "aboutDateIso", "forDateIso", "channel", "dueAt", "status", "attempts", "excludedChannel"';

/** A NOT NULL DateTime column. */
function instantColumn(value: unknown): Date {
  const date = dateColumn(value);
  if (!date) throw new TypeError('a required instant is missing');
  return date;
}

function jobOf(row: Record<string, unknown>): OutboundJobRow {
  return {
    key: String(row.key),
    debtorId: String(row.debtorId),
    accountId: String(row.accountId),
    kind: String(row.kind),
    aboutDateIso: String(row.aboutDateIso),
    forDateIso: String(row.forDateIso),
    channel: String(row.channel),
    dueAt: instantColumn(row.dueAt),
    status: String(row.status),
    attempts: intColumn(row.attempts),
    excludedChannel: row.excludedChannel === null || row.excludedChannel === undefined ? null : String(row.excludedChannel),
  };
}

/**
 * The statement storing a planned contact as a job: a new key is inserted; a key still planned takes the new time and
 * channel; a key already sent, refused or being sent is left as it is (planning again never sends twice).
 */
export function plannedJobUpsert(contact: PlannedContact, now: Date): SqlStatement {
  return {
    text: `INSERT INTO "OutboundJob" ("key", "debtorId", "accountId", "kind", "aboutDateIso", "forDateIso", "channel", "dueAt", "status", "attempts", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', 0, ?, ?)
      ON CONFLICT ("key") DO UPDATE SET "dueAt" = excluded."dueAt", "channel" = excluded."channel", "updatedAt" = excluded."updatedAt"
      WHERE "OutboundJob"."status" = 'planned'`,
    params: [
      contact.key,
      contact.debtorId,
      contact.accountId,
      contact.kind,
      contact.aboutDateIso,
      contact.forDateIso,
      contact.channel,
      new Date(contact.atMs),
      now,
      now,
    ],
  };
}

/** Keys of the jobs still planned with a due time in [from, until). */
export async function plannedJobKeysBetween(sql: SqlExecutor, from: Date, until: Date): Promise<string[]> {
  const rows = await sql.query('SELECT "key" FROM "OutboundJob" WHERE "status" = \'planned\' AND "dueAt" >= ? AND "dueAt" < ?', [
    from,
    until,
  ]);
  return rows.map((row) => String(row.key));
}

/** Marks a job that is no longer in the plan (paid, paused, disputed…) as dropped, if it is still planned. */
export async function dropPlannedJob(sql: SqlExecutor, key: string, now: Date): Promise<void> {
  await sql.execute('UPDATE "OutboundJob" SET "status" = \'dropped\', "updatedAt" = ? WHERE "key" = ? AND "status" = \'planned\'', [
    now,
    key,
  ]);
}

/** The planned jobs due by `now`, oldest first. */
export async function dueJobs(sql: SqlExecutor, now: Date, limit: number): Promise<OutboundJobRow[]> {
  const rows = await sql.query(
    `SELECT ${jobColumns} FROM "OutboundJob" WHERE "status" = 'planned' AND "dueAt" <= ? ORDER BY "dueAt", "key" LIMIT ${Math.max(1, Math.floor(limit))}`,
    [now],
  );
  return rows.map(jobOf);
}

/** Claims a planned job for sending until `leaseUntil`; false when another sender claimed it first. */
export async function claimJob(sql: SqlExecutor, key: string, leaseUntil: Date, now: Date): Promise<boolean> {
  const changed = await sql.execute(
    `UPDATE "OutboundJob" SET "status" = 'sending', "attempts" = "attempts" + 1, "leaseUntil" = ?, "updatedAt" = ?
     WHERE "key" = ? AND "status" = 'planned'`,
    [leaseUntil, now, key],
  );
  return changed === 1;
}

/** Jobs claimed for sending whose claim ran out (the sender died mid-send). */
export async function expiredClaims(sql: SqlExecutor, now: Date): Promise<OutboundJobRow[]> {
  const rows = await sql.query(`SELECT ${jobColumns} FROM "OutboundJob" WHERE "status" = 'sending' AND "leaseUntil" < ?`, [now]);
  return rows.map(jobOf);
}

/** Ends a claimed job with `status` ("sent", "refused", "failed", "interrupted", "notice"); false if it was no longer claimed. */
export async function finishJob(sql: SqlExecutor, key: string, status: string, now: Date): Promise<boolean> {
  const changed = await sql.execute(
    'UPDATE "OutboundJob" SET "status" = ?, "leaseUntil" = NULL, "updatedAt" = ? WHERE "key" = ? AND "status" = \'sending\'',
    [status, now, key],
  );
  return changed === 1;
}

/** Puts a claimed job back in the plan at `dueAt` (the rules moved it). */
export async function rescheduleJob(sql: SqlExecutor, key: string, dueAt: Date, now: Date): Promise<void> {
  await sql.execute(
    'UPDATE "OutboundJob" SET "status" = \'planned\', "dueAt" = ?, "leaseUntil" = NULL, "updatedAt" = ? WHERE "key" = ? AND "status" = \'sending\'',
    [dueAt, now, key],
  );
}

/**
 * Puts a job that was sent back in the plan, due at `dueAt`, with `channel` excluded: its message was reported
 * undeliverable there after the send. Once per job: false when it is not "sent" (refused, put back already and not sent
 * again yet) or already has a channel excluded.
 */
export async function requeueSentJob(
  sql: SqlExecutor,
  input: { readonly key: string; readonly excludedChannel: string; readonly dueAt: Date; readonly now: Date },
): Promise<boolean> {
  const changed = await sql.execute(
    `UPDATE "OutboundJob" SET "status" = 'planned', "dueAt" = ?, "excludedChannel" = ?, "leaseUntil" = NULL, "updatedAt" = ?
     WHERE "key" = ? AND "status" = 'sent' AND "excludedChannel" IS NULL`,
    [input.dueAt, input.excludedChannel, input.now, input.key],
  );
  return changed === 1;
}

/** The contact key of the attempt on `channel` whose provider message id is `providerMessageId`, or null. */
export async function jobKeyOfProviderMessage(sql: SqlExecutor, channel: string, providerMessageId: string): Promise<string | null> {
  const [row] = await sql.query('SELECT "jobKey" FROM "ContactAttempt" WHERE "providerMessageId" = ? AND "channel" = ? LIMIT 1', [
    providerMessageId,
    channel,
  ]);
  return row ? String(row.jobKey) : null;
}

/** Appends a line to the contact log. */
export async function insertContactAttempt(sql: SqlExecutor, attempt: ContactAttemptInput): Promise<void> {
  await sql.execute(
    `INSERT INTO "ContactAttempt" ("id", "jobKey", "debtorId", "accountId", "channel", "kind", "template", "rulesVersion", "outcome", "reason", "localDateIso", "attemptedAt", "providerMessageId")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      sortableId(attempt.attemptedAt),
      attempt.jobKey,
      attempt.debtorId,
      attempt.accountId,
      attempt.channel,
      attempt.kind,
      attempt.template,
      attempt.rulesVersion,
      attempt.outcome,
      attempt.reason,
      attempt.localDateIso,
      attempt.attemptedAt,
      attempt.providerMessageId ?? null,
    ],
  );
}

/** A delivery status a provider reported for a message it tracks. */
export type DeliveryOutcome = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * The outcomes a status may replace: sent → delivered → read, or sent → failed; never backwards, nothing after failed
 * (a status arriving late, or again, changes nothing).
 */
const replaceableBy: Readonly<Record<DeliveryOutcome, readonly string[]>> = {
  sent: [],
  delivered: ['sent'],
  read: ['sent', 'delivered'],
  failed: ['sent'],
};

/**
 * Moves the outcome of the attempt on `channel` whose provider message id is `providerMessageId` forward to `outcome`
 * (with `reason` and `statusAt`): "changed" when it moved, "unchanged" when the attempt is already there or further
 * along, "unknown" when no attempt has that id.
 */
export async function applyDeliveryStatus(
  sql: SqlExecutor,
  input: {
    readonly channel: string;
    readonly providerMessageId: string;
    readonly outcome: DeliveryOutcome;
    readonly reason: string | null;
    readonly statusAt: Date;
  },
): Promise<'changed' | 'unchanged' | 'unknown'> {
  const from = replaceableBy[input.outcome];
  if (from.length > 0) {
    const changed = await sql.execute(
      `UPDATE "ContactAttempt" SET "outcome" = ?, "reason" = ?, "statusAt" = ?
       WHERE "providerMessageId" = ? AND "channel" = ? AND "outcome" IN (${from.map(() => '?').join(', ')})`,
      [input.outcome, input.reason, input.statusAt, input.providerMessageId, input.channel, ...from],
    );
    if (changed > 0) return 'changed';
  }
  const [known] = await sql.query('SELECT 1 AS "found" FROM "ContactAttempt" WHERE "providerMessageId" = ? AND "channel" = ? LIMIT 1', [
    input.providerMessageId,
    input.channel,
  ]);
  return known ? 'unchanged' : 'unknown';
}

/** A debtor's contact log, newest first. */
export async function contactLogOf(
  sql: SqlExecutor,
  debtorId: string,
  limit: number,
): Promise<Array<ContactAttemptInput & { id: string }>> {
  const rows = await sql.query(
    `SELECT "id", "jobKey", "debtorId", "accountId", "channel", "kind", "template", "rulesVersion", "outcome", "reason", "localDateIso", "attemptedAt"
     FROM "ContactAttempt" WHERE "debtorId" = ? ORDER BY "id" DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [debtorId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    jobKey: String(row.jobKey),
    debtorId: String(row.debtorId),
    accountId: String(row.accountId),
    channel: String(row.channel),
    kind: String(row.kind),
    template: String(row.template),
    rulesVersion: String(row.rulesVersion),
    outcome: String(row.outcome),
    reason: row.reason === null ? null : String(row.reason),
    localDateIso: String(row.localDateIso),
    attemptedAt: instantColumn(row.attemptedAt),
  }));
}

/** The web chat notices left for a debtor (jobs with status "notice"), oldest first, with their template. */
export async function pendingNotices(
  sql: SqlExecutor,
  debtorId: string,
): Promise<Array<OutboundJobRow & { readonly template: string; readonly noticeDateIso: string }>> {
  const rows = await sql.query(
    `SELECT ${jobColumns.replace(/"([a-zA-Z]+)"/g, 'j."$1"')}, a."template", a."localDateIso" AS "noticeDateIso"
     FROM "OutboundJob" j JOIN "ContactAttempt" a ON a."jobKey" = j."key" AND a."outcome" = 'sent'
     WHERE j."debtorId" = ? AND j."status" = 'notice' ORDER BY j."dueAt", j."key"`,
    [debtorId],
  );
  return rows.map((row) => ({ ...jobOf(row), template: String(row.template), noticeDateIso: String(row.noticeDateIso) }));
}

/** Marks a web chat notice as shown; false if it was already. */
export async function markNoticeDelivered(sql: SqlExecutor, key: string, now: Date): Promise<boolean> {
  return (
    (await sql.execute('UPDATE "OutboundJob" SET "status" = \'delivered\', "updatedAt" = ? WHERE "key" = ? AND "status" = \'notice\'', [
      now,
      key,
    ])) === 1
  );
}

/** The latest reminder sent to a debtor on a channel since `since` (its outcome sent, delivered or read), with the account it was about. */
export async function latestReminderOn(
  sql: SqlExecutor,
  input: { readonly debtorId: string; readonly channel: string; readonly since: Date },
): Promise<{ readonly kind: string; readonly aboutDateIso: string; readonly accountRef: string; readonly product: string } | null> {
  const [row] = await sql.query(
    `SELECT j."kind", j."aboutDateIso", c."externalRef", c."product" FROM "ContactAttempt" a
     JOIN "OutboundJob" j ON j."key" = a."jobKey" JOIN "Account" c ON c."id" = a."accountId"
     WHERE a."debtorId" = ? AND a."channel" = ? AND a."outcome" IN ('sent', 'delivered', 'read') AND a."attemptedAt" >= ?
     ORDER BY a."id" DESC LIMIT 1`,
    [input.debtorId, input.channel, input.since],
  );
  return row
    ? { kind: String(row.kind), aboutDateIso: String(row.aboutDateIso), accountRef: String(row.externalRef), product: String(row.product) }
    : null;
}

/** The job stored under `key`, or null. */
export async function jobByKey(sql: SqlExecutor, key: string): Promise<OutboundJobRow | null> {
  const [row] = await sql.query(`SELECT ${jobColumns} FROM "OutboundJob" WHERE "key" = ?`, [key]);
  return row ? jobOf(row) : null;
}
