import { addDays, daysBetween } from '../calendar.js';
import { percentOfMinor, type CurrencyCode } from '../money/index.js';
import { offerBlocker } from './eligibility.js';
import type { AccountFacts, Policy, PolicyResult } from './types.js';

/** Pay in full with a discount, valid until `payByIso`. */
export interface SettlementOffer {
  readonly kind: 'settlement';
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  readonly discountPercent: number;
  readonly discountMinor: number;
  /** What the debtor pays: balance − discount. */
  readonly payAmountMinor: number;
  readonly payByIso: string;
  readonly daysPastDue: number;
  /** True when the debtor asked for more discount than the policy allows. */
  readonly capped: boolean;
}

/** Days the account is past its due date on `todayIso` (0 when not yet due). */
export function daysPastDue(account: AccountFacts, todayIso: string): number {
  return Math.max(0, daysBetween(account.dueDateIso, todayIso));
}

/** The largest discount percentage the policy allows after `days` days past due. */
export function maxDiscountPercent(policy: Policy, days: number): number {
  let percent = 0;
  for (const band of policy.settlement.discountByDaysPastDue) if (band.fromDays <= days) percent = band.maxPercent;
  return percent;
}

/**
 * The settlement (payment in full) the policy allows today: the asked discount, or the maximum for
 * the days past due when none (or more) is asked. The discount is rounded down to a whole minor unit.
 */
export function offerSettlement(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: { readonly discountPercent?: number } = {},
): PolicyResult<{ offer: SettlementOffer }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const days = daysPastDue(account, todayIso);
  const maxPercent = maxDiscountPercent(policy, days);
  const asked = request.discountPercent;
  const capped = asked !== undefined && asked > maxPercent;
  const percent = asked === undefined || capped ? maxPercent : Math.max(0, asked);
  const discountMinor = percentOfMinor(account.balanceMinor, percent, 'down');
  return {
    ok: true,
    offer: {
      kind: 'settlement',
      currency: account.currency,
      balanceMinor: account.balanceMinor,
      discountPercent: percent,
      discountMinor,
      payAmountMinor: account.balanceMinor - discountMinor,
      payByIso: addDays(todayIso, policy.settlement.payWithinDays),
      daysPastDue: days,
      capped,
    },
  };
}
