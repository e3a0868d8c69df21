import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openLedgerDatabase, type LedgerDatabase } from '../../ledger/db/open-database.js';

/** The providers a ledger test can run on; PostgreSQL only when TEST_DATABASE_URL is set. */
export const testProviders: ReadonlyArray<{ readonly provider: 'sqlite' | 'postgresql'; readonly available: boolean }> = [
  { provider: 'sqlite', available: true },
  { provider: 'postgresql', available: Boolean(process.env.TEST_DATABASE_URL) },
];

if (!process.env.TEST_DATABASE_URL) {
  console.warn(
    '[skip] PostgreSQL ledger tests skipped: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run them.',
  );
}

/** A fresh, migrated database: a temporary SQLite file, or a new schema in TEST_DATABASE_URL. */
export interface TempDatabase extends LedgerDatabase {
  /** The URL another process can open. */
  readonly url: string;
  /** Closes and deletes it. */
  destroy(): Promise<void>;
}

/** Opens a fresh temporary database on the given provider. */
export async function openTempDatabase(provider: 'sqlite' | 'postgresql'): Promise<TempDatabase> {
  if (provider === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'debt-bot-test-'));
    const url = `file:${join(folder, 'ledger.db')}`;
    const database = await openLedgerDatabase(url);
    return {
      ...database,
      url,
      close: database.close,
      destroy: async () => {
        await database.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  const database = await openLedgerDatabase(url);
  return {
    ...database,
    url,
    close: database.close,
    destroy: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
