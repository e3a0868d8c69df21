import type { OutboundCadence } from '../outbound/contact-kinds.js';
import type { CurrencyCode } from '../money/index.js';
import type { InstallmentFrequency } from './schedule.js';

/**
 * A validated policy (DESIGN §3, `POLICY_FILE`): money already converted to minor units, percentages
 * to integer basis points (10 % = 1000 bp). Build it with `parsePolicy`; the engine trusts its ranges.
 */
export interface Policy {
  readonly verification: { readonly maxAttempts: number; readonly lockoutMinutes: number };
  readonly installments: {
    readonly minCount: number;
    readonly maxCount: number;
    /** Smallest down payment, as a share of the balance in basis points. */
    readonly minDownPaymentBasisPoints: number;
    /** How often installments fall after the plan's start (see `installmentDueDates`). */
    readonly frequency: InstallmentFrequency;
    /** Smallest installment per currency, minor units; a currency missing here gets no plans. */
    readonly minInstallmentMinor: Readonly<Partial<Record<CurrencyCode, number>>>;
  };
  readonly settlement: {
    readonly payWithinDays: number;
    /** Discount bands sorted by `fromDays` ascending; `maxBasisPoints` is the largest discount, 3000 = 30 %. */
    readonly discountByDaysPastDue: ReadonlyArray<{ readonly fromDays: number; readonly maxBasisPoints: number }>;
  };
  readonly promise: {
    readonly maxDaysAhead: number;
    /** Smallest promised amount, as a share of the balance in basis points. */
    readonly minShareOfBalanceBasisPoints: number;
  };
  /** Which reminders and follow-ups go out, and when (DESIGN §12). */
  readonly outbound: OutboundCadence;
}

/** Account statuses (DESIGN §3). */
export type AccountStatus = 'active' | 'on_hold' | 'settled' | 'closed';

/** What the policy engine needs to know about an account. */
export interface AccountFacts {
  readonly balanceMinor: number;
  readonly currency: CurrencyCode;
  readonly status: AccountStatus;
  readonly dueDateIso: string;
}

/** Why nothing (or not what was asked) can be offered; expected outcomes, mapped to polite messages. */
export type RefusalCode =
  | 'account_on_hold'
  | 'account_not_active'
  | 'nothing_owed'
  | 'currency_not_configured'
  | 'below_min_installment'
  | 'invalid_amount'
  | 'amount_below_min'
  | 'amount_above_balance'
  | 'date_in_past'
  | 'date_too_far'
  | 'agreement_exists'
  | 'offer_changed'
  /** A number or date in the request (or the account's facts) is not usable: NaN, fractional, malformed, out of range. */
  | 'invalid_request';

/** A refusal with the facts a reply needs (e.g. the smallest amount or latest date allowed). */
export interface Refusal {
  readonly code: RefusalCode;
  readonly minAmountMinor?: number;
  readonly maxAmountMinor?: number;
  readonly earliestDateIso?: string;
  readonly latestDateIso?: string;
  /** The best the debtor can get instead, when there is one. */
  readonly alternative?: 'pay_in_full' | 'human';
}

/** Either the value, or a refusal. */
export type PolicyResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly refusal: Refusal };
