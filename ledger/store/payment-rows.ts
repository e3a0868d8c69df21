import type { Payment } from '../generated/sqlite/client.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';

/** A confirmed payment (or a reversal) as recorded, with the balance it left and the part that became credit. */
export interface PaymentView {
  readonly id: string;
  readonly accountId: string;
  readonly kind: 'payment' | 'reversal';
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly balanceAfterMinor: number;
  readonly creditMinor: number;
}

function toPaymentView(row: Payment, balanceAfterMinor: number): PaymentView {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind === 'reversal' ? 'reversal' : 'payment',
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    paidOnIso: row.paidOnIso,
    balanceAfterMinor,
    creditMinor: toMinorNumber(row.creditMinor),
  };
}

/** Reads the payment recorded under an idempotency key with the balance its entry left, and the hash of its request. */
export async function findPaymentByKey(
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: PaymentView } | null> {
  const row = await db.payment.findUnique({ where: { idempotencyKey } });
  if (!row) return null;
  // The payment's own entry, then any adjustment it caused (a settlement's discount written off).
  const entries = await db.balanceEntry.findMany({ where: { sourceId: row.id } });
  const own = entries.find((entry) => entry.kind === row.kind);
  const adjusted = entries.filter((entry) => entry.kind === 'adjustment').reduce((sum, entry) => sum + entry.deltaMinor, 0n);
  const balanceAfterMinor = own ? toMinorNumber(own.balanceAfterMinor + adjusted) : 0;
  return { requestHash: row.requestHash, value: toPaymentView(row, balanceAfterMinor) };
}

/** A payment (or reversal) to store, with how it moved the balance and the balance it left. */
export interface NewPayment {
  readonly accountId: string;
  readonly kind: 'payment' | 'reversal';
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly source: string;
  /** Signed change of the balance: minus what a payment applied, plus what a reversal reopened. */
  readonly balanceDeltaMinor: number;
  readonly balanceAfterMinor: number;
  readonly creditMinor: number;
  readonly reversesPaymentId?: string;
  readonly providerPaymentId?: string | null;
  readonly linkId?: string | null;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes a payment (or reversal) and the balance entry that explains how it moved the balance. */
export async function insertPayment(db: LedgerDb, payment: NewPayment): Promise<PaymentView> {
  const created = await db.payment.create({
    data: {
      accountId: payment.accountId,
      kind: payment.kind,
      currency: payment.currency,
      amountMinor: toStoredMinor(payment.amountMinor),
      paidOnIso: payment.paidOnIso,
      source: payment.source,
      creditMinor: toStoredMinor(payment.creditMinor),
      reversesPaymentId: payment.reversesPaymentId ?? null,
      providerPaymentId: payment.providerPaymentId ?? null,
      linkId: payment.linkId ?? null,
      idempotencyKey: payment.idempotencyKey,
      requestHash: payment.requestHash,
    },
  });
  await db.balanceEntry.create({
    data: {
      accountId: payment.accountId,
      kind: payment.kind,
      deltaMinor: toStoredMinor(payment.balanceDeltaMinor),
      balanceAfterMinor: toStoredMinor(payment.balanceAfterMinor),
      sourceId: created.id,
    },
  });
  return toPaymentView(created, payment.balanceAfterMinor);
}

/** A payment the reversal needs: its amount, account, and whether it was already reversed. */
export interface ReversiblePayment {
  readonly id: string;
  readonly accountId: string;
  readonly kind: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly creditMinor: number;
  readonly reversedAt: Date | null;
}

function toReversible(row: Payment): ReversiblePayment {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    creditMinor: toMinorNumber(row.creditMinor),
    reversedAt: row.reversedAt,
  };
}

/** Reads a payment by id, or null. */
export async function findPaymentById(db: LedgerDb, paymentId: string): Promise<ReversiblePayment | null> {
  const row = await db.payment.findUnique({ where: { id: paymentId } });
  return row && toReversible(row);
}

/** The payment a provider knows by its own id (the one a refund or chargeback names), or null. */
export async function findPaymentByProviderId(db: LedgerDb, source: string, providerPaymentId: string): Promise<ReversiblePayment | null> {
  const row = await db.payment.findFirst({ where: { source, providerPaymentId, kind: 'payment' }, orderBy: { createdAt: 'asc' } });
  return row && toReversible(row);
}

/** Marks a payment reversed; false when it already was (a reversal happens once). */
export async function markPaymentReversed(db: LedgerDb, paymentId: string, at: Date): Promise<boolean> {
  const updated = await db.payment.updateMany({ where: { id: paymentId, reversedAt: null, kind: 'payment' }, data: { reversedAt: at } });
  return updated.count === 1;
}
