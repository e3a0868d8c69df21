import type { LedgerClient, LedgerTransaction } from '../db/open-database.js';

/** What a store function queries: the database itself, or the transaction a service opened with `inTransaction`. */
export type LedgerDb = LedgerClient | LedgerTransaction;
