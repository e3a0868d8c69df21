import { addDays, isIsoDate } from '../calendar.js';
import { percentOfMinor } from '../money/index.js';
import { offerBlocker } from './eligibility.js';
import type { AccountFacts, Policy, PolicyResult } from './types.js';

/** A promise the policy accepts. */
export interface ValidPromise {
  readonly amountMinor: number;
  readonly dueDateIso: string;
}

/** The smallest amount a promise on this account may carry (a share of the balance, rounded up). */
export function minPromiseMinor(account: AccountFacts, policy: Policy): number {
  return Math.min(account.balanceMinor, percentOfMinor(account.balanceMinor, policy.promise.minPercentOfBalance, 'up'));
}

/**
 * Checks a promise to pay: the date within today..today+maxDaysAhead (`todayIso` is today in the
 * debtor's time zone), the amount between the policy's share of the balance and the balance.
 */
export function validatePromise(
  account: AccountFacts,
  policy: Policy,
  todayIso: string,
  request: ValidPromise,
): PolicyResult<{ promise: ValidPromise }> {
  const blocker = offerBlocker(account);
  if (blocker) return { ok: false, refusal: blocker };
  const latestDateIso = addDays(todayIso, policy.promise.maxDaysAhead);
  const minAmountMinor = minPromiseMinor(account, policy);
  const { amountMinor, dueDateIso } = request;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, refusal: { code: 'invalid_amount', minAmountMinor } };
  if (!isIsoDate(dueDateIso) || dueDateIso < todayIso) {
    return { ok: false, refusal: { code: 'date_in_past', earliestDateIso: todayIso, latestDateIso } };
  }
  if (dueDateIso > latestDateIso) return { ok: false, refusal: { code: 'date_too_far', earliestDateIso: todayIso, latestDateIso } };
  if (amountMinor < minAmountMinor) return { ok: false, refusal: { code: 'amount_below_min', minAmountMinor } };
  if (amountMinor > account.balanceMinor) return { ok: false, refusal: { code: 'amount_above_balance', maxAmountMinor: account.balanceMinor } };
  return { ok: true, promise: { amountMinor, dueDateIso } };
}
