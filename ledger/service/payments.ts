import { isIsoDate } from '../calendar.js';
import { LedgerError, NotFoundError } from '../errors.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { toMinorNumber, toStoredMinor } from '../store/numbers.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** A confirmed payment as recorded, with the balance it left. */
export interface PaymentView {
  readonly id: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidOnIso: string;
  readonly balanceAfterMinor: number;
}

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
 * Records a confirmed payment: lowers the balance through a balance entry, settles the account
 * (and completes its agreement) when nothing is left, all in one transaction with its audit event.
 * The same idempotency key twice records once.
 */
export async function recordPayment(context: LedgerContext, input: PaymentInput): Promise<{ payment: PaymentView; replayed: boolean }> {
  const { prisma } = context;
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new LedgerError('invalid_amount', 'a payment must be a positive amount');
  if (!isIsoDate(input.paidOnIso)) throw new LedgerError('invalid_date', 'paidOnIso must be a date YYYY-MM-DD');
  const result = await writeOnce<PaymentView>({
    idempotencyKey: input.idempotencyKey,
    payload: { accountId: input.accountId, amountMinor: input.amountMinor, currency: input.currency, paidOnIso: input.paidOnIso, source: input.source },
    find: async (key) => {
      const row = await prisma.payment.findUnique({ where: { idempotencyKey: key } });
      if (!row) return null;
      const entry = await prisma.balanceEntry.findFirst({ where: { sourceId: row.id, kind: 'payment' } });
      return {
        requestHash: row.requestHash,
        value: {
          id: row.id,
          accountId: row.accountId,
          currency: row.currency,
          amountMinor: toMinorNumber(row.amountMinor),
          paidOnIso: row.paidOnIso,
          balanceAfterMinor: entry ? toMinorNumber(entry.balanceAfterMinor) : 0,
        },
      };
    },
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const amount = toStoredMinor(input.amountMinor);
        const updated = await tx.account.updateMany({ where: { id: input.accountId, currency: input.currency }, data: { balanceMinor: { decrement: amount } } });
        if (updated.count === 0) {
          const exists = await tx.account.findUnique({ where: { id: input.accountId } });
          if (!exists) throw new NotFoundError('account');
          throw new LedgerError('currency_mismatch', `the account is in ${exists.currency}, the payment in ${input.currency}`);
        }
        const account = await tx.account.findUniqueOrThrow({ where: { id: input.accountId } });
        const payment = await tx.payment.create({
          data: { accountId: account.id, currency: input.currency, amountMinor: amount, paidOnIso: input.paidOnIso, source: input.source, idempotencyKey: input.idempotencyKey, requestHash },
        });
        await tx.balanceEntry.create({
          data: { accountId: account.id, kind: 'payment', deltaMinor: -amount, balanceAfterMinor: account.balanceMinor, sourceId: payment.id },
        });
        if (account.balanceMinor <= 0n && account.status === 'active') {
          await tx.account.update({ where: { id: account.id }, data: { status: 'settled', activeAgreementId: null } });
          if (account.activeAgreementId) await tx.agreement.update({ where: { id: account.activeAgreementId }, data: { status: 'completed' } });
        }
        await writeAudit(tx, {
          actor: input.actor,
          action: 'payment.recorded',
          entityType: 'Account',
          entityId: account.id,
          data: { paymentId: payment.id, amountMinor: input.amountMinor, currency: input.currency, balanceAfterMinor: account.balanceMinor, source: input.source },
        });
        return {
          id: payment.id,
          accountId: account.id,
          currency: input.currency,
          amountMinor: input.amountMinor,
          paidOnIso: input.paidOnIso,
          balanceAfterMinor: toMinorNumber(account.balanceMinor),
        };
      }),
  });
  return { payment: result.value, replayed: result.replayed };
}
