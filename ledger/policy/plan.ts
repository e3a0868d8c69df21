import { isIsoDate } from '../../lib/calendar.js';
import { allocateEvenly, shareOfMinor, type CurrencyCode } from '../money/index.js';
import { invalidRequest, isDate, isWholeMinor } from './checks.js';
import { offerBlocker } from './eligibility.js';
import { installmentDueDates, isInstallmentFrequency, maxInstallmentCount, type InstallmentFrequency } from './schedule.js';
import type { AccountFacts, Policy, PolicyResult, Refusal } from './types.js';

/** What a debtor asked for when negotiating a plan; every field optional, amounts in minor units. */
export interface PlanRequest {
  readonly count?: number;
  readonly monthlyAmountMinor?: number;
  readonly downPaymentMinor?: number;
}

/** One scheduled installment. */
export interface ScheduledInstallment {
  readonly sequence: number;
  readonly dueDateIso: string;
  readonly amountMinor: number;
}

/** An installment plan the policy allows: down payment today, then installments at the policy's frequency. */
export interface PlanOffer {
  readonly kind: 'plan';
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  /** The whole balance: plans carry no discount. */
  readonly agreedAmountMinor: number;
  readonly downPaymentMinor: number;
  readonly downPaymentDueIso: string | null;
  readonly installmentCount: number;
  readonly installments: readonly ScheduledInstallment[];
}

/** How the offer differs from what was asked, so the reply can say why. */
export type PlanAdjustment =
  | 'count_above_max'
  | 'count_below_min'
  | 'installment_below_min'
  | 'monthly_amount_too_low'
  | 'down_payment_below_min'
  | 'down_payment_too_high';

/**
 * The smallest down payment the policy allows on a balance, in minor units: its share, rounded up
 * (a minimum rounds inside the limit, see `shareOfMinor`). A balance of zero or less needs none.
 *
 * @throws MoneyError when `balanceMinor` is not a safe integer (the engine's offers check it first)
 */
export function minDownPaymentMinor(balanceMinor: number, policy: Policy): number {
  return shareOfMinor(Math.max(0, balanceMinor), policy.installments.minDownPaymentBasisPoints, 'min');
}

/**
 * A plan's installments: `financedMinor` split exactly into `count` (remainder on the first), due
 * one, two… periods of `frequency` after `startIso`. Total: a financed amount that is not a safe
 * integer ≥ 0 is refused as `invalid_amount`; a count that is not whole, outside 0..360 (or 0 with
 * money to finance), a bad start date or frequency, or a schedule past year 9999 as `invalid_request`.
 */
export function scheduleInstallments(
  financedMinor: number,
  count: number,
  startIso: string,
  frequency: InstallmentFrequency,
): PolicyResult<{ installments: ScheduledInstallment[] }> {
  if (!isWholeMinor(financedMinor)) return { ok: false, refusal: { code: 'invalid_amount' } };
  if (!Number.isSafeInteger(count) || count < 0 || count > maxInstallmentCount || (count === 0 && financedMinor > 0))
    return { ok: false, refusal: invalidRequest };
  if (!isDate(startIso) || !isInstallmentFrequency(frequency)) return { ok: false, refusal: invalidRequest };
  const dueDates = installmentDueDates(startIso, count, frequency);
  if (!dueDates.every(isIsoDate)) return { ok: false, refusal: invalidRequest };
  const amounts = count === 0 ? [] : allocateEvenly(financedMinor, count);
  return {
    ok: true,
    installments: amounts.map((amountMinor, index) => ({ sequence: index + 1, dueDateIso: dueDates[index] ?? startIso, amountMinor })),
  };
}

/** What a supervisor agreed outside the policy: any count from 1 to 360 and a down payment below the balance. */
export interface ExceptionPlanRequest {
  readonly count: number;
  readonly downPaymentMinor: number;
}

/**
 * A plan outside the policy (more installments, smaller ones, a smaller down payment), still exact:
 * the installments sum to the balance minus the down payment, at the policy's frequency. Total: a
 * blocked account, a count that is not whole or outside 1..360 (`invalid_request`) or a down payment
 * that is not a whole number of minor units below the balance (`invalid_amount`) is refused.
 */
export function offerExceptionPlan(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: ExceptionPlanRequest,
): PolicyResult<{ offer: PlanOffer }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const { count, downPaymentMinor } = request;
  if (!Number.isSafeInteger(count) || count < 1 || count > maxInstallmentCount) return { ok: false, refusal: invalidRequest };
  if (!isWholeMinor(downPaymentMinor) || downPaymentMinor >= account.balanceMinor) {
    return { ok: false, refusal: { code: 'invalid_amount', maxAmountMinor: account.balanceMinor - 1 } };
  }
  const scheduled = scheduleInstallments(account.balanceMinor - downPaymentMinor, count, todayIso, policy.installments.frequency);
  if (!scheduled.ok) return scheduled;
  return { ok: true, offer: planOffer(account, todayIso, downPaymentMinor, scheduled.installments) };
}

function planOffer(account: AccountFacts, todayIso: string, downPaymentMinor: number, installments: ScheduledInstallment[]): PlanOffer {
  return {
    kind: 'plan',
    currency: account.currency,
    balanceMinor: account.balanceMinor,
    agreedAmountMinor: account.balanceMinor,
    downPaymentMinor,
    downPaymentDueIso: downPaymentMinor > 0 ? todayIso : null,
    installmentCount: installments.length,
    installments,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The first request field the engine cannot use, as a refusal; null when all are usable. */
function planRequestProblem(request: PlanRequest, minDownMinor: number, maxDownMinor: number): Refusal | null {
  const { count, monthlyAmountMinor, downPaymentMinor } = request;
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) return invalidRequest;
  if (monthlyAmountMinor !== undefined && (!isWholeMinor(monthlyAmountMinor) || monthlyAmountMinor === 0))
    return { code: 'invalid_amount' };
  if (downPaymentMinor !== undefined && !isWholeMinor(downPaymentMinor)) {
    return { code: 'invalid_amount', minAmountMinor: minDownMinor, maxAmountMinor: maxDownMinor };
  }
  return null;
}

/**
 * The allowed plan nearest to what the debtor asked: a count, a monthly amount or a down payment
 * (or nothing: the longest allowed plan, lowest installments), all in minor units. Never more
 * installments, a smaller down payment or a smaller installment than the policy allows. Total: a
 * count that is negative or not whole, or a malformed `todayIso`, is refused as `invalid_request`;
 * an amount that is not a whole number of minor units (NaN, fractional, negative, unsafe) as
 * `invalid_amount`; a whole count out of range is adjusted and said so in `adjustments`.
 */
export function offerPlan(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: PlanRequest = {},
): PolicyResult<{ offer: PlanOffer; adjustments: PlanAdjustment[] }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  if (!isDate(todayIso)) return { ok: false, refusal: invalidRequest };
  const rules = policy.installments;
  const minInstallmentMinor = rules.minInstallmentMinor[account.currency];
  if (minInstallmentMinor === undefined) return { ok: false, refusal: { code: 'currency_not_configured', alternative: 'human' } };

  const balance = account.balanceMinor;
  const minDown = minDownPaymentMinor(balance, policy);
  const maxDown = balance - rules.minCount * minInstallmentMinor;
  const problem = planRequestProblem(request, minDown, Math.max(minDown, maxDown));
  if (problem) return { ok: false, refusal: problem };
  if (maxDown < minDown) {
    return { ok: false, refusal: { code: 'below_min_installment', minAmountMinor: minInstallmentMinor, alternative: 'pay_in_full' } };
  }

  const adjustments: PlanAdjustment[] = [];
  let down = request.downPaymentMinor ?? minDown;
  if (down < minDown) {
    down = minDown;
    adjustments.push('down_payment_below_min');
  } else if (down > maxDown) {
    down = maxDown;
    adjustments.push('down_payment_too_high');
  }

  const financed = balance - down;
  const allowedMax = Math.min(rules.maxCount, Math.floor(financed / minInstallmentMinor));
  let count: number;
  if (request.count !== undefined) {
    count = clamp(request.count, rules.minCount, allowedMax);
    if (request.count > rules.maxCount) adjustments.push('count_above_max');
    else if (request.count < rules.minCount) adjustments.push('count_below_min');
    else if (request.count > allowedMax) adjustments.push('installment_below_min');
  } else if (request.monthlyAmountMinor !== undefined) {
    const wanted = Math.ceil(financed / request.monthlyAmountMinor);
    count = clamp(wanted, rules.minCount, allowedMax);
    if (wanted > allowedMax) adjustments.push('monthly_amount_too_low');
  } else {
    count = allowedMax;
  }

  const scheduled = scheduleInstallments(financed, count, todayIso, rules.frequency);
  if (!scheduled.ok) return scheduled;
  return { ok: true, adjustments, offer: planOffer(account, todayIso, down, scheduled.installments) };
}
