import { dateInTimeZone } from '../../lib/calendar.js';
import { NotFoundError } from '../errors.js';
import { findAccountSql } from '../store/account-rows.js';
import { readSchedule } from '../store/payment-application-rows.js';
import {
  accountsForPayments,
  claimsOfAccounts,
  latestStandingPayment,
  openPaymentClaims,
  paymentsOfAccounts,
  type PaymentClaimView,
  type PaymentRecordView,
} from '../store/payment-history-rows.js';
import { openUnmatchedPayments, type UnmatchedPaymentView } from '../store/unmatched-payment-rows.js';
import type { LedgerContext } from './context.js';
import { inPaymentOrder, nextObligation, planStanding, type Obligation, type PlanStanding } from './payment-allocation.js';

export type { PaymentClaimView, PaymentRecordView } from '../store/payment-history-rows.js';
export type { UnmatchedPaymentView } from '../store/unmatched-payment-rows.js';

/** One account's money as agents see it: balance, credit, the agreement's schedule as paid and how it stands, payments, claims. */
export interface AccountPayments {
  readonly accountId: string;
  readonly accountRef: string;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly creditMinor: number;
  readonly status: string;
  readonly agreement: {
    readonly id: string;
    readonly kind: 'plan' | 'settlement';
    readonly standing: PlanStanding;
    readonly obligations: readonly Obligation[];
  } | null;
  readonly payments: readonly PaymentRecordView[];
  readonly claims: readonly PaymentClaimView[];
}

/** Each of the debtor's accounts with its payments and their application (DESIGN §13), plans standing as of the debtor's today. */
export async function debtorPayments(context: LedgerContext, debtorId: string, now: Date = new Date()): Promise<AccountPayments[]> {
  const debtor = await accountsForPayments(context.prisma, debtorId);
  if (!debtor) throw new NotFoundError('debtor');
  const ids = debtor.accounts.map((account) => account.id);
  const [payments, claims] = await Promise.all([paymentsOfAccounts(context.prisma, ids, 500), claimsOfAccounts(context.prisma, ids)]);
  const todayIso = dateInTimeZone(now, debtor.timezone);
  const result: AccountPayments[] = [];
  for (const account of debtor.accounts) {
    const schedule = account.activeAgreementId ? await readSchedule(context.prisma, account.activeAgreementId) : null;
    result.push({
      accountId: account.id,
      accountRef: account.externalRef,
      currency: account.currency,
      balanceMinor: account.balanceMinor,
      creditMinor: account.creditMinor,
      status: account.status,
      agreement: schedule && {
        id: schedule.agreementId,
        kind: schedule.kind,
        standing: planStanding(schedule.obligations, todayIso),
        obligations: inPaymentOrder(schedule.obligations),
      },
      payments: payments.filter((payment) => payment.accountId === account.id),
      claims: claims.filter((claim) => claim.accountId === account.id),
    });
  }
  return result;
}

/** What waits for an agent: payments no reference matched, and open "already paid" claims (oldest first, at most 200 each). */
export async function paymentsDesk(
  context: LedgerContext,
): Promise<{ readonly unmatched: readonly UnmatchedPaymentView[]; readonly claims: readonly PaymentClaimView[] }> {
  const [unmatched, claims] = await Promise.all([openUnmatchedPayments(context.prisma, 200), openPaymentClaims(context.prisma, 200)]);
  return { unmatched, claims };
}

/** How the account's agreement in force stands today in the debtor's zone, and what is next due; null without one. */
export async function agreementStanding(
  context: LedgerContext,
  accountId: string,
  todayIso: string,
): Promise<{ readonly kind: 'plan' | 'settlement'; readonly standing: PlanStanding; readonly next: Obligation | null } | null> {
  const account = await findAccountSql(context.sql, accountId);
  if (!account?.activeAgreementId) return null;
  const schedule = await readSchedule(context.prisma, account.activeAgreementId);
  if (!schedule) return null;
  const ordered = inPaymentOrder(schedule.obligations);
  return { kind: schedule.kind, standing: planStanding(ordered, todayIso), next: nextObligation(ordered) };
}

/**
 * The payment the ledger already holds for a debtor's "I already paid": the latest one of the account that stands, paid
 * on or after `sinceIso` (the day they said, or a week back), of exactly the amount they said when they said one.
 */
export function recordedPaymentFor(
  context: LedgerContext,
  claim: { readonly accountId: string; readonly sinceIso: string; readonly amountMinor: number | null },
): Promise<{ readonly id: string; readonly amountMinor: number; readonly paidOnIso: string } | null> {
  return latestStandingPayment(context.prisma, claim);
}
