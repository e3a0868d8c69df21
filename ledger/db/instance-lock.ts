// One server per SQLite database (DESIGN §15): the first instance holds an exclusive lock on a small lock file next to
// the database for as long as it runs, and a second one started on the same file is refused with a message saying
// why. The operating system drops the lock when the process ends, however it ends, so a crash never leaves a stale
// lock behind. Command-line tools (import, export, erase) open the database without it and keep working while the
// server runs. PostgreSQL takes any number of instances.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors.js';
import { sqlitePath } from './open-database.js';

/** Held by the instance that serves a database; release it when the server stops. */
export interface InstanceLock {
  release(): void;
}

/** A second instance on the same SQLite database. */
export class AnotherInstanceError extends LedgerError {
  constructor(readonly databasePath: string) {
    super(
      'another_instance',
      `another instance of the bot is already running on the SQLite database ${databasePath}. SQLite serves one instance: ` +
        'stop the other one, or run several instances on PostgreSQL (DATABASE_URL=postgresql://…) with REDIS_URL.',
    );
  }
}

/** Claims the database named by `databaseUrl` for this instance (a no-op on PostgreSQL); throws AnotherInstanceError when taken. */
export function claimSingleInstance(databaseUrl: string): InstanceLock {
  if (!databaseUrl.startsWith('file:')) return { release: () => undefined };
  const databasePath = sqlitePath(databaseUrl);
  mkdirSync(dirname(databasePath), { recursive: true });
  const lock = new Database(`${databasePath}.instance-lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new AnotherInstanceError(databasePath);
    throw error;
  }
  return {
    release: () => {
      if (lock.open) lock.close();
    },
  };
}
