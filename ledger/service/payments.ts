import { isIsoDate } from '../../lib/calendar.js';
import { LedgerError, NotFoundError } from '../errors.js';
import { settleAccount } from '../store/account-rows.js';
import { completeAgreement } from '../store/agreement-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import {
  addToSchedule,
  insertApplications,
  insertBalanceEntry,
  lockAccountForPayment,
  readSchedule,
  writeAccountMoney,
} from '../store/payment-application-rows.js';
import { findPaymentByKey, insertPayment, type PaymentView } from '../store/payment-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { allocatePayment } from './payment-allocation.js';
import { keepPromisesReached } from './promise-outcomes.js';

export type { PaymentView } from '../store/payment-rows.js';

/** Input of recordPayment. */
export interface PaymentInput {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidOnIso: string;
  readonly source: string;
  readonly actor: Actor;
  /** The provider's (or bank's) id of the payment, which a later refund or chargeback names. */
  readonly providerPaymentId?: string;
  /** The payment link it paid, when it came through one. */
  readonly linkId?: string;
}

/**
 * Records a confirmed payment in one transaction: locks the account, applies the amount to the oldest due part of its
 * agreement first (DESIGN §13) and lowers the balance by what was owed, keeps what is beyond that as credit, writes a
 * settlement's discount off once its amount is paid, keeps the pending promises the payments now reach, settles the
 * account (and completes its agreement) when nothing is left, with the audit event.
 * The same idempotency key twice records once.
 */
export async function recordPayment(context: LedgerContext, input: PaymentInput): Promise<{ payment: PaymentView; replayed: boolean }> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
    throw new LedgerError('invalid_amount', 'a payment must be a positive amount');
  if (!isIsoDate(input.paidOnIso)) throw new LedgerError('invalid_date', 'paidOnIso must be a date YYYY-MM-DD');
  const result = await writeOnce<PaymentView>({
    idempotencyKey: input.idempotencyKey,
    payload: {
      accountId: input.accountId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      paidOnIso: input.paidOnIso,
      source: input.source,
    },
    find: (key) => findPaymentByKey(context.prisma, key),
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const account = await lockAccountForPayment(tx, input.accountId, new Date());
        if (!account) throw new NotFoundError('account');
        if (account.currency !== input.currency)
          throw new LedgerError('currency_mismatch', `the account is in ${account.currency}, the payment in ${input.currency}`);
        const schedule = account.activeAgreementId ? await readSchedule(tx, account.activeAgreementId) : null;
        const allocation = allocatePayment(input.amountMinor, account.balanceMinor, schedule);
        const afterPayment = account.balanceMinor - allocation.appliedMinor;
        const balanceAfterMinor = afterPayment - allocation.writeOffMinor;
        const payment = await insertPayment(tx, {
          accountId: account.id,
          kind: 'payment',
          currency: input.currency,
          amountMinor: input.amountMinor,
          paidOnIso: input.paidOnIso,
          source: input.source,
          balanceDeltaMinor: -allocation.appliedMinor,
          balanceAfterMinor: afterPayment,
          creditMinor: allocation.creditMinor,
          providerPaymentId: input.providerPaymentId ?? null,
          linkId: input.linkId ?? null,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        await insertApplications(tx, payment.id, allocation.applications);
        if (schedule) await addToSchedule(tx, schedule, allocation.applications);
        if (allocation.writeOffMinor > 0)
          await insertBalanceEntry(tx, {
            accountId: account.id,
            kind: 'adjustment',
            deltaMinor: -allocation.writeOffMinor,
            balanceAfterMinor,
            reason: 'settlement discount written off',
            sourceId: payment.id,
          });
        await writeAccountMoney(tx, {
          accountId: account.id,
          balanceMinor: balanceAfterMinor,
          creditMinor: account.creditMinor + allocation.creditMinor,
        });
        await keepPromisesReached(tx, account.id);
        if (allocation.settles && account.status === 'active') {
          await settleAccount(tx, account.id);
          if (account.activeAgreementId) await completeAgreement(tx, account.activeAgreementId);
        }
        await writeAudit(tx, {
          actor: input.actor,
          action: 'payment.recorded',
          entityType: 'Account',
          entityId: account.id,
          data: {
            paymentId: payment.id,
            amountMinor: input.amountMinor,
            currency: input.currency,
            // The balance is written as text, as payment events have always carried it.
            balanceAfterMinor: String(balanceAfterMinor),
            creditMinor: allocation.creditMinor,
            writeOffMinor: allocation.writeOffMinor,
            applied: allocation.applications.map(
              (item) => `${item.target}${item.sequence === null ? '' : `#${item.sequence}`}:${item.amountMinor}`,
            ),
            source: input.source,
          },
        });
        return { ...payment, balanceAfterMinor };
      }),
  });
  return { payment: result.value, replayed: result.replayed };
}
