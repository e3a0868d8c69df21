import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgres/client.js';
import { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client.js';
import { migratePostgres, migrateSqlite } from './migrations.js';
import { makeSerializedSqliteAdapter } from './serialized-sqlite.js';
import { WriteLock } from './write-lock.js';
import { makePostgresRunner } from './postgres-runner.js';
import { makeSqliteRunner, type SqlRunner } from './sql-runner.js';

/**
 * The Prisma client the ledger uses. Both providers generate the same models; the code is typed
 * against the SQLite client and the PostgreSQL client is used through the same shape.
 */
export type LedgerClient = SqlitePrismaClient;

/** The transaction client handed to `$transaction(async (tx) => …)`. */
export type LedgerTransaction = Parameters<Parameters<LedgerClient['$transaction']>[0]>[0];

/** An open ledger database. */
export interface LedgerDatabase {
  readonly prisma: LedgerClient;
  readonly provider: 'sqlite' | 'postgresql';
  /** Migrations applied while opening. */
  readonly appliedMigrations: readonly string[];
  /** Direct driver access for the statements every turn runs and for bulk work (the portfolio import). */
  readonly sql: SqlRunner;
  close(): Promise<void>;
}

/** Connections of the PostgreSQL statements' pool unless told (see makePostgresRunner). */
const defaultPoolSize = 4;

/** The default embedded database: a SQLite file under ./data/. */
export const defaultDatabaseUrl = 'file:./data/debt-bot.db';

/** Options for opening the database. */
export interface OpenDatabaseOptions {
  /** Create or migrate the schema first (default true). */
  readonly migrate?: boolean;
  /** PostgreSQL: connections of the pipelined statements' pool (default 4); the transactions' pool gets four times as many, Prisma's half as many (at least 2). */
  readonly poolSize?: number;
}

/** The absolute path of the SQLite file a `file:` DATABASE_URL names. */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (path === '' || path === ':memory:') throw new Error('DATABASE_URL must name a SQLite file, e.g. file:./data/debt-bot.db');
  return resolve(path);
}

async function openSqlite(url: string, options: OpenDatabaseOptions): Promise<LedgerDatabase> {
  const path = sqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const setup = new Database(path);
  let appliedMigrations: string[] = [];
  try {
    setup.pragma('journal_mode = WAL');
    if (options.migrate !== false) appliedMigrations = await migrateSqlite(setup);
  } finally {
    setup.close();
  }
  const lock = new WriteLock();
  const prisma = new SqlitePrismaClient({ adapter: makeSerializedSqliteAdapter(`file:${path}`, 10_000, lock) });
  const sql = makeSqliteRunner(path, lock);
  return {
    prisma,
    provider: 'sqlite',
    appliedMigrations,
    sql,
    close: async () => Promise.all([prisma.$disconnect(), sql.close()]).then(() => undefined),
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<LedgerDatabase> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  const searchPath = schema ? { options: `-c search_path="${schema.replaceAll('"', '')}"` } : {};
  let appliedMigrations: string[] = [];
  if (options.migrate !== false) {
    const client = new pg.Client({ connectionString, ...searchPath });
    await client.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '')}"`);
      appliedMigrations = await migratePostgres(client);
    } finally {
      await client.end();
    }
  }
  const poolSize = options.poolSize ?? defaultPoolSize;
  const adapter = new PrismaPg(
    { connectionString, ...searchPath, max: Math.max(2, Math.ceil(poolSize / 2)) },
    schema ? { schema } : undefined,
  );
  const prisma = new PostgresPrismaClient({ adapter }) as unknown as LedgerClient;
  const sql = makePostgresRunner({ connectionString, ...(schema ? { schema } : {}), max: poolSize });
  return {
    prisma,
    provider: 'postgresql',
    appliedMigrations,
    sql,
    close: async () => Promise.all([prisma.$disconnect(), sql.close()]).then(() => undefined),
  };
}

/**
 * Opens the ledger database named by `url` (`file:…` for SQLite, `postgresql://…` with an optional
 * `?schema=` for PostgreSQL), creating or migrating it first.
 */
export async function openLedgerDatabase(url: string = defaultDatabaseUrl, options: OpenDatabaseOptions = {}): Promise<LedgerDatabase> {
  if (url.startsWith('file:')) return openSqlite(url, options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}
