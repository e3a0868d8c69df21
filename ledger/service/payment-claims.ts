import { isIsoDate } from '../../lib/calendar.js';
import { NotFoundError } from '../errors.js';
import { findAccount } from '../store/account-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { findPaymentClaimByKey, insertPaymentClaim } from '../store/payment-claim-rows.js';
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
export async function recordPaymentClaim(
  context: LedgerContext,
  input: PaymentClaimInput,
): Promise<{ claimId: string; replayed: boolean }> {
  const amountMinor =
    input.amountMinor !== null && Number.isSafeInteger(input.amountMinor) && input.amountMinor > 0 ? input.amountMinor : null;
  const paidOnIso = input.paidOnIso && isIsoDate(input.paidOnIso) ? input.paidOnIso : null;
  const result = await writeOnce<string>({
    idempotencyKey: input.idempotencyKey,
    payload: { accountId: input.accountId, amountMinor, paidOnIso },
    find: (key) => findPaymentClaimByKey(context.prisma, key),
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const account = await findAccount(tx, input.accountId);
        if (!account) throw new NotFoundError('account');
        const claimId = await insertPaymentClaim(tx, {
          account,
          amountMinor,
          paidOnIso,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        await writeAudit(tx, {
          actor: input.actor,
          action: 'payment_claim.created',
          entityType: 'Account',
          entityId: account.id,
          data: { claimId, amountMinor, paidOnIso },
        });
        return claimId;
      }),
  });
  return { claimId: result.value, replayed: result.replayed };
}
