import { LedgerError } from '../errors.js';

/** Converts a stored BigInt amount to a safe integer number of minor units, or fails loudly. */
export function toMinorNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new LedgerError('amount_out_of_range', 'stored amount exceeds the safe integer range');
  }
  return Number(value);
}

/** Converts a safe integer number of minor units to the BigInt the database stores. */
export function toStoredMinor(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new LedgerError('amount_out_of_range', `amount must be a safe integer, got ${value}`);
  return BigInt(value);
}
