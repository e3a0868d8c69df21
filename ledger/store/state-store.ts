import { randomUUID } from 'node:crypto';
import type { LedgerClient } from '../db/open-database.js';
import { LedgerError } from '../errors.js';
import { isUniqueViolation } from './transactions.js';

/** A stored document with the eTag of its current version. */
export interface StateRecord {
  readonly data: unknown;
  readonly eTag: string;
}

/** The record was changed by someone else since it was read (optimistic concurrency). */
export class StateConflictError extends LedgerError {
  constructor(key: string) {
    super('state_conflict', `state ${key} was changed concurrently`);
  }
}

/** Reads the documents stored under `keys` (missing keys are absent from the result). */
export async function readState(prisma: LedgerClient, keys: readonly string[]): Promise<Map<string, StateRecord>> {
  const rows = keys.length === 0 ? [] : await prisma.botState.findMany({ where: { key: { in: [...keys] } } });
  return new Map(rows.map((row) => [row.key, { data: JSON.parse(row.data) as unknown, eTag: row.eTag }]));
}

/**
 * Writes a document. With `expectedETag` (not '*') the write succeeds only if the stored version
 * still has that eTag (or, for a new key, nothing is stored yet); otherwise StateConflictError.
 */
export async function writeState(prisma: LedgerClient, key: string, data: unknown, expectedETag?: string): Promise<string> {
  const eTag = randomUUID();
  const text = JSON.stringify(data);
  if (expectedETag === undefined || expectedETag === '*') {
    await prisma.botState.upsert({ where: { key }, create: { key, eTag, data: text }, update: { eTag, data: text } });
    return eTag;
  }
  const updated = await prisma.botState.updateMany({ where: { key, eTag: expectedETag }, data: { eTag, data: text } });
  if (updated.count === 1) return eTag;
  throw new StateConflictError(key);
}

/** Creates a document only if the key is new; StateConflictError if it already exists. */
export async function createState(prisma: LedgerClient, key: string, data: unknown): Promise<string> {
  const eTag = randomUUID();
  try {
    await prisma.botState.create({ data: { key, eTag, data: JSON.stringify(data) } });
    return eTag;
  } catch (error) {
    if (isUniqueViolation(error)) throw new StateConflictError(key);
    throw error;
  }
}

/** Deletes the documents stored under `keys`. */
export async function deleteState(prisma: LedgerClient, keys: readonly string[]): Promise<void> {
  await prisma.botState.deleteMany({ where: { key: { in: [...keys] } } });
}
