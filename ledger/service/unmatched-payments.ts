import { LedgerError, NotFoundError } from '../errors.js';
import { findAccountByRef, findAccountSql } from '../store/account-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { findPaymentById } from '../store/payment-rows.js';
import { confirmPaymentClaim, findPaymentClaim } from '../store/payment-claim-rows.js';
import { findUnmatchedPayment, markUnmatchedMatched } from '../store/unmatched-payment-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { recordPayment } from './payments.js';

/**
 * Applies an unmatched payment (a bank line no reference matched) to an account an agent chose: the same exact
 * application as any payment, under the bank line's own idempotency key (importing the file again changes nothing).
 * LedgerError when the currency differs or it was matched already.
 */
export async function assignUnmatchedPayment(
  context: LedgerContext,
  input: { readonly unmatchedPaymentId: string; readonly accountId: string; readonly actor: Actor },
): Promise<{ readonly paymentId: string }> {
  const unmatched = await findUnmatchedPayment(context.prisma, input.unmatchedPaymentId);
  if (!unmatched) throw new NotFoundError('unmatched payment');
  if (unmatched.status !== 'open') throw new LedgerError('already_matched', 'this payment was matched already');
  const account = await findAccountSql(context.sql, input.accountId);
  if (!account) throw new NotFoundError('account');
  if (account.currency !== unmatched.currency)
    throw new LedgerError('currency_mismatch', `the account is in ${account.currency}, the payment in ${unmatched.currency}`);
  const { payment } = await recordPayment(context, {
    idempotencyKey: `bank:${unmatched.externalId}`,
    accountId: account.id,
    amountMinor: unmatched.amountMinor,
    currency: unmatched.currency,
    paidOnIso: unmatched.paidOnIso,
    source: unmatched.source,
    providerPaymentId: unmatched.externalId,
    actor: input.actor,
  });
  await inTransaction(context, async (tx) => {
    if (!(await markUnmatchedMatched(tx, unmatched.id, payment.id))) return;
    await writeAudit(tx, {
      actor: input.actor,
      action: 'payment.matched',
      entityType: 'Account',
      entityId: account.id,
      data: { unmatchedPaymentId: unmatched.id, paymentId: payment.id },
    });
  });
  return { paymentId: payment.id };
}

/** The account an agent names by the lender's reference, for {@link assignUnmatchedPayment}; null when unknown. */
export async function accountIdByRef(context: LedgerContext, accountRef: string): Promise<string | null> {
  return (await findAccountByRef(context.sql, accountRef.trim()))?.id ?? null;
}

/**
 * An agent matches a debtor's "I already paid" claim to a payment: a payment already recorded on the claim's account,
 * or an unmatched one (which is then applied to that account). The claim is confirmed and names the payment; audited.
 */
export async function matchPaymentClaim(
  context: LedgerContext,
  input: { readonly claimId: string; readonly paymentId?: string; readonly unmatchedPaymentId?: string; readonly actor: Actor },
): Promise<{ readonly paymentId: string }> {
  const claim = await findPaymentClaim(context.prisma, input.claimId);
  if (!claim) throw new NotFoundError('payment claim');
  if (claim.status !== 'open') throw new LedgerError('claim_closed', 'this claim was decided already');
  let paymentId: string;
  if (input.unmatchedPaymentId) {
    paymentId = (
      await assignUnmatchedPayment(context, {
        unmatchedPaymentId: input.unmatchedPaymentId,
        accountId: claim.accountId,
        actor: input.actor,
      })
    ).paymentId;
  } else {
    const payment = input.paymentId ? await findPaymentById(context.prisma, input.paymentId) : null;
    if (!payment || payment.kind !== 'payment') throw new NotFoundError('payment');
    if (payment.accountId !== claim.accountId) throw new LedgerError('other_account', 'that payment is on another account');
    paymentId = payment.id;
  }
  await inTransaction(context, async (tx) => {
    if (!(await confirmPaymentClaim(tx, claim.id, paymentId))) throw new LedgerError('claim_closed', 'this claim was decided already');
    await writeAudit(tx, {
      actor: input.actor,
      action: 'payment_claim.matched',
      entityType: 'Account',
      entityId: claim.accountId,
      data: { claimId: claim.id, paymentId },
    });
  });
  return { paymentId };
}
