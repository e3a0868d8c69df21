import { isIsoDate } from '../../lib/calendar.js';
import { LedgerError, NotFoundError } from '../errors.js';
import { findAccount, lowerBalance, settleAccount } from '../store/account-rows.js';
import { completeAgreement } from '../store/agreement-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { findPaymentByKey, insertPayment, type PaymentView } from '../store/payment-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
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
}

/**
 * Records a confirmed payment: lowers the balance through a balance entry, keeps the account's pending promises it
 * reaches, settles the account (and completes its agreement) when nothing is left, all in one transaction with the
 * audit events.
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
        const lowered = await lowerBalance(tx, { accountId: input.accountId, currency: input.currency, amountMinor: input.amountMinor });
        if (!lowered) {
          const exists = await findAccount(tx, input.accountId);
          if (!exists) throw new NotFoundError('account');
          throw new LedgerError('currency_mismatch', `the account is in ${exists.currency}, the payment in ${input.currency}`);
        }
        const account = await findAccount(tx, input.accountId);
        if (!account) throw new NotFoundError('account');
        const payment = await insertPayment(tx, {
          accountId: account.id,
          currency: input.currency,
          amountMinor: input.amountMinor,
          paidOnIso: input.paidOnIso,
          source: input.source,
          balanceAfterMinor: account.balanceMinor,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        await keepPromisesReached(tx, account.id);
        if (account.balanceMinor <= 0 && account.status === 'active') {
          await settleAccount(tx, account.id);
          if (account.activeAgreementId) await completeAgreement(tx, account.activeAgreementId);
        }
        // The balance is written as text, as payment events have always carried it.
        const balanceAfterMinor = String(account.balanceMinor);
        await writeAudit(tx, {
          actor: input.actor,
          action: 'payment.recorded',
          entityType: 'Account',
          entityId: account.id,
          data: {
            paymentId: payment.id,
            amountMinor: input.amountMinor,
            currency: input.currency,
            balanceAfterMinor,
            source: input.source,
          },
        });
        return payment;
      }),
  });
  return { payment: result.value, replayed: result.replayed };
}
