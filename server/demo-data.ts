import { fileURLToPath } from 'node:url';
import { dateInTimeZone } from '../lib/calendar.js';
import { hasDebtors, importPortfolio, type LedgerDatabase } from '../ledger/index.js';

/** The built-in demo portfolio (10 debtors in 6 countries), loaded on an empty database. */
export const demoPortfolioPath = fileURLToPath(new URL('./demo/demo-portfolio.csv', import.meta.url));

/** Identities to try the demo with (they are fictitious and only in the demo portfolio). */
export const demoIdentities = [
  { label: 'Chile (es)', document: '12.345.678-5', dateOfBirth: '14/03/1985', note: 'two accounts: CLP and USD' },
  { label: 'United States (en)', document: '4821', dateOfBirth: '04/12/1979', note: 'last 4 of SSN; date month-first' },
] as const;

/**
 * Loads the demo portfolio when the database has no debtors; returns true when it did. Instances of a fleet starting
 * together may all find it empty: the import is one transaction, so one of them loads it and the others' imports fail
 * on its rows, which they take as "already loaded".
 */
export async function loadDemoDataIfEmpty(database: LedgerDatabase, now: Date): Promise<boolean> {
  if (await hasDebtors(database)) return false;
  const result = await importPortfolio(database, demoPortfolioPath, { todayIso: dateInTimeZone(now, 'UTC') }).catch(
    async (error: unknown) => {
      if (await hasDebtors(database)) return undefined;
      throw error;
    },
  );
  if (!result) return false;
  if (!result.ok)
    throw new Error(
      `demo portfolio is invalid: ${result.problems.map((problem) => `line ${problem.line}: ${problem.column}: ${problem.reason}`).join('; ')}`,
    );
  return true;
}
