import type { LedgerDatabase } from '../db/open-database.js';
import type { Policy } from '../policy/index.js';
import { countDebtors, loadQueryCompiler, pingDatabase } from '../store/database-health.js';
import type { LedgerContext } from './context.js';

/** The context every ledger operation takes: an open database and the policy in force. */
export function ledgerContextOf(database: Pick<LedgerDatabase, 'prisma' | 'sql'>, policy: Policy): LedgerContext {
  return { prisma: database.prisma, sql: database.sql, policy };
}

/** True when the database answers (the readiness probe). */
export function isDatabaseReachable(database: Pick<LedgerDatabase, 'sql'>): Promise<boolean> {
  return pingDatabase(database.sql);
}

/**
 * Makes Prisma load its query compiler now: the first model query decodes and compiles its WebAssembly, some 250 ms of
 * blocking work that otherwise lands on the conversations in flight when a background job (the handoff queue's check,
 * 30 s after start) first uses Prisma.
 */
export async function warmUpPrisma(database: Pick<LedgerDatabase, 'prisma'>): Promise<void> {
  await loadQueryCompiler(database.prisma);
}

/** True when the ledger holds at least one debtor (demo data is loaded only into an empty one). */
export async function hasDebtors(database: Pick<LedgerDatabase, 'sql'>): Promise<boolean> {
  return (await countDebtors(database.sql)) > 0;
}
