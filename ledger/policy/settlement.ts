import { daysBetween } from '../../lib/calendar.js';
import { basisPointsToPercent, shareOfMinor, type CurrencyCode } from '../money/index.js';
import { daysAfterOrNull, invalidRequest, isDate } from './checks.js';
import { offerBlocker } from './eligibility.js';
import type { AccountFacts, Policy, PolicyResult } from './types.js';

/** Pay in full with a discount, valid until `payByIso`. */
export interface SettlementOffer {
  readonly kind: 'settlement';
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  /** The discount as a share of the balance, exact: 1250 = 12.5 %. */
  readonly discountBasisPoints: number;
  /** The same discount as a percentage for messages (12.5); always `discountBasisPoints / 100`. */
  readonly discountPercent: number;
  readonly discountMinor: number;
  /** What the debtor pays: balance − discount. */
  readonly payAmountMinor: number;
  readonly payByIso: string;
  readonly daysPastDue: number;
  /** True when the debtor asked for more discount than the policy allows. */
  readonly capped: boolean;
}

/** The discount a debtor asked for, in exact basis points (read from text with `percentTextToBasisPoints`). */
export interface SettlementRequest {
  /** 1250 = 12.5 %; a whole number ≥ 0 (above the policy's maximum it is capped). */
  readonly discountBasisPoints?: number;
}

/**
 * Days the account is past its due date on `todayIso` (0 when not yet due).
 *
 * @throws RangeError when either date is not a real `YYYY-MM-DD` date (`offerSettlement` checks first)
 */
export function daysPastDue(account: AccountFacts, todayIso: string): number {
  return Math.max(0, daysBetween(account.dueDateIso, todayIso));
}

/** The largest discount the policy allows after `days` days past due, in basis points (3000 = 30 %). */
export function maxDiscountBasisPoints(policy: Policy, days: number): number {
  let basisPoints = 0;
  for (const band of policy.settlement.discountByDaysPastDue) if (band.fromDays <= days) basisPoints = band.maxBasisPoints;
  return basisPoints;
}

/** The asked discount in basis points, undefined when none was asked, null when it is not usable. */
function askedBasisPoints(request: SettlementRequest): number | undefined | null {
  const { discountBasisPoints } = request;
  if (discountBasisPoints === undefined) return undefined;
  return Number.isSafeInteger(discountBasisPoints) && discountBasisPoints >= 0 ? discountBasisPoints : null;
}

/**
 * The settlement (payment in full) the policy allows today: the asked discount, or the maximum for
 * the days past due when none (or more) is asked. The discount in minor units rounds down (a
 * maximum rounds inside the limit, see `shareOfMinor`). Total: an asked discount that is negative,
 * not finite or finer than 0.01 %, or a malformed date (today's, the account's due date, or a
 * pay-by date past year 9999), is refused as `invalid_request`.
 */
export function offerSettlement(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: SettlementRequest = {},
): PolicyResult<{ offer: SettlementOffer }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const payByIso = daysAfterOrNull(todayIso, policy.settlement.payWithinDays);
  if (payByIso === null || !isDate(account.dueDateIso)) return { ok: false, refusal: invalidRequest };
  const asked = askedBasisPoints(request);
  if (asked === null) return { ok: false, refusal: invalidRequest };
  const days = daysPastDue(account, todayIso);
  const maxBasisPoints = maxDiscountBasisPoints(policy, days);
  const capped = asked !== undefined && asked > maxBasisPoints;
  const basisPoints = asked === undefined || capped ? maxBasisPoints : asked;
  const discountMinor = shareOfMinor(account.balanceMinor, basisPoints, 'max');
  return {
    ok: true,
    offer: {
      kind: 'settlement',
      currency: account.currency,
      balanceMinor: account.balanceMinor,
      discountBasisPoints: basisPoints,
      discountPercent: basisPointsToPercent(basisPoints),
      discountMinor,
      payAmountMinor: account.balanceMinor - discountMinor,
      payByIso,
      daysPastDue: days,
      capped,
    },
  };
}
