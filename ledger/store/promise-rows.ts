// Promises to pay. Recorded in conversations, so the writes and the read by idempotency key run on the ledger's SQL
// runner (prepared statements) rather than through Prisma; placeholders and quoting suit SQLite and PostgreSQL.
import type { SqlExecutor } from '../db/sql-runner.js';
import type { PaymentPromise } from '../generated/sqlite/client.js';
import type { Actor } from './audit.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { sortableId } from './sortable-id.js';

/** A promise to pay, as recorded. */
export interface PromiseView {
  readonly id: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly dueDateIso: string;
  readonly status: string;
}

/** The columns of a stored promise its view is made from (a Prisma row, or a row of the SQL runner: BIGINT as bigint). */
type PromiseColumns = Pick<PaymentPromise, 'id' | 'accountId' | 'currency' | 'amountMinor' | 'dueDateIso' | 'status'>;

/** Maps a stored promise row to its view. */
export function toPromiseView(row: PromiseColumns): PromiseView {
  return {
    id: row.id,
    accountId: row.accountId,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    dueDateIso: row.dueDateIso,
    status: row.status,
  };
}

/** Reads the promise recorded under an idempotency key, with the hash of its request. */
export async function findPromiseByKey(
  sql: SqlExecutor,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: PromiseView } | null> {
  const [row] = await sql.query<PromiseColumns & { requestHash: string }>(
    `SELECT "id", "accountId", "currency", "amountMinor", "dueDateIso", "status", "requestHash"
     FROM "PaymentPromise" WHERE "idempotencyKey" = ?`,
    [idempotencyKey],
  );
  return row ? { requestHash: row.requestHash, value: toPromiseView(row) } : null;
}

/** A checked promise to store on an account. */
export interface NewPromise {
  readonly account: { readonly id: string; readonly debtorId: string; readonly currency: string };
  readonly amountMinor: number;
  readonly dueDateIso: string;
  readonly actor: Actor;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  /** When it is recorded (its creation and update time). */
  readonly now: Date;
}

/**
 * Writes a promise to pay (status pending) inside the caller's transaction on the SQL runner; a second promise under the
 * same idempotency key is a unique violation.
 */
export async function insertPromise(sql: SqlExecutor, promise: NewPromise): Promise<PromiseView> {
  const { now } = promise;
  const row: PromiseColumns = {
    id: sortableId(now),
    accountId: promise.account.id,
    currency: promise.account.currency,
    amountMinor: toStoredMinor(promise.amountMinor),
    dueDateIso: promise.dueDateIso,
    status: 'pending',
  };
  await sql.execute(
    `INSERT INTO "PaymentPromise" ("id", "accountId", "debtorId", "currency", "amountMinor", "dueDateIso", "status", "createdByType",
       "createdById", "conversationId", "idempotencyKey", "requestHash", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.accountId,
      promise.account.debtorId,
      row.currency,
      row.amountMinor,
      row.dueDateIso,
      row.status,
      promise.actor.type,
      promise.actor.id ?? null,
      promise.actor.conversationId ?? null,
      promise.idempotencyKey,
      promise.requestHash,
      now,
      now,
    ],
  );
  return toPromiseView(row);
}
