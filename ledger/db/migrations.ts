import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

/** One migration folder: its name and SQL. */
interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const migrationFolders = {
  sqlite: fileURLToPath(new URL('../../prisma/migrations/', import.meta.url)),
  postgresql: fileURLToPath(new URL('../../prisma/postgres/migrations/', import.meta.url)),
} as const;

async function readMigrations(provider: keyof typeof migrationFolders): Promise<Migration[]> {
  const root = migrationFolders[provider];
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${root}${name}/migration.sql`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
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

/** Applies the committed SQLite migrations not yet applied, each in its own transaction; returns their names. */
export async function migrateSqlite(db: BetterSqlite3.Database): Promise<string[]> {
  const migrations = await readMigrations('sqlite');
  db.exec(sqliteBookkeeping);
  const applied = new Set(
    (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE rolled_back_at IS NULL').all() as { migration_name: string }[]).map(
      (row) => row.migration_name,
    ),
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

/** Applies the committed PostgreSQL migrations under an advisory lock (safe with several instances). */
export async function migratePostgres(client: pg.Client): Promise<string[]> {
  const migrations = await readMigrations('postgresql');
  const lockId = 7_230_915_118;
  await client.query('SELECT pg_advisory_lock($1)', [lockId]);
  try {
    await client.query(postgresBookkeeping);
    const { rows } = await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
    const applied = new Set(rows.map((row) => row.migration_name));
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
