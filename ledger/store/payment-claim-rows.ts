import type { LedgerDb } from './ledger-db.js';
import { toStoredMinor } from './numbers.js';

/** Reads the id of the payment claim recorded under an idempotency key, with the hash of its request. */
export async function findPaymentClaimByKey(
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: string } | null> {
  const row = await db.paymentClaim.findUnique({ where: { idempotencyKey } });
  return row && { requestHash: row.requestHash, value: row.id };
}

/** A debtor's "I already paid" to store on an account; amount (minor units) and date may be unknown. */
export interface NewPaymentClaim {
  readonly account: { readonly id: string; readonly debtorId: string; readonly currency: string };
  readonly amountMinor: number | null;
  readonly paidOnIso: string | null;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes an open payment claim; returns its id. */
export async function insertPaymentClaim(db: LedgerDb, claim: NewPaymentClaim): Promise<string> {
  const created = await db.paymentClaim.create({
    data: {
      accountId: claim.account.id,
      debtorId: claim.account.debtorId,
      currency: claim.account.currency,
      amountMinor: claim.amountMinor === null ? null : toStoredMinor(claim.amountMinor),
      paidOnIso: claim.paidOnIso,
      idempotencyKey: claim.idempotencyKey,
      requestHash: claim.requestHash,
    },
  });
  return created.id;
}

/** A payment claim's account and status, or null. */
export async function findPaymentClaim(
  db: LedgerDb,
  id: string,
): Promise<{ readonly id: string; readonly accountId: string; readonly status: string } | null> {
  return db.paymentClaim.findUnique({ where: { id }, select: { id: true, accountId: true, status: true } });
}

/** Confirms an open claim as matched to a payment; false when it was not open. */
export async function confirmPaymentClaim(db: LedgerDb, id: string, paymentId: string): Promise<boolean> {
  const updated = await db.paymentClaim.updateMany({
    where: { id, status: 'open' },
    data: { status: 'confirmed', matchedPaymentId: paymentId },
  });
  return updated.count === 1;
}
