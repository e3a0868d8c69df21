import { isIsoDate } from '../calendar.js';
import { NotFoundError } from '../errors.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { toStoredMinor } from '../store/numbers.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** Input of recordPaymentClaim: what the debtor says they paid (either may be unknown). */
export interface PaymentClaimInput {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly amountMinor: number | null;
  readonly paidOnIso: string | null;
  readonly actor: Actor;
}

/** Records "I already paid" for an agent to check; the balance does not change. */
export async function recordPaymentClaim(context: LedgerContext, input: PaymentClaimInput): Promise<{ claimId: string; replayed: boolean }> {
  const { prisma } = context;
  const amountMinor = input.amountMinor !== null && Number.isSafeInteger(input.amountMinor) && input.amountMinor > 0 ? input.amountMinor : null;
  const paidOnIso = input.paidOnIso && isIsoDate(input.paidOnIso) ? input.paidOnIso : null;
  const result = await writeOnce<string>({
    idempotencyKey: input.idempotencyKey,
    payload: { accountId: input.accountId, amountMinor, paidOnIso },
    find: async (key) => {
      const row = await prisma.paymentClaim.findUnique({ where: { idempotencyKey: key } });
      return row && { requestHash: row.requestHash, value: row.id };
    },
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const account = await tx.account.findUnique({ where: { id: input.accountId } });
        if (!account) throw new NotFoundError('account');
        const claim = await tx.paymentClaim.create({
          data: { accountId: account.id, debtorId: account.debtorId, currency: account.currency, amountMinor: amountMinor === null ? null : toStoredMinor(amountMinor), paidOnIso, idempotencyKey: input.idempotencyKey, requestHash },
        });
        await writeAudit(tx, { actor: input.actor, action: 'payment_claim.created', entityType: 'Account', entityId: account.id, data: { claimId: claim.id, amountMinor, paidOnIso } });
        return claim.id;
      }),
  });
  return { claimId: result.value, replayed: result.replayed };
}
