import { LedgerError, NotFoundError } from '../errors.js';
import { setAccountStatus } from '../store/account-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import {
  addToSchedule,
  applicationsOf,
  insertApplications,
  lockAccountForPayment,
  readSchedule,
  restoreActiveAgreement,
  setAgreementStatus,
  writeAccountMoney,
} from '../store/payment-application-rows.js';
import {
  findPaymentById,
  findPaymentByKey,
  findPaymentByProviderId,
  insertPayment,
  markPaymentReversed,
  type PaymentView,
} from '../store/payment-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import type { Application } from './payment-allocation.js';
import { reopenPromisesNoLongerReached } from './promise-outcomes.js';

/** Why money came back out: the payer's refund, or a chargeback through the card network. */
export type ReversalReason = 'refund' | 'chargeback';

/** Input of reversePayment. */
export interface ReversalInput {
  readonly idempotencyKey: string;
  readonly paymentId: string;
  readonly reason: ReversalReason;
  /** The day it was reversed, `YYYY-MM-DD`. */
  readonly reversedOnIso: string;
  readonly source: string;
  readonly actor: Actor;
}

/** A payment that was reversed already: a second refund or chargeback of it changes nothing. */
export class AlreadyReversedError extends LedgerError {
  constructor() {
    super('already_reversed', 'this payment was already reversed');
  }
}

/** What the reversal takes back from the balance side (what the payment paid down, and a discount it wrote off) and from credit. */
function reopenedBy(applications: readonly Application[]): { readonly balanceMinor: number; readonly creditMinor: number } {
  let balanceMinor = 0;
  let creditMinor = 0;
  for (const application of applications) {
    if (application.target === 'credit') creditMinor += application.amountMinor;
    else balanceMinor += application.amountMinor;
  }
  return { balanceMinor, creditMinor };
}

/**
 * Reverses a payment (a refund or a chargeback) in one transaction: a reversing entry raises the balance by what the
 * payment paid down (and by a settlement discount it wrote off), takes back the credit it left, undoes its application
 * to the agreement's schedule, reopens a completed agreement and a settled account, and moves back to pending the kept
 * promises the remaining payments no longer reach. Audited; once per payment (AlreadyReversedError after) and once per
 * idempotency key.
 */
export async function reversePayment(context: LedgerContext, input: ReversalInput): Promise<{ reversal: PaymentView; replayed: boolean }> {
  const result = await writeOnce<PaymentView>({
    idempotencyKey: input.idempotencyKey,
    payload: { paymentId: input.paymentId, reason: input.reason },
    find: (key) => findPaymentByKey(context.prisma, key),
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const original = await findPaymentById(tx, input.paymentId);
        if (!original || original.kind !== 'payment') throw new NotFoundError('payment');
        const now = new Date();
        const account = await lockAccountForPayment(tx, original.accountId, now);
        if (!account) throw new NotFoundError('account');
        if (!(await markPaymentReversed(tx, original.id, now))) throw new AlreadyReversedError();
        const applications = await applicationsOf(tx, original.id);
        const undone = applications.map((item) => ({ ...item, amountMinor: -item.amountMinor }));
        const reopened = reopenedBy(applications);
        // Credit is never spent elsewhere today; should it have been, what is missing is owed again.
        const creditTaken = Math.min(reopened.creditMinor, account.creditMinor);
        const balanceAfterMinor = account.balanceMinor + reopened.balanceMinor + (reopened.creditMinor - creditTaken);
        const reversal = await insertPayment(tx, {
          accountId: account.id,
          kind: 'reversal',
          currency: original.currency,
          amountMinor: original.amountMinor,
          paidOnIso: input.reversedOnIso,
          source: input.source,
          balanceDeltaMinor: balanceAfterMinor - account.balanceMinor,
          balanceAfterMinor,
          creditMinor: creditTaken,
          reversesPaymentId: original.id,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        await insertApplications(tx, reversal.id, undone);
        await writeAccountMoney(tx, {
          accountId: account.id,
          balanceMinor: balanceAfterMinor,
          creditMinor: account.creditMinor - creditTaken,
        });
        const agreementIds = [...new Set(applications.flatMap((item) => (item.agreementId ? [item.agreementId] : [])))];
        for (const agreementId of agreementIds) {
          const schedule = await readSchedule(tx, agreementId);
          if (!schedule) continue;
          await addToSchedule(tx, schedule, undone);
          if (schedule.status === 'completed' && balanceAfterMinor > 0 && (await restoreActiveAgreement(tx, account.id, agreementId)))
            await setAgreementStatus(tx, agreementId, 'active');
        }
        if (account.status === 'settled' && balanceAfterMinor > 0) await setAccountStatus(tx, { accountId: account.id, status: 'active' });
        const reopenedPromises = await reopenPromisesNoLongerReached(tx, account.id);
        await writeAudit(tx, {
          actor: input.actor,
          action: 'payment.reversed',
          entityType: 'Account',
          entityId: account.id,
          data: {
            paymentId: original.id,
            reversalId: reversal.id,
            reason: input.reason,
            amountMinor: original.amountMinor,
            currency: original.currency,
            balanceAfterMinor: String(balanceAfterMinor),
            creditTakenMinor: creditTaken,
            reopenedPromises,
          },
        });
        return reversal;
      }),
  });
  return { reversal: result.value, replayed: result.replayed };
}

/** A provider's refund or chargeback, naming the payment by the provider's own id. */
export interface ProviderReversal {
  readonly eventId: string;
  /** The payment's source as recorded ("stripe", "mercadopago"). */
  readonly source: string;
  readonly providerPaymentId: string;
  readonly reason: ReversalReason;
  readonly reversedOnIso: string;
}

/**
 * Reverses the payment a provider names, once per provider event; `duplicate` when the event (or another reversal of
 * the same payment) was already applied. NotFoundError when no payment has that provider id.
 */
export async function reverseProviderPayment(
  context: LedgerContext,
  event: ProviderReversal,
): Promise<{ readonly applied: boolean; readonly duplicate: boolean }> {
  const payment = await findPaymentByProviderId(context.prisma, event.source, event.providerPaymentId);
  if (!payment) throw new NotFoundError('payment');
  try {
    const { replayed } = await reversePayment(context, {
      idempotencyKey: `gateway:${event.source}:${event.eventId}`,
      paymentId: payment.id,
      reason: event.reason,
      reversedOnIso: event.reversedOnIso,
      source: event.source,
      actor: { type: 'system', id: event.source },
    });
    return { applied: !replayed, duplicate: replayed };
  } catch (error) {
    if (error instanceof AlreadyReversedError) return { applied: false, duplicate: true };
    throw error;
  }
}
