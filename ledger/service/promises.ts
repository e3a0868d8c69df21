import { NotFoundError } from '../errors.js';
import { validatePromise, type PolicyResult } from '../policy/index.js';
import { findAccountSql } from '../store/account-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { findPromiseByKey, insertPromise, type PromiseView } from '../store/promise-rows.js';
import { inSqlTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { RefusalSignal } from './refusal-signal.js';

export type { PromiseView } from '../store/promise-rows.js';

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

/** Validates a promise to pay against the policy and records it with its audit event (one transaction on the SQL runner). */
export async function recordPromise(
  context: LedgerContext,
  input: PromiseInput,
): Promise<PolicyResult<{ promise: PromiseView; replayed: boolean }>> {
  try {
    const result = await writeOnce<PromiseView>({
      idempotencyKey: input.idempotencyKey,
      payload: { accountId: input.accountId, amountMinor: input.amountMinor, dueDateIso: input.dueDateIso },
      find: (key) => findPromiseByKey(context.sql, key),
      write: (requestHash) =>
        inSqlTransaction(context, async (tx) => {
          const account = await findAccountSql(tx, input.accountId);
          if (!account) throw new NotFoundError('account');
          const checked = validatePromise(account, context.policy, input.todayIso, input);
          if (!checked.ok) throw new RefusalSignal(checked.refusal);
          const created = await insertPromise(tx, {
            account,
            amountMinor: checked.promise.amountMinor,
            dueDateIso: checked.promise.dueDateIso,
            actor: input.actor,
            idempotencyKey: input.idempotencyKey,
            requestHash,
            now: new Date(),
          });
          await writeAudit(tx, {
            actor: input.actor,
            action: 'promise.created',
            entityType: 'Account',
            entityId: account.id,
            data: {
              promiseId: created.id,
              amountMinor: checked.promise.amountMinor,
              currency: account.currency,
              dueDateIso: checked.promise.dueDateIso,
            },
          });
          return created;
        }),
    });
    return { ok: true, promise: result.value, replayed: result.replayed };
  } catch (error) {
    if (error instanceof RefusalSignal) return { ok: false, refusal: error.refusal };
    throw error;
  }
}
