import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../db/sql-runner.js';
import { NotFoundError } from '../errors.js';
import {
  offerBlocker,
  offerPlan,
  offerSettlement,
  offerExceptionPlan,
  type PlanOffer,
  type PlanRequest,
  type PolicyResult,
  type SettlementOffer,
} from '../policy/index.js';
import { claimAccountForAgreement, findAccountSql, type AccountView } from '../store/account-rows.js';
import { findAgreementByKey, insertAgreement, type AgreementView } from '../store/agreement-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { canonicalJson } from '../store/canonical-json.js';
import { writeOnce } from '../store/idempotency.js';
import { inSqlTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { RefusalSignal } from './refusal-signal.js';

/** A debtor (or agent) accepts an offer the policy engine made; the ledger checks it again and records it. */
export interface AgreeInput<Offer> {
  readonly idempotencyKey: string;
  readonly accountId: string;
  /** The offer that was shown and accepted. */
  readonly acceptedOffer: Offer;
  /** Today in the debtor's time zone, `YYYY-MM-DD`. */
  readonly todayIso: string;
  readonly actor: Actor;
}

/** The outcome of recording an agreement. */
export type AgreementOutcome = PolicyResult<{ agreement: AgreementView; replayed: boolean }>;

/**
 * Claims the account for a new agreement as the transaction's first statement: only one agreement
 * can hold an account, so of two simultaneous attempts exactly one succeeds.
 */
async function claimAccount(tx: SqlExecutor, accountId: string, agreementId: string, now: Date): Promise<AccountView> {
  const claimed = await claimAccountForAgreement(tx, { accountId, agreementId, now });
  const account = await findAccountSql(tx, accountId);
  if (!account) throw new NotFoundError('account');
  if (!claimed) {
    throw new RefusalSignal(offerBlocker(account) ?? { code: 'agreement_exists', alternative: 'human' });
  }
  return account;
}

function sameOffer(a: PlanOffer | SettlementOffer, b: PlanOffer | SettlementOffer): boolean {
  const { capped: _a, ...left } = a as SettlementOffer;
  const { capped: _b, ...right } = b as SettlementOffer;
  return canonicalJson(left) === canonicalJson(right);
}

async function recordAgreement(
  context: LedgerContext,
  input: AgreeInput<PlanOffer | SettlementOffer>,
  recompute: (account: AccountView) => PolicyResult<{ offer: PlanOffer | SettlementOffer }>,
  policyException = false,
): Promise<AgreementOutcome> {
  const payload = { accountId: input.accountId, offer: input.acceptedOffer };
  try {
    const result = await writeOnce<AgreementView>({
      idempotencyKey: input.idempotencyKey,
      payload,
      find: (key) => findAgreementByKey(context.sql, key),
      write: (requestHash) =>
        inSqlTransaction(context, async (tx) => {
          const agreementId = randomUUID();
          const now = new Date();
          const account = await claimAccount(tx, input.accountId, agreementId, now);
          const decided = recompute(account);
          if (!decided.ok) throw new RefusalSignal(decided.refusal);
          if (!sameOffer(decided.offer, input.acceptedOffer)) throw new RefusalSignal({ code: 'offer_changed' });
          const view = await insertAgreement(tx, {
            id: agreementId,
            account,
            offer: decided.offer,
            actor: input.actor,
            policyException,
            idempotencyKey: input.idempotencyKey,
            requestHash,
            now,
          });
          await writeAudit(tx, {
            actor: input.actor,
            action: policyException ? 'agreement.policy_exception' : 'agreement.created',
            entityType: 'Account',
            entityId: account.id,
            data: {
              agreementId,
              kind: view.kind,
              currency: view.currency,
              agreedAmountMinor: view.agreedAmountMinor,
              discountMinor: view.discountMinor,
              downPaymentMinor: view.downPaymentMinor,
              installmentCount: view.installmentCount,
            },
          });
          return view;
        }),
    });
    return { ok: true, agreement: result.value, replayed: result.replayed };
  } catch (error) {
    if (error instanceof RefusalSignal) return { ok: false, refusal: error.refusal };
    throw error;
  }
}

/** Records an installment plan the debtor accepted, after asking the policy engine again. */
export function agreePlan(
  context: LedgerContext,
  input: AgreeInput<PlanOffer> & { readonly request: PlanRequest },
): Promise<AgreementOutcome> {
  return recordAgreement(context, input, (account) => offerPlan(account, context.policy, input.todayIso, input.request));
}

/** Records a settlement (pay in full with a discount) the debtor accepted, after asking the policy engine again. */
export function agreeSettlement(
  context: LedgerContext,
  input: AgreeInput<SettlementOffer> & { readonly requestedDiscountBasisPoints?: number },
): Promise<AgreementOutcome> {
  return recordAgreement(context, input, (account) =>
    offerSettlement(
      account,
      context.policy,
      input.todayIso,
      input.requestedDiscountBasisPoints === undefined ? {} : { discountBasisPoints: input.requestedDiscountBasisPoints },
    ),
  );
}

/** A plan outside the policy, agreed by a supervisor (audited as a policy exception). */
export interface ExceptionPlanInput {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly installmentCount: number;
  readonly downPaymentMinor: number;
  readonly todayIso: string;
  /** The supervisor or admin agreeing it. */
  readonly actor: Actor;
}

/**
 * Records a plan a supervisor agreed outside the policy (more installments, smaller ones, a smaller
 * down payment). Money is still exact: the installments sum to the balance minus the down payment;
 * they fall at the policy's `installments.frequency`, like any plan.
 */
export async function agreePlanException(context: LedgerContext, input: ExceptionPlanInput): Promise<AgreementOutcome> {
  const account = await findAccountSql(context.sql, input.accountId);
  if (!account) throw new NotFoundError('account');
  const request = { count: input.installmentCount, downPaymentMinor: input.downPaymentMinor };
  const decided = offerExceptionPlan(account, context.policy, input.todayIso, request);
  if (!decided.ok) return { ok: false, refusal: decided.refusal };
  // Re-checked inside the transaction against the account as it is then (balance and status), not the offer read here.
  return recordAgreement(
    context,
    { ...input, acceptedOffer: decided.offer },
    (account) => offerExceptionPlan(account, context.policy, input.todayIso, request),
    true,
  );
}
