import { afterAll, beforeAll } from 'vitest';
import { defaultPolicy, type LedgerContext } from '../../ledger/index.js';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

/** A fresh ledger (database and context with the default policy) for the tests of one `describe`. */
export interface TempLedger {
  readonly database: TempDatabase;
  readonly context: LedgerContext;
}

/**
 * Opens a fresh ledger on `provider` before the enclosing describe's tests (only when the provider is
 * available) and destroys it after them. Read its fields inside tests, once it is open.
 */
export function useTempLedger(provider: 'sqlite' | 'postgresql', available: boolean): TempLedger {
  let opened: TempLedger | undefined;
  beforeAll(async () => {
    if (!available) return;
    const database = await openTempDatabase(provider);
    opened = { database, context: { prisma: database.prisma, sql: database.sql, policy: defaultPolicy } };
  });
  afterAll(async () => {
    await opened?.database.destroy();
  });
  const current = (): TempLedger => {
    if (!opened) throw new Error('the temporary ledger is not open (outside a test, or the provider is unavailable)');
    return opened;
  };
  return {
    get database() {
      return current().database;
    },
    get context() {
      return current().context;
    },
  };
}
