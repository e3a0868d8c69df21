import type { LedgerClient, LedgerTransaction } from '../db/open-database.js';
import { Prisma } from '../generated/sqlite/client.js';

const busyPattern = /SQLITE_BUSY|database is locked|could not serialize|deadlock detected/i;

function isRetryable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true;
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? '')}` : '';
  return busyPattern.test(text);
}

/** True when `error` is a unique-constraint violation (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * Runs `work` in one database transaction, retrying a few times when the database reports a
 * write conflict (another process held SQLite's write lock, or PostgreSQL aborted a serialization).
 */
export async function inTransaction<T>(prisma: LedgerClient, work: (tx: LedgerTransaction) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction(work, { maxWait: 10_000, timeout: 30_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 20)));
    }
  }
}
