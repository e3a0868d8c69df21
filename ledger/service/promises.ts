import { NotFoundError } from '../errors.js';
import { validatePromise, type PolicyResult } from '../policy/index.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { toMinorNumber, toStoredMinor } from '../store/numbers.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { toAccountView } from './records.js';
import { RefusalSignal } from './refusal-signal.js';

/** A promise to pay, as recorded. */
export interface PromiseView {
  readonly id: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly dueDateIso: string;
  readonly status: string;
}

/** Input of recordPromise. */
export interface PromiseInput {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly dueDateIso: string;
  /** Today in the debtor's time zone, `YYYY-MM-DD`. */
  readonly todayIso: string;
  readonly actor: Actor;
}

/** Validates a promise to pay against the policy and records it with its audit event. */
export async function recordPromise(context: LedgerContext, input: PromiseInput): Promise<PolicyResult<{ promise: PromiseView; replayed: boolean }>> {
  const { prisma, policy } = context;
  try {
    const result = await writeOnce<PromiseView>({
      idempotencyKey: input.idempotencyKey,
      payload: { accountId: input.accountId, amountMinor: input.amountMinor, dueDateIso: input.dueDateIso },
      find: async (key) => {
        const row = await prisma.paymentPromise.findUnique({ where: { idempotencyKey: key } });
        return row && { requestHash: row.requestHash, value: { ...row, amountMinor: toMinorNumber(row.amountMinor) } };
      },
      write: (requestHash) =>
        inTransaction(context, async (tx) => {
          const row = await tx.account.findUnique({ where: { id: input.accountId } });
          if (!row) throw new NotFoundError('account');
          const account = toAccountView(row);
          const checked = validatePromise(account, policy, input.todayIso, input);
          if (!checked.ok) throw new RefusalSignal(checked.refusal);
          const created = await tx.paymentPromise.create({
            data: {
              accountId: account.id,
              debtorId: account.debtorId,
              currency: account.currency,
              amountMinor: toStoredMinor(checked.promise.amountMinor),
              dueDateIso: checked.promise.dueDateIso,
              createdByType: input.actor.type,
              createdById: input.actor.id ?? null,
              idempotencyKey: input.idempotencyKey,
              requestHash,
            },
          });
          await writeAudit(tx, {
            actor: input.actor,
            action: 'promise.created',
            entityType: 'Account',
            entityId: account.id,
            data: { promiseId: created.id, amountMinor: checked.promise.amountMinor, currency: account.currency, dueDateIso: checked.promise.dueDateIso },
          });
          return { ...created, amountMinor: checked.promise.amountMinor };
        }),
    });
    const { id, accountId, currency, amountMinor, dueDateIso, status } = result.value;
    return { ok: true, promise: { id, accountId, currency, amountMinor, dueDateIso, status }, replayed: result.replayed };
  } catch (error) {
    if (error instanceof RefusalSignal) return { ok: false, refusal: error.refusal };
    throw error;
  }
}
