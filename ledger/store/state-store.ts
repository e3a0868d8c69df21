import { randomUUID } from 'node:crypto';
import type { LedgerClient } from '../db/open-database.js';
import { LedgerError } from '../errors.js';
import { Prisma } from '../generated/sqlite/client.js';

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
  const rows =
    keys.length === 0
      ? []
      : await prisma.$queryRaw<
          Array<{ key: string; data: string; eTag: string }>
        >`SELECT "key", "data", "eTag" FROM "BotState" WHERE "key" IN (${Prisma.join([...keys])})`;
  return new Map(rows.map((row) => [row.key, { data: JSON.parse(row.data) as unknown, eTag: row.eTag }]));
}

/**
 * Writes a document. With `expectedETag` (not '*') the write succeeds only if the stored version
 * still has that eTag (or, for a new key, nothing is stored yet); otherwise StateConflictError.
 * Raw statements, since the bot reads and writes its state on every turn.
 */
export async function writeState(prisma: LedgerClient, key: string, data: unknown, expectedETag?: string): Promise<string> {
  const eTag = randomUUID();
  const text = JSON.stringify(data);
  const now = new Date();
  if (expectedETag === undefined || expectedETag === '*') {
    await prisma.$executeRaw`
      INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (${key}, ${eTag}, ${text}, ${now})
      ON CONFLICT ("key") DO UPDATE SET "eTag" = ${eTag}, "data" = ${text}, "updatedAt" = ${now}`;
    return eTag;
  }
  const updated =
    await prisma.$executeRaw`UPDATE "BotState" SET "eTag" = ${eTag}, "data" = ${text}, "updatedAt" = ${now} WHERE "key" = ${key} AND "eTag" = ${expectedETag}`;
  if (updated === 1) return eTag;
  throw new StateConflictError(key);
}

/** Creates a document only if the key is new; StateConflictError if it already exists. */
export async function createState(prisma: LedgerClient, key: string, data: unknown): Promise<string> {
  const eTag = randomUUID();
  const created = await prisma.$executeRaw`
    INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (${key}, ${eTag}, ${JSON.stringify(data)}, ${new Date()})
    ON CONFLICT ("key") DO NOTHING`;
  if (created === 1) return eTag;
  throw new StateConflictError(key);
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
export function stateStoreOf(database: { readonly prisma: LedgerClient }): StateStore {
  const { prisma } = database;
  return {
    read: (keys) => readState(prisma, keys),
    write: (key, data, expectedETag) => writeState(prisma, key, data, expectedETag),
    create: (key, data) => createState(prisma, key, data),
    delete: (keys) => deleteState(prisma, keys),
  };
}

/** Deletes the documents stored under `keys`. */
export async function deleteState(prisma: LedgerClient, keys: readonly string[]): Promise<void> {
  await prisma.botState.deleteMany({ where: { key: { in: [...keys] } } });
}
