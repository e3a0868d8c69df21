import type { LedgerClient } from '../db/open-database.js';
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

/** Runs one model query through Prisma, which loads its query compiler on the first one. */
export async function loadQueryCompiler(prisma: LedgerClient): Promise<void> {
  await prisma.debtor.findFirst({ select: { id: true } });
}
