import type { Refusal } from '../ledger/index.js';
import type { Catalog, Language } from './messages/index.js';
import { longDate, money } from './format.js';

/** The polite sentence for a policy refusal, with the limit the debtor needs to know. */
export function refusalText(refusal: Refusal, messages: Catalog, currency: string, language: Language, country: string): string {
  const amount = (minor: number | undefined) => money(minor ?? 0, currency, language, country);
  switch (refusal.code) {
    case 'below_min_installment':
      return messages.refusal.below_min_installment(amount(refusal.minAmountMinor));
    case 'amount_below_min':
      return messages.refusal.amount_below_min(amount(refusal.minAmountMinor));
    case 'amount_above_balance':
      return messages.refusal.amount_above_balance(amount(refusal.maxAmountMinor));
    case 'date_too_far':
      return messages.refusal.date_too_far(longDate(refusal.latestDateIso ?? '', language));
    default:
      return messages.refusal[refusal.code];
  }
}
