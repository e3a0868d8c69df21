import { randomUUID } from 'node:crypto';
import type { SqlExecutor, SqlStatement } from '../db/sql-runner.js';
import { LedgerError } from '../errors.js';

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
export async function readState(sql: SqlExecutor, keys: readonly string[]): Promise<Map<string, StateRecord>> {
  if (keys.length === 0) return new Map();
  const rows = await sql.query<{ key: string; data: string; eTag: string }>(
    `SELECT "key", "data", "eTag" FROM "BotState" WHERE "key" IN (${keys.map(() => '?').join(', ')})`,
    keys,
  );
  return new Map(rows.map((row) => [row.key, stateRecordOf(row.data, row.eTag)]));
}

/** A stored document as read: its JSON text parsed. */
export function stateRecordOf(data: string, eTag: string): StateRecord {
  return { data: JSON.parse(data) as unknown, eTag };
}

/** The statement writing a document whatever its stored version (last writer wins). */
export function stateUpsert(key: string, data: unknown): SqlStatement {
  return {
    text: `INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("key") DO UPDATE SET "eTag" = excluded."eTag", "data" = excluded."data", "updatedAt" = excluded."updatedAt"`,
    params: [key, randomUUID(), JSON.stringify(data), new Date()],
  };
}

/**
 * Writes a document. With `expectedETag` (not '*') the write succeeds only if the stored version
 * still has that eTag; otherwise StateConflictError. Prepared statements: the bot writes its state every turn.
 */
export async function writeState(sql: SqlExecutor, key: string, data: unknown, expectedETag?: string): Promise<string> {
  if (expectedETag === undefined || expectedETag === '*') {
    const upsert = stateUpsert(key, data);
    await sql.execute(upsert.text, upsert.params);
    return upsert.params[1] as string;
  }
  const eTag = randomUUID();
  const updated = await sql.execute('UPDATE "BotState" SET "eTag" = ?, "data" = ?, "updatedAt" = ? WHERE "key" = ? AND "eTag" = ?', [
    eTag,
    JSON.stringify(data),
    new Date(),
    key,
    expectedETag,
  ]);
  if (updated === 1) return eTag;
  throw new StateConflictError(key);
}

/** Creates a document only if the key is new; StateConflictError if it already exists. */
export async function createState(sql: SqlExecutor, key: string, data: unknown): Promise<string> {
  const eTag = randomUUID();
  const created = await sql.execute(
    'INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING',
    [key, eTag, JSON.stringify(data), new Date()],
  );
  if (created === 1) return eTag;
  throw new StateConflictError(key);
}

/** Deletes the documents stored under `keys`. */
export async function deleteState(sql: SqlExecutor, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.execute(`DELETE FROM "BotState" WHERE "key" IN (${keys.map(() => '?').join(', ')})`, keys);
}

/** The conversation-state documents of one database, as named operations (the bot's storage port). */
export interface StateStore {
  /** Reads the documents stored under `keys` (missing keys are absent). */
  read(keys: readonly string[]): Promise<Map<string, StateRecord>>;
  /** Writes a document; with an `expectedETag` other than '*' only over that version (StateConflictError otherwise). */
  write(key: string, data: unknown, expectedETag?: string): Promise<string>;
  /** Creates a document only if the key is new (StateConflictError otherwise). */
  create(key: string, data: unknown): Promise<string>;
  /** Deletes the documents stored under `keys`. */
  delete(keys: readonly string[]): Promise<void>;
}

/** The state store of an open database. */
export function stateStoreOf(database: { readonly sql: SqlExecutor }): StateStore {
  const { sql } = database;
  return {
    read: (keys) => readState(sql, keys),
    write: (key, data, expectedETag) => writeState(sql, key, data, expectedETag),
    create: (key, data) => createState(sql, key, data),
    delete: (keys) => deleteState(sql, keys),
  };
}
