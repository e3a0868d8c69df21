// What agents see of money received: each account's payments with their application, its schedule as paid so far,
// and the "already paid" claims.
import type { Application } from '../service/payment-allocation.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber } from './numbers.js';

/** A recorded payment or reversal with how it was applied. */
export interface PaymentRecordView {
  readonly id: string;
  readonly accountId: string;
  readonly kind: 'payment' | 'reversal';
  readonly source: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly creditMinor: number;
  readonly paidOnIso: string;
  readonly reversedAt: Date | null;
  readonly reversesPaymentId: string | null;
  readonly providerPaymentId: string | null;
  readonly createdAt: Date;
  readonly applications: readonly Application[];
}

/** A debtor's "I already paid", as agents decide it. */
export interface PaymentClaimView {
  readonly id: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly debtorId: string;
  readonly currency: string;
  readonly amountMinor: number | null;
  readonly paidOnIso: string | null;
  readonly status: string;
  readonly matchedPaymentId: string | null;
  readonly createdAt: Date;
}

/** The payments of the accounts, newest first (at most `limit` per call). */
export async function paymentsOfAccounts(db: LedgerDb, accountIds: readonly string[], limit: number): Promise<PaymentRecordView[]> {
  const rows = await db.payment.findMany({
    where: { accountId: { in: [...accountIds] } },
    include: { applications: { orderBy: { id: 'asc' } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    accountId: row.accountId,
    kind: row.kind === 'reversal' ? 'reversal' : 'payment',
    source: row.source,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    creditMinor: toMinorNumber(row.creditMinor),
    paidOnIso: row.paidOnIso,
    reversedAt: row.reversedAt,
    reversesPaymentId: row.reversesPaymentId,
    providerPaymentId: row.providerPaymentId,
    createdAt: row.createdAt,
    applications: row.applications.map((item) => ({
      target: item.target as Application['target'],
      agreementId: item.agreementId,
      sequence: item.sequence,
      amountMinor: toMinorNumber(item.amountMinor),
    })),
  }));
}

type ClaimRow = {
  id: string;
  accountId: string;
  debtorId: string;
  currency: string;
  amountMinor: bigint | null;
  paidOnIso: string | null;
  status: string;
  matchedPaymentId: string | null;
  createdAt: Date;
  account: { externalRef: string };
};

function toClaimView(row: ClaimRow): PaymentClaimView {
  return {
    id: row.id,
    accountId: row.accountId,
    accountRef: row.account.externalRef,
    debtorId: row.debtorId,
    currency: row.currency,
    amountMinor: row.amountMinor === null ? null : toMinorNumber(row.amountMinor),
    paidOnIso: row.paidOnIso,
    status: row.status,
    matchedPaymentId: row.matchedPaymentId,
    createdAt: row.createdAt,
  };
}

/** The claims on the accounts, newest first. */
export async function claimsOfAccounts(db: LedgerDb, accountIds: readonly string[]): Promise<PaymentClaimView[]> {
  const rows = await db.paymentClaim.findMany({
    where: { accountId: { in: [...accountIds] } },
    include: { account: { select: { externalRef: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toClaimView);
}

/** Claims still open across all debtors, oldest first (at most `limit`). */
export async function openPaymentClaims(db: LedgerDb, limit: number): Promise<PaymentClaimView[]> {
  const rows = await db.paymentClaim.findMany({
    where: { status: 'open' },
    include: { account: { select: { externalRef: true } } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  return rows.map(toClaimView);
}

/** The debtor's accounts with their money columns, by due date. */
export async function accountsForPayments(
  db: LedgerDb,
  debtorId: string,
): Promise<{
  readonly timezone: string;
  readonly accounts: ReadonlyArray<{
    readonly id: string;
    readonly externalRef: string;
    readonly currency: string;
    readonly balanceMinor: number;
    readonly creditMinor: number;
    readonly status: string;
    readonly activeAgreementId: string | null;
  }>;
} | null> {
  const debtor = await db.debtor.findUnique({ where: { id: debtorId }, include: { accounts: { orderBy: { dueDateIso: 'asc' } } } });
  if (!debtor) return null;
  return {
    timezone: debtor.timezone,
    accounts: debtor.accounts.map((row) => ({
      id: row.id,
      externalRef: row.externalRef,
      currency: row.currency,
      balanceMinor: toMinorNumber(row.balanceMinor),
      creditMinor: toMinorNumber(row.creditMinor),
      status: row.status,
      activeAgreementId: row.activeAgreementId,
    })),
  };
}

/** The latest payment of the account that stands (not reversed) dated on or after `sinceIso`, of exactly `amountMinor` when given; null when none. */
export async function latestStandingPayment(
  db: LedgerDb,
  input: { readonly accountId: string; readonly sinceIso: string; readonly amountMinor: number | null },
): Promise<{ readonly id: string; readonly amountMinor: number; readonly paidOnIso: string } | null> {
  const row = await db.payment.findFirst({
    where: {
      accountId: input.accountId,
      kind: 'payment',
      reversedAt: null,
      paidOnIso: { gte: input.sinceIso },
      ...(input.amountMinor === null ? {} : { amountMinor: BigInt(input.amountMinor) }),
    },
    orderBy: [{ paidOnIso: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, amountMinor: true, paidOnIso: true },
  });
  return row && { id: row.id, amountMinor: toMinorNumber(row.amountMinor), paidOnIso: row.paidOnIso };
}
