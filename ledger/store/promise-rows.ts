import type { PaymentPromise } from '../generated/sqlite/client.js';
import type { Actor } from './audit.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';

/** A promise to pay, as recorded. */
export interface PromiseView {
  readonly id: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly dueDateIso: string;
  readonly status: string;
}

/** Maps a stored promise row to its view. */
export function toPromiseView(row: PaymentPromise): PromiseView {
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
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: PromiseView } | null> {
  const row = await db.paymentPromise.findUnique({ where: { idempotencyKey } });
  return row && { requestHash: row.requestHash, value: toPromiseView(row) };
}

/** A checked promise to store on an account. */
export interface NewPromise {
  readonly account: { readonly id: string; readonly debtorId: string; readonly currency: string };
  readonly amountMinor: number;
  readonly dueDateIso: string;
  readonly actor: Actor;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes a promise to pay (status pending). */
export async function insertPromise(db: LedgerDb, promise: NewPromise): Promise<PromiseView> {
  const created = await db.paymentPromise.create({
    data: {
      accountId: promise.account.id,
      debtorId: promise.account.debtorId,
      currency: promise.account.currency,
      amountMinor: toStoredMinor(promise.amountMinor),
      dueDateIso: promise.dueDateIso,
      createdByType: promise.actor.type,
      createdById: promise.actor.id ?? null,
      idempotencyKey: promise.idempotencyKey,
      requestHash: promise.requestHash,
    },
  });
  return toPromiseView(created);
}
