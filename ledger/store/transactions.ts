import type { BackoffPolicy } from '../../lib/backoff.js';
import { retryWithBackoff } from '../../lib/retry.js';
import type { LedgerClient, LedgerTransaction } from '../db/open-database.js';
import type { SqlExecutor, SqlRunner } from '../db/sql-runner.js';
import { Prisma } from '../generated/sqlite/client.js';

/** Waits after a write conflict: 40 ms doubling up to 1 s, less up to half at random so the conflicting writers part. */
const conflictBackoff: BackoffPolicy = { initialMs: 40, maxMs: 1_000, jitterShare: 0.5 };

const busyPattern = /SQLITE_BUSY|database is locked|could not serialize|deadlock detected/i;

function isRetryable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true;
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? '')}` : '';
  return busyPattern.test(text);
}

/** The error codes of a unique-constraint violation: Prisma's, better-sqlite3's (a unique index, a primary key) and PostgreSQL's. */
const uniqueViolationCodes: ReadonlySet<unknown> = new Set(['P2002', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/** True when `error` is a unique-constraint violation, from Prisma (P2002) or from the SQL runner's drivers. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && uniqueViolationCodes.has((error as { code?: unknown }).code);
}

/** Where a transaction runs: the database, and the caller's abort signal if it may give up. */
export interface TransactionTarget {
  readonly prisma: LedgerClient;
  readonly signal?: AbortSignal;
}

/** Attempts at a transaction the database refused for a write conflict, before its error is thrown. */
const transactionAttempts = 5;

/** Where a transaction on the ledger's SQL runner runs: the runner, and the caller's abort signal if it may give up. */
export interface SqlTransactionTarget {
  readonly sql: SqlRunner;
  readonly signal?: AbortSignal;
}

/**
 * Runs `begin(work)` with the abort rule and the retries both kinds of transaction share: no attempt starts once
 * `signal` is aborted, work that finishes after the abort throws the reason (so it is rolled back, not committed),
 * and a write conflict is retried a few times (waiting `conflictBackoff`).
 */
function withRetries<Tx, T>(
  begin: (body: (tx: Tx) => Promise<T>) => Promise<T>,
  signal: AbortSignal | undefined,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const attempt = (): Promise<T> => {
    signal?.throwIfAborted();
    return begin(async (tx) => {
      const result = await work(tx);
      signal?.throwIfAborted();
      return result;
    });
  };
  return retryWithBackoff(attempt, { retries: transactionAttempts - 1, backoff: conflictBackoff, shouldRetry: isRetryable });
}

/**
 * Runs `work` in one Prisma transaction (the ledger's cold paths), retrying a few times when the database reports a
 * write conflict (another process held SQLite's write lock, or PostgreSQL aborted a serialization). Once the target's
 * `signal` is aborted (the caller gave up) no attempt starts, and work in progress is rolled back instead of
 * committed: the abort reason is thrown.
 */
export function inTransaction<T>(database: TransactionTarget, work: (tx: LedgerTransaction) => Promise<T>): Promise<T> {
  return withRetries((body) => database.prisma.$transaction(body, { maxWait: 10_000, timeout: 30_000 }), database.signal, work);
}

/**
 * Runs `work` in one transaction on the ledger's SQL runner (the paths every conversation takes: prepared statements,
 * no Prisma), with the same retries and abort rule as {@link inTransaction}. On SQLite the transaction holds the write
 * lock while `work` runs, so `work` must only run statements on `sql`, never wait for anything else.
 */
export function inSqlTransaction<T>(database: SqlTransactionTarget, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  return withRetries((body) => database.sql.transaction(body), database.signal, work);
}
