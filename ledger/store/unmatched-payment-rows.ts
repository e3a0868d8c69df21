// Payments that named no known account or link (a bank file line with an unknown reference), waiting for an agent.
import type { UnmatchedPayment } from '../generated/sqlite/client.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';

/** An unmatched payment as the console shows it. */
export interface UnmatchedPaymentView {
  readonly id: string;
  readonly source: string;
  readonly externalId: string;
  readonly reference: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly status: 'open' | 'matched';
  readonly matchedPaymentId: string | null;
  readonly createdAt: Date;
}

function toView(row: UnmatchedPayment): UnmatchedPaymentView {
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    reference: row.reference,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    paidOnIso: row.paidOnIso,
    status: row.status === 'matched' ? 'matched' : 'open',
    matchedPaymentId: row.matchedPaymentId,
    createdAt: row.createdAt,
  };
}

/** Stores an unmatched payment; a unique violation when its external id was taken already. */
export async function insertUnmatchedPayment(
  db: LedgerDb,
  payment: Omit<UnmatchedPaymentView, 'id' | 'status' | 'matchedPaymentId' | 'createdAt'>,
): Promise<UnmatchedPaymentView> {
  const row = await db.unmatchedPayment.create({ data: { ...payment, amountMinor: toStoredMinor(payment.amountMinor) } });
  return toView(row);
}

/** One unmatched payment by id, or null. */
export async function findUnmatchedPayment(db: LedgerDb, id: string): Promise<UnmatchedPaymentView | null> {
  const row = await db.unmatchedPayment.findUnique({ where: { id } });
  return row && toView(row);
}

/** Whether a bank transaction id was already taken as an unmatched payment. */
export async function hasUnmatchedExternalId(db: LedgerDb, externalId: string): Promise<boolean> {
  return (await db.unmatchedPayment.count({ where: { externalId } })) > 0;
}

/** The unmatched payments still open, oldest first (at most `limit`). */
export async function openUnmatchedPayments(db: LedgerDb, limit: number): Promise<UnmatchedPaymentView[]> {
  const rows = await db.unmatchedPayment.findMany({ where: { status: 'open' }, orderBy: { createdAt: 'asc' }, take: limit });
  return rows.map(toView);
}

/** Marks an unmatched payment matched to the payment it became; false when it was not open. */
export async function markUnmatchedMatched(db: LedgerDb, id: string, paymentId: string): Promise<boolean> {
  const updated = await db.unmatchedPayment.updateMany({
    where: { id, status: 'open' },
    data: { status: 'matched', matchedPaymentId: paymentId },
  });
  return updated.count === 1;
}
