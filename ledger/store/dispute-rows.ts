import type { Dispute } from '../generated/sqlite/client.js';
import type { LedgerDb } from './ledger-db.js';

/** A dispute as recorded, with the reference given to the debtor. */
export interface DisputeView {
  readonly id: string;
  readonly reference: string;
  readonly accountId: string;
  readonly category: string;
  readonly status: string;
}

function toDisputeView(row: Dispute): DisputeView {
  return { id: row.id, reference: row.reference, accountId: row.accountId, category: row.category, status: row.status };
}

/** Reads the dispute recorded under an idempotency key, with the hash of its request. */
export async function findDisputeByKey(
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: DisputeView } | null> {
  const row = await db.dispute.findUnique({ where: { idempotencyKey } });
  return row && { requestHash: row.requestHash, value: toDisputeView(row) };
}

/** Reads the status the account had before its oldest open dispute put it on hold, or null when none is open. */
export async function findStatusBeforeHold(db: LedgerDb, accountId: string): Promise<string | null> {
  const row = await db.dispute.findFirst({ where: { accountId, status: 'open' }, orderBy: { createdAt: 'asc' } });
  return row?.previousStatus ?? null;
}

/** A dispute to store on an account; `text` is the debtor's own words (stored, never logged). */
export interface NewDispute {
  readonly reference: string;
  readonly account: { readonly id: string; readonly debtorId: string };
  readonly category: string;
  readonly text: string;
  /** The account's status before the hold, restored if the dispute is rejected. */
  readonly previousStatus: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes an open dispute. */
export async function insertDispute(db: LedgerDb, dispute: NewDispute): Promise<DisputeView> {
  const created = await db.dispute.create({
    data: {
      reference: dispute.reference,
      accountId: dispute.account.id,
      debtorId: dispute.account.debtorId,
      category: dispute.category,
      text: dispute.text,
      previousStatus: dispute.previousStatus,
      idempotencyKey: dispute.idempotencyKey,
      requestHash: dispute.requestHash,
    },
  });
  return toDisputeView(created);
}
