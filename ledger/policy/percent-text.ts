import { invalidRequest } from './checks.js';
import type { PolicyResult } from './types.js';

const percentTextPattern = /^(\d{1,9})(?:[.,](\d+))?\s*%?$/;

/**
 * Reads the percentage a debtor wrote ("12,5", "12.5", "30", "30 %") as integer basis points (1250,
 * 3000), exactly; a number with more than two decimals ("12.345") or anything that is not a plain
 * number is refused as `invalid_request`, never rounded. Above 100 % is returned as is
 * (`offerSettlement` caps it at the policy's maximum). A thousands separator is not read ("1.000" is refused).
 */
export function percentTextToBasisPoints(text: string): PolicyResult<{ basisPoints: number }> {
  const match = percentTextPattern.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) return { ok: false, refusal: invalidRequest };
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, refusal: invalidRequest };
  return { ok: true, basisPoints: Number(whole) * 100 + Number(fraction.padEnd(2, '0')) };
}
