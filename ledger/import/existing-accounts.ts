// An import row may update an account's amounts and details, never its currency or its debtor (DESIGN §3).
import { LedgerError } from '../errors.js';
import type { SqlExecutor } from '../db/sql-runner.js';
import { placeholders } from '../store/bulk-insert.js';
import type { PortfolioRow, RowProblem } from './portfolio-row.js';

/** A stored account with its debtor's external id, to compare an import row with. */
interface StoredOwner extends Record<string, unknown> {
  readonly externalRef: string;
  readonly currency: string;
  readonly debtorExternalId: string;
}

/** The problems of rows naming an existing account in another currency or under another debtor (neither changes in place). */
async function ownerProblems(sql: SqlExecutor, batch: readonly PortfolioRow[]): Promise<RowProblem[]> {
  const refs = batch.map((row) => row.account.externalRef);
  const stored = new Map(
    (
      await sql.query<StoredOwner>(
        `SELECT a."externalRef", a."currency", d."externalId" AS "debtorExternalId" FROM "Account" a JOIN "Debtor" d ON d."id" = a."debtorId" WHERE a."externalRef" IN (${placeholders(refs.length)})`,
        refs,
      )
    ).map((account) => [account.externalRef, account]),
  );
  const problems: RowProblem[] = [];
  for (const row of batch) {
    const account = stored.get(row.account.externalRef);
    if (!account) continue;
    if (account.currency !== row.account.currency) {
      problems.push({
        line: row.line,
        column: 'currency',
        reason: `account ${account.externalRef} is in ${account.currency}, not ${row.account.currency}: a currency change is a new account (give it a new account_ref)`,
      });
    }
    if (account.debtorExternalId !== row.debtor.externalId) {
      problems.push({
        line: row.line,
        column: 'debtor_id',
        reason: `account ${account.externalRef} belongs to debtor ${account.debtorExternalId}: an account cannot move to another debtor (give it a new account_ref)`,
      });
    }
  }
  return problems;
}

/** Every row naming an existing account in another currency or under another debtor, looked up `batchSize` rows at a time. */
export async function findOwnerProblems(sql: SqlExecutor, rows: AsyncIterable<PortfolioRow>, batchSize: number): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  let batch: PortfolioRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) {
      problems.push(...(await ownerProblems(sql, batch)));
      batch = [];
    }
  }
  if (batch.length > 0) problems.push(...(await ownerProblems(sql, batch)));
  return problems;
}

/** An account changed currency or debtor after the check (another import at the same time): the whole import is undone. */
export class ImportConflictError extends LedgerError {
  constructor(accountRef: string) {
    super(
      'import_conflict',
      `account ${accountRef} changed while importing (another import at the same time?); nothing was written, run the import again`,
    );
  }
}
