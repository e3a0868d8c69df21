import type { SqlExecutor } from '../db/sql-runner.js';
import { intColumn } from './sql-columns.js';

/** True when the database answers a trivial query. */
export async function pingDatabase(sql: SqlExecutor): Promise<boolean> {
  try {
    await sql.query('SELECT 1 AS "up"');
    return true;
  } catch {
    return false;
  }
}

/** How many debtors the ledger holds. */
export async function countDebtors(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ count: unknown }>('SELECT count(*) AS "count" FROM "Debtor"');
  return intColumn(row?.count ?? 0);
}
