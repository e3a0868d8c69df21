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

/**
 * Whether the debtor may be walked into a negotiation (pay in full, plan, promise) on this account:
 * it still has something owed and is not settled or closed. An account on hold is still offered, so the
 * debtor hears why nothing can be agreed on it (`offerBlocker` then refuses with `account_on_hold`).
 */
export function isNegotiable(account: AccountFacts): boolean {
  return account.status !== 'settled' && account.status !== 'closed' && account.balanceMinor > 0;
}
