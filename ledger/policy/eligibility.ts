import type { AccountFacts, Refusal } from './types.js';

/**
 * The refusal that stops any offer on this account (on hold, not active, nothing owed, or a balance
 * that is not a safe integer of minor units), or null.
 */
export function offerBlocker(account: AccountFacts): Refusal | null {
  if (account.status === 'on_hold') return { code: 'account_on_hold', alternative: 'human' };
  if (account.status !== 'active') return { code: 'account_not_active' };
  if (!Number.isSafeInteger(account.balanceMinor)) return { code: 'invalid_request', alternative: 'human' };
  if (account.balanceMinor <= 0) return { code: 'nothing_owed' };
  return null;
}
