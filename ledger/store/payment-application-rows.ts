// The rows a payment's application reads and writes, inside the payment's transaction: the account (locked first), the
// agreement's schedule with what it has been paid, and the application rows themselves.
import type { Application, Obligation, ScheduleState } from '../service/payment-allocation.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { toCurrencyCode } from './stored-currency.js';
import type { CurrencyCode } from '../money/index.js';

/** The account as a payment sees it, read after locking its row. */
export interface PayableAccount {
  readonly id: string;
  readonly debtorId: string;
  readonly externalRef: string;
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  readonly creditMinor: number;
  readonly status: string;
  readonly activeAgreementId: string | null;
}

/**
 * Locks the account's row for the rest of the transaction (a write to it: on PostgreSQL a row lock that makes
 * concurrent payments on one account take turns; SQLite's write lock is already held) and reads it; null when unknown.
 */
export async function lockAccountForPayment(db: LedgerDb, accountId: string, now: Date): Promise<PayableAccount | null> {
  const locked = await db.account.updateMany({ where: { id: accountId }, data: { updatedAt: now } });
  if (locked.count === 0) return null;
  const row = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  return {
    id: row.id,
    debtorId: row.debtorId,
    externalRef: row.externalRef,
    currency: toCurrencyCode(row.currency),
    balanceMinor: toMinorNumber(row.balanceMinor),
    creditMinor: toMinorNumber(row.creditMinor),
    status: row.status,
    activeAgreementId: row.activeAgreementId,
  };
}

/** Writes the account's balance and credit after a payment or a reversal, and its status when it changes. */
export async function writeAccountMoney(
  db: LedgerDb,
  change: { readonly accountId: string; readonly balanceMinor: number; readonly creditMinor: number; readonly status?: string },
): Promise<void> {
  await db.account.update({
    where: { id: change.accountId },
    data: {
      balanceMinor: toStoredMinor(change.balanceMinor),
      creditMinor: toStoredMinor(change.creditMinor),
      ...(change.status ? { status: change.status } : {}),
    },
  });
}

/** An agreement's schedule with what it has been paid, as the allocation reads it, plus its status. */
export interface StoredSchedule extends ScheduleState {
  readonly status: string;
}

/**
 * Reads an agreement's schedule: a plan's down payment (when it has one) and installments, or a settlement's amount as
 * one lump sum due on its pay-by date; null when the agreement does not exist.
 */
export async function readSchedule(db: LedgerDb, agreementId: string): Promise<StoredSchedule | null> {
  const row = await db.agreement.findUnique({
    where: { id: agreementId },
    include: { installments: { orderBy: { sequence: 'asc' } } },
  });
  if (!row) return null;
  const kind = row.kind === 'settlement' ? 'settlement' : 'plan';
  const lumpSum = kind === 'settlement' ? row.agreedAmountMinor : row.downPaymentMinor;
  const obligations: Obligation[] = [];
  if (lumpSum > 0n)
    obligations.push({
      target: 'lump_sum',
      sequence: 0,
      dueDateIso: row.downPaymentDueIso ?? row.createdAt.toISOString().slice(0, 10),
      amountMinor: toMinorNumber(lumpSum),
      paidMinor: toMinorNumber(row.lumpSumPaidMinor),
    });
  for (const item of row.installments)
    obligations.push({
      target: 'installment',
      sequence: item.sequence,
      dueDateIso: item.dueDateIso,
      amountMinor: toMinorNumber(item.amountMinor),
      paidMinor: toMinorNumber(item.paidMinor),
    });
  return { agreementId: row.id, kind, status: row.status, obligations };
}

/**
 * Adds each application's amount (negative on a reversal) to what its obligation has been paid: the agreement's lump
 * sum or an installment, whose status follows (paid once it reaches its amount, pending below).
 */
export async function addToSchedule(db: LedgerDb, schedule: ScheduleState, applications: readonly Application[]): Promise<void> {
  for (const application of applications) {
    const obligation = schedule.obligations.find(
      (item) => item.target === application.target && item.sequence === (application.sequence ?? -1),
    );
    if (!obligation) continue;
    const paidMinor = obligation.paidMinor + application.amountMinor;
    if (obligation.target === 'lump_sum') {
      await db.agreement.update({ where: { id: schedule.agreementId }, data: { lumpSumPaidMinor: toStoredMinor(paidMinor) } });
    } else {
      await db.installment.update({
        where: { agreementId_sequence: { agreementId: schedule.agreementId, sequence: obligation.sequence } },
        data: { paidMinor: toStoredMinor(paidMinor), status: paidMinor >= obligation.amountMinor ? 'paid' : 'pending' },
      });
    }
  }
}

/** Stores how a payment (or its reversal) was applied. */
export async function insertApplications(db: LedgerDb, paymentId: string, applications: readonly Application[]): Promise<void> {
  if (applications.length === 0) return;
  await db.paymentApplication.createMany({
    data: applications.map((application) => ({
      paymentId,
      target: application.target,
      agreementId: application.agreementId,
      sequence: application.sequence,
      amountMinor: toStoredMinor(application.amountMinor),
    })),
  });
}

/** How a stored payment was applied. */
export async function applicationsOf(db: LedgerDb, paymentId: string): Promise<Application[]> {
  const rows = await db.paymentApplication.findMany({ where: { paymentId }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({
    target: row.target as Application['target'],
    agreementId: row.agreementId,
    sequence: row.sequence,
    amountMinor: toMinorNumber(row.amountMinor),
  }));
}

/** Sets an agreement's status (a reversal reopens a completed one). */
export async function setAgreementStatus(db: LedgerDb, agreementId: string, status: string): Promise<void> {
  await db.agreement.update({ where: { id: agreementId }, data: { status } });
}

/** Makes the agreement the account's agreement in force again, when the account has none. */
export async function restoreActiveAgreement(db: LedgerDb, accountId: string, agreementId: string): Promise<boolean> {
  const updated = await db.account.updateMany({
    where: { id: accountId, activeAgreementId: null },
    data: { activeAgreementId: agreementId },
  });
  return updated.count === 1;
}

/** Writes a balance entry that is not a payment's own: a settlement's discount written off, or a reversal. */
export async function insertBalanceEntry(
  db: LedgerDb,
  entry: {
    readonly accountId: string;
    readonly kind: 'adjustment' | 'reversal';
    readonly deltaMinor: number;
    readonly balanceAfterMinor: number;
    readonly reason: string;
    readonly sourceId: string;
  },
): Promise<void> {
  await db.balanceEntry.create({
    data: {
      accountId: entry.accountId,
      kind: entry.kind,
      deltaMinor: toStoredMinor(entry.deltaMinor),
      balanceAfterMinor: toStoredMinor(entry.balanceAfterMinor),
      reason: entry.reason,
      sourceId: entry.sourceId,
    },
  });
}
