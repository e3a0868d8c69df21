import type { LedgerDatabase } from '../db/open-database.js';
import type { Policy } from '../policy/index.js';
import { countDebtors, pingDatabase } from '../store/database-health.js';
import type { LedgerContext } from './context.js';

/** The context every ledger operation takes: an open database and the policy in force. */
export function ledgerContextOf(database: Pick<LedgerDatabase, 'prisma' | 'sql'>, policy: Policy): LedgerContext {
  return { prisma: database.prisma, sql: database.sql, policy };
}

/** True when the database answers (the readiness probe). */
export function isDatabaseReachable(database: Pick<LedgerDatabase, 'sql'>): Promise<boolean> {
  return pingDatabase(database.sql);
}

/** True when the ledger holds at least one debtor (demo data is loaded only into an empty one). */
export async function hasDebtors(database: Pick<LedgerDatabase, 'sql'>): Promise<boolean> {
  return (await countDebtors(database.sql)) > 0;
}
