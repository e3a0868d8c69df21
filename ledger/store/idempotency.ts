import { IdempotencyConflictError, LedgerError } from '../errors.js';
import { hashRequest } from './canonical-json.js';
import { isUniqueViolation } from './transactions.js';

/** A write that a retry could repeat, keyed by the caller's idempotency key. */
export interface IdempotentWrite<T> {
  readonly idempotencyKey: string;
  /** The request's payload; the same key with a different payload is a conflict. */
  readonly payload: unknown;
  /** Finds the earlier result recorded under the key, with its request hash. */
  find(idempotencyKey: string): Promise<{ readonly requestHash: string; readonly value: T } | null>;
  /** Performs the write, storing `requestHash` beside the key. */
  write(requestHash: string): Promise<T>;
}

/** The value, and whether it was an earlier result returned again for a replayed request. */
export interface IdempotentResult<T> {
  readonly value: T;
  readonly replayed: boolean;
}

function checkKey(idempotencyKey: string): void {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 8 || idempotencyKey.length > 200) {
    throw new LedgerError('invalid_idempotency_key', 'an idempotency key of 8 to 200 characters is required');
  }
}

/**
 * Runs a write once per idempotency key: a replay with the same payload returns the original
 * result; the same key with a different payload raises IdempotencyConflictError.
 */
export async function writeOnce<T>(operation: IdempotentWrite<T>): Promise<IdempotentResult<T>> {
  checkKey(operation.idempotencyKey);
  const requestHash = hashRequest(operation.payload);
  const replay = async (): Promise<IdempotentResult<T> | null> => {
    const earlier = await operation.find(operation.idempotencyKey);
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) throw new IdempotencyConflictError(operation.idempotencyKey);
    return { value: earlier.value, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return { value: await operation.write(requestHash), replayed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await replay();
    if (raced) return raced;
    throw error;
  }
}
