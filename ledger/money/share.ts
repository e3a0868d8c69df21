/**
 * Shares of an amount, exact: percentages travel as integer basis points (1 bp = 0.01 %, so
 * 12.5 % = 1250 bp), never as floats.
 *
 * The rounding rule, one for the whole product: a share is a policy limit, and when it falls between
 * two whole minor units it rounds toward the inside of what the policy allows — a maximum (the
 * settlement discount) rounds down, a minimum (the down payment, the promised amount) rounds up.
 * Why: DESIGN §3 promises the debtor never gets "more" discount than allowed and always pays "at
 * least" the share, so rounding the other way would break that contract by up to one minor unit.
 */

import { MoneyError } from './money.js';

/** Basis points in a whole: 10 000 bp = 100 %. */
export const basisPointsPerWhole = 10_000;

/**
 * Which side of a policy limit a share is: `'max'` (nothing above it is allowed, e.g. a discount)
 * rounds down to a whole minor unit, `'min'` (nothing below it is allowed, e.g. a down payment) rounds up.
 */
export type ShareLimit = 'max' | 'min';

/**
 * `shareBasisPoints` of `amountMinor` in whole minor units, rounded inside the limit (see the
 * module comment): 10 % of 1001 is 100 as a `'max'`, 101 as a `'min'`; 12.5 % of 5 is 0 or 1.
 *
 * @param amountMinor a non-negative safe integer of minor units
 * @param shareBasisPoints an integer from 0 to 10 000 (0 % to 100 %)
 * @throws MoneyError for any other amount or share (a programmer error: the policy engine checks first)
 */
export function shareOfMinor(amountMinor: number, shareBasisPoints: number, limit: ShareLimit): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
    throw new MoneyError(`not a non-negative safe integer of minor units: ${amountMinor}`);
  if (!Number.isSafeInteger(shareBasisPoints) || shareBasisPoints < 0 || shareBasisPoints > basisPointsPerWhole) {
    throw new MoneyError(`not a share from 0 to ${basisPointsPerWhole} basis points: ${shareBasisPoints}`);
  }
  const numerator = BigInt(amountMinor) * BigInt(shareBasisPoints);
  const whole = BigInt(basisPointsPerWhole);
  const quotient = numerator / whole;
  return Number(limit === 'min' && numerator % whole !== 0n ? quotient + 1n : quotient);
}

const percentPattern = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * A percentage given as a number with at most two decimals (12.5, 0.29, 30) as basis points (1250,
 * 29, 3000); null when it is negative, not finite or has more decimals (12.345, 0.1 + 0.2).
 * Exact: it reads the number's shortest decimal form, so 0.29 is 29 bp although 0.29 × 100 ≠ 29.
 */
export function percentToBasisPoints(percent: number): number | null {
  if (!Number.isFinite(percent) || percent < 0) return null;
  const match = percentPattern.exec(String(percent));
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Basis points as a percentage number for messages (1250 → 12.5, 29 → 0.29); exact for every integer. */
export function basisPointsToPercent(basisPoints: number): number {
  return basisPoints / 100;
}
