import type { LedgerClient } from '../db/open-database.js';
import type { Policy } from '../policy/index.js';

/** What every ledger operation needs: the database and the policy in force. */
export interface LedgerContext {
  readonly prisma: LedgerClient;
  readonly policy: Policy;
}
