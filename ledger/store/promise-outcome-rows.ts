// Deciding promises: which pending promises a payment keeps, and which passed their date unpaid.
import type { SqlExecutor } from '../db/sql-runner.js';
import type { LedgerDb } from './ledger-db.js';
import { dateColumn } from './sql-columns.js';

/** A pending promise with what deciding it needs: amount, date, when it was made, and the debtor's zone. */
export interface PendingPromiseRow {
  readonly id: string;
  readonly accountId: string;
  readonly debtorId: string;
  readonly amountMinor: bigint;
  readonly dueDateIso: string;
  readonly createdAt: Date;
  readonly timezone: string;
}

const pendingSelect = {
  id: true,
  accountId: true,
  debtorId: true,
  amountMinor: true,
  dueDateIso: true,
  createdAt: true,
  debtor: { select: { timezone: true } },
} as const;

type PendingSelected = {
  id: string;
  accountId: string;
  debtorId: string;
  amountMinor: bigint;
  dueDateIso: string;
  createdAt: Date;
  debtor: { timezone: string };
};

function toPending(row: PendingSelected): PendingPromiseRow {
  const { debtor, ...rest } = row;
  return { ...rest, timezone: debtor.timezone };
}

/** The account's promises in `status` (pending by default), oldest date first. */
export async function promisesOfAccount(
  db: LedgerDb,
  accountId: string,
  status: 'pending' | 'kept' = 'pending',
): Promise<PendingPromiseRow[]> {
  const rows = await db.paymentPromise.findMany({
    where: { accountId, status },
    orderBy: [{ dueDateIso: 'asc' }, { id: 'asc' }],
    select: pendingSelect,
  });
  return rows.map(toPending);
}

/** Pending promises whose date is before `beforeIso` (every zone's today is on or after it: callers check the debtor's own). */
export async function pendingPromisesDueBefore(sql: SqlExecutor, beforeIso: string): Promise<PendingPromiseRow[]> {
  // On the SQL runner: the outbound scheduler asks every tick, and most ticks find none.
  const rows = await sql.query<Omit<PendingPromiseRow, 'createdAt'> & { createdAt: unknown }>(
    `SELECT p."id", p."accountId", p."debtorId", p."amountMinor", p."dueDateIso", p."createdAt", d."timezone"
     FROM "PaymentPromise" p JOIN "Debtor" d ON d."id" = p."debtorId"
     WHERE p."status" = 'pending' AND p."dueDateIso" < ? ORDER BY p."dueDateIso", p."id"`,
    [beforeIso],
  );
  return rows.map(({ amountMinor, createdAt, ...row }) => {
    const created = dateColumn(createdAt);
    if (!created) throw new TypeError(`promise ${row.id} has no creation time`);
    return { ...row, amountMinor: BigInt(amountMinor), createdAt: created };
  });
}

/** What was paid on the account with a payment date in [fromIso, toIso], minor units; reversed payments do not count. */
export async function paidBetween(
  db: LedgerDb,
  input: { readonly accountId: string; readonly fromIso: string; readonly toIso: string },
): Promise<bigint> {
  const sum = await db.payment.aggregate({
    where: { accountId: input.accountId, kind: 'payment', reversedAt: null, paidOnIso: { gte: input.fromIso, lte: input.toIso } },
    _sum: { amountMinor: true },
  });
  return sum._sum.amountMinor ?? 0n;
}

/** Moves a pending promise to `status` ("kept" | "broken"), stamped now; false when it was no longer pending. */
export async function decidePromise(db: LedgerDb, id: string, status: 'kept' | 'broken'): Promise<boolean> {
  const updated = await db.paymentPromise.updateMany({ where: { id, status: 'pending' }, data: { status, decidedAt: new Date() } });
  return updated.count === 1;
}

/** Moves a kept promise back to pending (the payment that kept it was reversed); false when it was not kept. */
export async function reopenPromise(db: LedgerDb, id: string): Promise<boolean> {
  const updated = await db.paymentPromise.updateMany({ where: { id, status: 'kept' }, data: { status: 'pending', decidedAt: null } });
  return updated.count === 1;
}
