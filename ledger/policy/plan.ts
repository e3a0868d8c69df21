import { allocateEvenly, percentOfMinor, type CurrencyCode } from '../money/index.js';
import { offerBlocker } from './eligibility.js';
import { installmentDueDates, type InstallmentFrequency } from './schedule.js';
import type { AccountFacts, Policy, PolicyResult } from './types.js';

/** What a debtor asked for when negotiating a plan; every field optional. */
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

/** The smallest down payment the policy allows on a balance (its share, rounded up to a whole minor unit). */
export function minDownPaymentMinor(balanceMinor: number, policy: Policy): number {
  return percentOfMinor(balanceMinor, policy.installments.minDownPaymentPercent, 'up');
}

/**
 * A plan's installments: `financedMinor` split exactly into `count` (remainder on the first), due
 * one, two… periods of `frequency` after `startIso`.
 */
export function scheduleInstallments(financedMinor: number, count: number, startIso: string, frequency: InstallmentFrequency): ScheduledInstallment[] {
  const dueDates = installmentDueDates(startIso, count, frequency);
  return allocateEvenly(financedMinor, count).map((amountMinor, index) => ({ sequence: index + 1, dueDateIso: dueDates[index] ?? startIso, amountMinor }));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The allowed plan nearest to what the debtor asked: a count, a monthly amount or a down payment
 * (or nothing: the longest allowed plan, lowest installments). Never more installments, a smaller
 * down payment or a smaller installment than the policy allows.
 */
export function offerPlan(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: PlanRequest = {},
): PolicyResult<{ offer: PlanOffer; adjustments: PlanAdjustment[] }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const rules = policy.installments;
  const minInstallmentMinor = rules.minInstallmentMinor[account.currency];
  if (minInstallmentMinor === undefined) return { ok: false, refusal: { code: 'currency_not_configured', alternative: 'human' } };

  const balance = account.balanceMinor;
  const minDown = minDownPaymentMinor(balance, policy);
  const maxDown = balance - rules.minCount * minInstallmentMinor;
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
    count = clamp(Math.round(request.count), rules.minCount, allowedMax);
    if (request.count > rules.maxCount) adjustments.push('count_above_max');
    else if (request.count < rules.minCount) adjustments.push('count_below_min');
    else if (request.count > allowedMax) adjustments.push('installment_below_min');
  } else if (request.monthlyAmountMinor !== undefined && request.monthlyAmountMinor > 0) {
    const wanted = Math.ceil(financed / request.monthlyAmountMinor);
    count = clamp(wanted, rules.minCount, allowedMax);
    if (wanted > allowedMax) adjustments.push('monthly_amount_too_low');
  } else {
    count = allowedMax;
  }

  const installments = scheduleInstallments(financed, count, todayIso, rules.frequency);
  return {
    ok: true,
    adjustments,
    offer: {
      kind: 'plan',
      currency: account.currency,
      balanceMinor: balance,
      agreedAmountMinor: balance,
      downPaymentMinor: down,
      downPaymentDueIso: down > 0 ? todayIso : null,
      installmentCount: count,
      installments,
    },
  };
}
