import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { LedgerDatabase } from '../db/open-database.js';
import type { SqlExecutor, SqlValue } from '../db/sql-runner.js';
import type { Actor } from '../store/audit.js';
import { insertRows, placeholders } from '../store/bulk-insert.js';
import { canonicalJson } from '../store/canonical-json.js';
import { toStoredMinor } from '../store/numbers.js';
import {
  checkHeader,
  parsePortfolioRecord,
  portfolioColumns,
  type DebtorFields,
  type PortfolioRow,
  type RowProblem,
} from './portfolio-row.js';
import { findOwnerProblems, ImportConflictError } from './existing-accounts.js';
import { CsvSyntaxError, readCsvRecords } from './read-records.js';

/** Created / updated / unchanged counts for one kind of record. */
export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportSummary {
  readonly rows: number;
  readonly debtors: ChangeCounts;
  readonly accounts: ChangeCounts;
  readonly dryRun: boolean;
}

/** Either the summary, or every problem found (and nothing written). */
export type ImportResult = { readonly ok: true; readonly summary: ImportSummary } | { readonly ok: false; readonly problems: RowProblem[] };

/** Options of importPortfolio. */
export interface ImportOptions {
  /** Validate and count, then roll everything back. */
  readonly dryRun?: boolean;
  /** Today (UTC is fine), `YYYY-MM-DD`: dates of birth after it are refused. */
  readonly todayIso: string;
  readonly actor?: Actor;
  /** Rows written per round trip (default 1000). */
  readonly batchSize?: number;
}

const debtorFieldNames = [
  'fullName',
  'documentType',
  'documentNumber',
  'documentNumberNormalized',
  'dateOfBirthIso',
  'phone',
  'email',
  'language',
  'country',
  'timezone',
] as const;

function debtorFingerprint(debtor: DebtorFields): string {
  return debtorFieldNames.map((name) => debtor[name]).join('\u0001');
}

/** Every record of the file after the header, parsed; problems of the header or the CSV itself go to `problems`. */
async function* parsedRecords(
  path: string,
  todayIso: string,
  problems: RowProblem[],
): AsyncGenerator<{ fields: string[]; parsed: ReturnType<typeof parsePortfolioRecord> }> {
  let header = true;
  try {
    for await (const record of readCsvRecords(path)) {
      if (header) {
        header = false;
        const headerProblems = checkHeader(record.fields);
        if (headerProblems.length > 0) {
          problems.push(...headerProblems);
          return;
        }
        continue;
      }
      yield { fields: record.fields, parsed: parsePortfolioRecord(record.fields, record.line, todayIso) };
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ line: error.line, column: '(file)', reason: error.message });
  }
  if (header) problems.push({ line: 1, column: '(file)', reason: 'the file is empty: a header line is required' });
}

/** The valid rows of a file already checked by findProblems. */
async function* validRows(path: string, todayIso: string): AsyncGenerator<PortfolioRow> {
  for await (const { parsed } of parsedRecords(path, todayIso, [])) if ('row' in parsed) yield parsed.row;
}

const accountRefIndex = portfolioColumns.indexOf('account_ref');

/** First pass: every problem in the file, including duplicates and debtors that disagree between lines. */
async function findProblems(path: string, todayIso: string): Promise<{ problems: RowProblem[]; rows: number }> {
  const problems: RowProblem[] = [];
  const accountLines = new Map<string, number>();
  const debtorSeen = new Map<string, { line: number; fingerprint: string }>();
  let rows = 0;
  for await (const { fields, parsed } of parsedRecords(path, todayIso, problems)) {
    rows += 1;
    if ('problems' in parsed) problems.push(...parsed.problems);
    const line = 'row' in parsed ? parsed.row.line : (parsed.problems[0]?.line ?? 0);
    const accountRef = fields[accountRefIndex]?.trim();
    if (accountRef) {
      const earlierAccount = accountLines.get(accountRef);
      if (earlierAccount !== undefined) problems.push({ line, column: 'account_ref', reason: `duplicate of line ${earlierAccount}` });
      else accountLines.set(accountRef, line);
    }
    if (!('row' in parsed)) continue;
    const { row } = parsed;
    const fingerprint = debtorFingerprint(row.debtor);
    const earlierDebtor = debtorSeen.get(row.debtor.externalId);
    if (!earlierDebtor) debtorSeen.set(row.debtor.externalId, { line: row.line, fingerprint });
    else if (earlierDebtor.fingerprint !== fingerprint) {
      problems.push({
        line: row.line,
        column: 'debtor_id',
        reason: `same debtor as line ${earlierDebtor.line} but with different personal details`,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { problems, rows };
}

class DryRunRollback extends Error {}

const debtorColumns = ['id', 'externalId', ...debtorFieldNames, 'createdAt', 'updatedAt'] as const;
const accountColumns = [
  'id',
  'externalRef',
  'debtorId',
  'product',
  'currency',
  'originalAmountMinor',
  'balanceMinor',
  'dueDateIso',
  'status',
  'createdAt',
  'updatedAt',
] as const;
const entryColumns = ['id', 'accountId', 'kind', 'deltaMinor', 'balanceAfterMinor', 'reason', 'sourceId', 'createdAt'] as const;

interface StoredDebtor extends Record<string, unknown> {
  readonly id: string;
  readonly externalId: string;
}

interface StoredAccount extends Record<string, unknown> {
  readonly id: string;
  readonly externalRef: string;
  readonly debtorId: string;
  readonly product: string;
  readonly currency: string;
  readonly originalAmountMinor: bigint;
  readonly balanceMinor: bigint;
  readonly dueDateIso: string;
}

/** Writes one batch of valid rows: creates what is new, updates what changed, leaves the rest. */
async function writeBatch(
  sql: SqlExecutor,
  batch: PortfolioRow[],
  debtorIds: Map<string, string>,
  summary: ImportSummary,
  importRunId: string,
  now: Date,
): Promise<void> {
  const unseen = [...new Set(batch.map((row) => row.debtor.externalId).filter((id) => !debtorIds.has(id)))];
  const storedDebtors = new Map(
    unseen.length === 0
      ? []
      : (await sql.query<StoredDebtor>(`SELECT * FROM "Debtor" WHERE "externalId" IN (${placeholders(unseen.length)})`, unseen)).map(
          (debtor) => [debtor.externalId, debtor],
        ),
  );
  const newDebtors: SqlValue[][] = [];
  for (const row of batch) {
    if (debtorIds.has(row.debtor.externalId)) continue;
    const stored = storedDebtors.get(row.debtor.externalId);
    if (!stored) {
      const id = randomUUID();
      newDebtors.push([id, row.debtor.externalId, ...debtorFieldNames.map((name) => row.debtor[name]), now, now]);
      debtorIds.set(row.debtor.externalId, id);
      summary.debtors.created += 1;
      continue;
    }
    debtorIds.set(row.debtor.externalId, stored.id);
    if (debtorFieldNames.some((name) => stored[name] !== row.debtor[name])) {
      const assignments = debtorFieldNames.map((name) => `"${name}" = ?`).join(', ');
      await sql.execute(`UPDATE "Debtor" SET ${assignments}, "updatedAt" = ? WHERE "id" = ?`, [
        ...debtorFieldNames.map((name) => row.debtor[name]),
        now,
        stored.id,
      ]);
      summary.debtors.updated += 1;
    } else summary.debtors.unchanged += 1;
  }
  await insertRows(sql, 'Debtor', debtorColumns, newDebtors);

  const refs = batch.map((row) => row.account.externalRef);
  const storedAccounts = new Map(
    (await sql.query<StoredAccount>(`SELECT * FROM "Account" WHERE "externalRef" IN (${placeholders(refs.length)})`, refs)).map(
      (account) => [account.externalRef, account],
    ),
  );
  const newAccounts: SqlValue[][] = [];
  const entries: SqlValue[][] = [];
  for (const row of batch) {
    const debtorId = debtorIds.get(row.debtor.externalId) ?? '';
    const incoming = row.account;
    const balance = toStoredMinor(incoming.balanceMinor);
    const original = toStoredMinor(incoming.originalAmountMinor);
    const stored = storedAccounts.get(incoming.externalRef);
    if (!stored) {
      const id = randomUUID();
      newAccounts.push([
        id,
        incoming.externalRef,
        debtorId,
        incoming.product,
        incoming.currency,
        original,
        balance,
        incoming.dueDateIso,
        'active',
        now,
        now,
      ]);
      entries.push([randomUUID(), id, 'import', balance, balance, 'opening balance', importRunId, now]);
      summary.accounts.created += 1;
      continue;
    }
    // Checked by findOwnerProblems; a difference now means a concurrent writer, and a delta across two currencies must never be written.
    if (stored.debtorId !== debtorId || stored.currency !== incoming.currency) throw new ImportConflictError(incoming.externalRef);
    const changed =
      stored.product !== incoming.product ||
      BigInt(stored.originalAmountMinor) !== original ||
      BigInt(stored.balanceMinor) !== balance ||
      stored.dueDateIso !== incoming.dueDateIso;
    if (!changed) {
      summary.accounts.unchanged += 1;
      continue;
    }
    await sql.execute(
      'UPDATE "Account" SET "product" = ?, "originalAmountMinor" = ?, "balanceMinor" = ?, "dueDateIso" = ?, "updatedAt" = ? WHERE "id" = ?',
      [incoming.product, original, balance, incoming.dueDateIso, now, stored.id],
    );
    const before = BigInt(stored.balanceMinor);
    if (before !== balance)
      entries.push([randomUUID(), stored.id, 'import', balance - before, balance, 'balance from import', importRunId, now]);
    summary.accounts.updated += 1;
  }
  await insertRows(sql, 'Account', accountColumns, newAccounts);
  await insertRows(sql, 'BalanceEntry', entryColumns, entries);
}

/**
 * Imports a portfolio CSV (DESIGN §3 contract): validates the whole file first, including rows that would
 * change an existing account's currency or debtor, and writes nothing if any row is invalid; otherwise
 * creates or updates debtors and accounts by their external keys in one transaction, recording balance
 * changes as entries and the run as an audit event.
 */
export async function importPortfolio(database: Pick<LedgerDatabase, 'sql'>, path: string, options: ImportOptions): Promise<ImportResult> {
  const { problems: fileProblems, rows } = await findProblems(path, options.todayIso);
  const summary: ImportSummary = {
    rows,
    dryRun: options.dryRun === true,
    debtors: { created: 0, updated: 0, unchanged: 0 },
    accounts: { created: 0, updated: 0, unchanged: 0 },
  };
  const batchSize = options.batchSize ?? 1000;
  const importRunId = randomUUID();
  const now = new Date();
  try {
    const problems = await database.sql.transaction(async (sql) => {
      // In the write transaction, so nothing changes between this check and the writes (SQLite); writeBatch re-checks each row.
      const all = [...fileProblems, ...(await findOwnerProblems(sql, validRows(path, options.todayIso), batchSize))].sort(
        (a, b) => a.line - b.line,
      );
      if (all.length > 0) return all;
      const debtorIds = new Map<string, string>();
      let batch: PortfolioRow[] = [];
      for await (const row of validRows(path, options.todayIso)) {
        batch.push(row);
        if (batch.length >= batchSize) {
          await writeBatch(sql, batch, debtorIds, summary, importRunId, now);
          batch = [];
        }
      }
      if (batch.length > 0) await writeBatch(sql, batch, debtorIds, summary, importRunId, now);
      const actor = options.actor ?? { type: 'import' };
      await insertRows(
        sql,
        'AuditEvent',
        ['id', 'actorType', 'actorId', 'action', 'entityType', 'entityId', 'data', 'createdAt'],
        [
          [
            randomUUID(),
            actor.type,
            actor.id ?? null,
            'portfolio.imported',
            'ImportRun',
            importRunId,
            canonicalJson({ file: basename(path), rows, debtors: summary.debtors, accounts: summary.accounts }),
            now,
          ],
        ],
      );
      if (summary.dryRun) throw new DryRunRollback();
      return [];
    });
    if (problems.length > 0) return { ok: false, problems };
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return { ok: true, summary };
}
