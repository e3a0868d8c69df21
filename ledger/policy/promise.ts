import { shareOfMinor } from '../money/index.js';
import { daysAfterOrNull, invalidRequest, isDate } from './checks.js';
import { offerBlocker } from './eligibility.js';
import type { AccountFacts, Policy, PolicyResult } from './types.js';

/** A promise the policy accepts: an amount in minor units on a `YYYY-MM-DD` date. */
export interface ValidPromise {
  readonly amountMinor: number;
  readonly dueDateIso: string;
}

/**
 * The smallest amount a promise on this account may carry, in minor units: the policy's share of the
 * balance, rounded up (a minimum rounds inside the limit, see `shareOfMinor`).
 *
 * @throws MoneyError when the balance is not a safe integer (`validatePromise` checks first)
 */
export function minPromiseMinor(account: AccountFacts, policy: Policy): number {
  return shareOfMinor(Math.max(0, account.balanceMinor), policy.promise.minShareOfBalanceBasisPoints, 'min');
}

/**
 * Checks a promise to pay: the date within today..today+maxDaysAhead (`todayIso` is today in the
 * debtor's time zone), the amount between the policy's share of the balance and the balance. Total:
 * an amount that is not a positive safe integer is `invalid_amount`, a malformed promise date
 * `date_in_past`, a malformed `todayIso` (or a window past year 9999) `invalid_request`.
 */
export function validatePromise(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: ValidPromise,
): PolicyResult<{ promise: ValidPromise }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const latestDateIso = daysAfterOrNull(todayIso, policy.promise.maxDaysAhead);
  if (latestDateIso === null) return { ok: false, refusal: invalidRequest };
  const minAmountMinor = minPromiseMinor(account, policy);
  const { amountMinor, dueDateIso } = request;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, refusal: { code: 'invalid_amount', minAmountMinor } };
  if (!isDate(dueDateIso) || dueDateIso < todayIso) {
    return { ok: false, refusal: { code: 'date_in_past', earliestDateIso: todayIso, latestDateIso } };
  }
  if (dueDateIso > latestDateIso) return { ok: false, refusal: { code: 'date_too_far', earliestDateIso: todayIso, latestDateIso } };
  if (amountMinor < minAmountMinor) return { ok: false, refusal: { code: 'amount_below_min', minAmountMinor } };
  if (amountMinor > account.balanceMinor)
    return { ok: false, refusal: { code: 'amount_above_balance', maxAmountMinor: account.balanceMinor } };
  return { ok: true, promise: { amountMinor, dueDateIso } };
}
