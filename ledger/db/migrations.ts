import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { LedgerError } from '../errors.js';

/** One migration folder: its name, SQL, the SHA-256 of the file (as Prisma computes it) and the file's path. */
interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
  readonly path: string;
}

/** An applied migration as recorded in `_prisma_migrations`. */
interface AppliedMigration {
  readonly migration_name: string;
  readonly checksum: string;
}

/** The committed migration folders of each provider. */
export const migrationFolders = {
  sqlite: fileURLToPath(new URL('../../prisma/migrations/', import.meta.url)),
  postgresql: fileURLToPath(new URL('../../prisma/postgres/migrations/', import.meta.url)),
} as const;

/** An applied migration's file no longer matches what was applied: start-up stops rather than guess. */
export class MigrationChecksumError extends LedgerError {
  constructor(
    readonly migrationName: string,
    path: string,
  ) {
    super(
      'migration_edited',
      `migration ${migrationName} was edited after it was applied to this database (${relative(process.cwd(), path) || path} ` +
        'no longer matches the checksum in _prisma_migrations): restore the file as it was committed, ' +
        'and put the change in a new migration instead (npm run db:migration -- <name>)',
    );
  }
}

async function readMigrations(root: string): Promise<Migration[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(root, name, 'migration.sql');
      const sql = await readFile(path, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex'), path };
    }),
  );
}

/** The names already applied; throws MigrationChecksumError when an applied migration's file was edited since. */
function checkApplied(migrations: readonly Migration[], applied: readonly AppliedMigration[]): Set<string> {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied) {
    const migration = byName.get(row.migration_name);
    if (migration && migration.checksum !== row.checksum) throw new MigrationChecksumError(migration.name, migration.path);
  }
  return new Set(applied.map((row) => row.migration_name));
}

// The same bookkeeping table `prisma migrate deploy` keeps, so the CLI and this runner agree.
const sqliteBookkeeping = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const postgresBookkeeping = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/**
 * Applies the committed SQLite migrations not yet applied, each in its own transaction; returns their
 * names. Throws MigrationChecksumError, before applying anything, when an applied migration was edited.
 */
export async function migrateSqlite(db: BetterSqlite3.Database, folder: string = migrationFolders.sqlite): Promise<string[]> {
  const migrations = await readMigrations(folder);
  db.exec(sqliteBookkeeping);
  const applied = checkApplied(
    migrations,
    db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL').all() as AppliedMigration[],
  );
  const record = db.prepare(
    'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)',
  );
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(randomUUID(), migration.checksum, migration.name);
    }).immediate();
    done.push(migration.name);
  }
  return done;
}

/**
 * Applies the committed PostgreSQL migrations under an advisory lock (safe with several instances).
 * Throws MigrationChecksumError, before applying anything, when an applied migration was edited.
 */
export async function migratePostgres(client: pg.Client, folder: string = migrationFolders.postgresql): Promise<string[]> {
  const migrations = await readMigrations(folder);
  const lockId = 7_230_915_118;
  await client.query('SELECT pg_advisory_lock($1)', [lockId]);
  try {
    await client.query(postgresBookkeeping);
    const { rows } = await client.query<AppliedMigration>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = checkApplied(migrations, rows);
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)',
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [lockId]);
  }
}
