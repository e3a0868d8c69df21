import type { LedgerClient } from '../db/open-database.js';
import type { SqlRunner } from '../db/sql-runner.js';
import type { Policy } from '../policy/index.js';

/** What every ledger operation needs: the database and the policy in force. */
export interface LedgerContext {
  readonly prisma: LedgerClient;
  /** The same database through prepared statements, for the statements every turn runs. */
  readonly sql: SqlRunner;
  readonly policy: Policy;
  /** Aborted when the caller gave up (a turn that ran out of time): writes not yet committed are refused and rolled back. */
  readonly signal?: AbortSignal;
}
