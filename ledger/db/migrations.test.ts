import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders } from '../../test/support/temp-database.js';
import { MigrationChecksumError, migrationFolders, migratePostgres, migrateSqlite } from './migrations.js';
import { openLedgerDatabase } from './open-database.js';

const scratch = mkdtempSync(join(tmpdir(), 'migrations-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the committed migrations of `provider`, to edit freely; returns its folder and the first migration's name. */
function copyMigrations(provider: 'sqlite' | 'postgresql', tag: string): { folder: string; first: string } {
  const folder = join(scratch, `${provider}-${tag}`);
  cpSync(migrationFolders[provider], folder, { recursive: true });
  const first = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()[0];
  if (!first) throw new Error('no committed migrations');
  return { folder, first };
}

/** Edits an applied migration and adds a new one after it, as a developer editing history would. */
function editFirstAndAddOne(folder: string, first: string): void {
  appendFileSync(join(folder, first, 'migration.sql'), '\n-- edited after it was applied\n');
  mkdirSync(join(folder, '99990101000000_later'));
  writeFileSync(join(folder, '99990101000000_later', 'migration.sql'), 'CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);\n');
}

describe('migration checksums on sqlite', () => {
  it('refuses to start when an applied migration file was edited, naming it and the fix, and applies nothing', async () => {
    const { folder, first } = copyMigrations('sqlite', 'edited');
    const db = new Database(join(scratch, 'edited.db'));
    try {
      expect((await migrateSqlite(db, folder)).length).toBeGreaterThan(0);
      expect(await migrateSqlite(db, folder)).toEqual([]);
      editFirstAndAddOne(folder, first);
      const refused = migrateSqlite(db, folder);
      await expect(refused).rejects.toBeInstanceOf(MigrationChecksumError);
      await expect(refused).rejects.toMatchObject({ code: 'migration_edited', migrationName: first });
      await expect(refused).rejects.toThrow(
        new RegExp(`migration ${first} was edited after it was applied.*restore the file.*new migration`),
      );
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'Later'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('applies a new migration when the applied ones are untouched', async () => {
    const { folder } = copyMigrations('sqlite', 'added');
    const db = new Database(join(scratch, 'added.db'));
    try {
      await migrateSqlite(db, folder);
      mkdirSync(join(folder, '99990101000000_later'));
      writeFileSync(join(folder, '99990101000000_later', 'migration.sql'), 'CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);\n');
      expect(await migrateSqlite(db, folder)).toEqual(['99990101000000_later']);
    } finally {
      db.close();
    }
  });
});

describe.each(testProviders)('opening a database whose applied migration was edited, on $provider', ({ provider, available }) => {
  /** Overwrites the recorded checksum of `name`, as an edited file would look to the next start. */
  async function tamper(url: string, name: string): Promise<void> {
    if (provider === 'sqlite') {
      const db = new Database(url.replace(/^file:/, ''));
      db.prepare('UPDATE _prisma_migrations SET checksum = ? WHERE migration_name = ?').run('0'.repeat(64), name);
      db.close();
      return;
    }
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    const client = new pg.Client({ connectionString: parsed.toString() });
    await client.connect();
    try {
      await client.query(`UPDATE "${schema}"."_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ['0'.repeat(64), name]);
    } finally {
      await client.end();
    }
  }

  it.skipIf(!available)('stops with a message naming the migration (the next start, as a second instance here)', async () => {
    const database = await openTempDatabase(provider);
    try {
      const [first] = [...database.appliedMigrations].sort();
      expect(first).toBeDefined();
      await tamper(database.url, first!);
      await expect(openLedgerDatabase(database.url)).rejects.toThrow(`migration ${first} was edited after it was applied`);
      // Opening without migrating (a second pool, a one-off script) does not check.
      const unchecked = await openLedgerDatabase(database.url, { migrate: false });
      await unchecked.close();
    } finally {
      await database.destroy();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('migration checksums on postgresql', () => {
  it('refuses to start when an applied migration file was edited, and applies nothing', async () => {
    const { folder, first } = copyMigrations('postgresql', 'edited');
    const schema = `m_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path="${schema}"` });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      expect((await migratePostgres(client, folder)).length).toBeGreaterThan(0);
      editFirstAndAddOne(folder, first);
      await expect(migratePostgres(client, folder)).rejects.toMatchObject({ code: 'migration_edited', migrationName: first });
      const later = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [
        schema,
        'Later',
      ]);
      expect(later.rowCount).toBe(0);
      // The advisory lock was released: another instance (another session) can take it.
      const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await other.connect();
      try {
        const lock = await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [7_230_915_118]);
        expect(lock.rows[0]?.locked).toBe(true);
        await other.query('SELECT pg_advisory_unlock($1)', [7_230_915_118]);
      } finally {
        await other.end();
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
