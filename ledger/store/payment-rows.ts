import type { Payment } from '../generated/sqlite/client.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';

/** A confirmed payment as recorded, with the balance it left. */
export interface PaymentView {
  readonly id: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly balanceAfterMinor: number;
}

function toPaymentView(row: Payment, balanceAfterMinor: number): PaymentView {
  return {
    id: row.id,
    accountId: row.accountId,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    paidOnIso: row.paidOnIso,
    balanceAfterMinor,
  };
}

/** Reads the payment recorded under an idempotency key with the balance its entry left, and the hash of its request. */
export async function findPaymentByKey(
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: PaymentView } | null> {
  const row = await db.payment.findUnique({ where: { idempotencyKey } });
  if (!row) return null;
  const entry = await db.balanceEntry.findFirst({ where: { sourceId: row.id, kind: 'payment' } });
  return { requestHash: row.requestHash, value: toPaymentView(row, entry ? toMinorNumber(entry.balanceAfterMinor) : 0) };
}

/** A payment to store, with the balance it left on its account (already lowered). */
export interface NewPayment {
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly source: string;
  readonly balanceAfterMinor: number;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes a payment and the balance entry that explains the balance it lowered. */
export async function insertPayment(db: LedgerDb, payment: NewPayment): Promise<PaymentView> {
  const amount = toStoredMinor(payment.amountMinor);
  const created = await db.payment.create({
    data: {
      accountId: payment.accountId,
      currency: payment.currency,
      amountMinor: amount,
      paidOnIso: payment.paidOnIso,
      source: payment.source,
      idempotencyKey: payment.idempotencyKey,
      requestHash: payment.requestHash,
    },
  });
  await db.balanceEntry.create({
    data: {
      accountId: payment.accountId,
      kind: 'payment',
      deltaMinor: -amount,
      balanceAfterMinor: toStoredMinor(payment.balanceAfterMinor),
      sourceId: created.id,
    },
  });
  return toPaymentView(created, payment.balanceAfterMinor);
}
