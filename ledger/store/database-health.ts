import type { LedgerDb } from './ledger-db.js';

/** True when the database answers a trivial query. */
export async function pingDatabase(db: LedgerDb): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** How many debtors the ledger holds. */
export function countDebtors(db: LedgerDb): Promise<number> {
  return db.debtor.count();
}
