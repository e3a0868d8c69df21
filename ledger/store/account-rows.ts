import { LedgerError } from '../errors.js';
import type { Account } from '../generated/sqlite/client.js';
import type { AccountFacts, AccountStatus } from '../policy/index.js';
import type { SqlExecutor } from '../db/sql-runner.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { toCurrencyCode } from './stored-currency.js';

/** An account as the rest of the product sees it: numbers in minor units, typed status. */
export interface AccountView extends AccountFacts {
  readonly id: string;
  readonly externalRef: string;
  readonly debtorId: string;
  readonly product: string;
  readonly originalAmountMinor: number;
  readonly activeAgreementId: string | null;
}

const accountStatuses: readonly AccountStatus[] = ['active', 'on_hold', 'settled', 'closed'];

/** The columns of a stored account its view is made from; the two amounts are BIGINT. */
const accountColumnNames = [
  'id',
  'externalRef',
  'debtorId',
  'product',
  'currency',
  'originalAmountMinor',
  'balanceMinor',
  'dueDateIso',
  'status',
  'activeAgreementId',
] as const satisfies readonly (keyof Account)[];
const amountColumnNames: ReadonlySet<string> = new Set<keyof Account>(['originalAmountMinor', 'balanceMinor']);

/** A stored account as its view is made from it. */
type AccountColumns = Pick<Account, (typeof accountColumnNames)[number]>;

/** Maps a stored account row to its view. */
export function toAccountView(row: AccountColumns): AccountView {
  const status = accountStatuses.find((candidate) => candidate === row.status);
  if (!status) throw new LedgerError('invalid_status', `stored account status ${row.status} is unknown`);
  return {
    id: row.id,
    externalRef: row.externalRef,
    debtorId: row.debtorId,
    product: row.product,
    currency: toCurrencyCode(row.currency),
    originalAmountMinor: toMinorNumber(row.originalAmountMinor),
    balanceMinor: toMinorNumber(row.balanceMinor),
    dueDateIso: row.dueDateIso,
    status,
    activeAgreementId: row.activeAgreementId,
  };
}

/** Reads one account through Prisma (or its transaction), or null when no account has that id; see also {@link findAccountSql}. */
export async function findAccount(db: LedgerDb, accountId: string): Promise<AccountView | null> {
  const row = await db.account.findUnique({ where: { id: accountId } });
  return row && toAccountView(row);
}

/** The columns of `AccountColumns`, for statements on the SQL runner. */
const accountColumns = accountColumnNames.map((column) => `"${column}"`).join(', ');

/** How a debtor's accounts are listed, oldest due date first, then by external reference (`alias`: the table's, with its dot). */
function debtorAccountsOrder(alias = ''): string {
  return `${alias}"dueDateIso", ${alias}"externalRef"`;
}

/** Reads one account on the SQL runner (inside its transaction, or outside on committed rows), or null when no account has that id. */
export async function findAccountSql(sql: SqlExecutor, accountId: string): Promise<AccountView | null> {
  const [row] = await sql.query<AccountColumns>(`SELECT ${accountColumns} FROM "Account" WHERE "id" = ?`, [accountId]);
  return row ? toAccountView(row) : null;
}

/** Reads one account by the lender's reference (`account_ref` of the import), or null. */
export async function findAccountByRef(sql: SqlExecutor, externalRef: string): Promise<AccountView | null> {
  const [row] = await sql.query<AccountColumns>(`SELECT ${accountColumns} FROM "Account" WHERE "externalRef" = ?`, [externalRef]);
  return row ? toAccountView(row) : null;
}

/** A debtor's accounts as `accountsJsonOfDebtor` reads them: amounts as text (exact beyond 2^53); null for none. */
export type AccountsJson =
  | readonly (Omit<AccountColumns, 'originalAmountMinor' | 'balanceMinor'> & {
      readonly originalAmountMinor: string;
      readonly balanceMinor: string;
    })[]
  | null;

/**
 * A PostgreSQL scalar subquery: the accounts of the debtor `debtorIdColumn` names, in the order listDebtorAccounts
 * lists them, as one JSON array (AccountsJson), for a statement that reads them along with something else.
 */
export function accountsJsonOfDebtor(debtorIdColumn: string): string {
  const fields = accountColumnNames
    .map((column) => `'${column}', a."${column}"${amountColumnNames.has(column) ? '::text' : ''}`)
    .join(', ');
  return `(SELECT json_agg(json_build_object(${fields}) ORDER BY ${debtorAccountsOrder('a.')})
    FROM "Account" a WHERE a."debtorId" = ${debtorIdColumn})`;
}

/** The views of the accounts `accountsJsonOfDebtor` read. */
export function accountsOfJson(accounts: AccountsJson): AccountView[] {
  return (accounts ?? []).map((account) =>
    toAccountView({ ...account, originalAmountMinor: BigInt(account.originalAmountMinor), balanceMinor: BigInt(account.balanceMinor) }),
  );
}

/** Reads a debtor's accounts, oldest due date first (then by external reference). */
export async function listDebtorAccounts(sql: SqlExecutor, debtorId: string): Promise<AccountView[]> {
  // A prepared statement: every balance question and every offer reads the debtor's accounts.
  const rows = await sql.query<AccountColumns>(
    `SELECT ${accountColumns} FROM "Account" WHERE "debtorId" = ? ORDER BY ${debtorAccountsOrder()}`,
    [debtorId],
  );
  return rows.map(toAccountView);
}

/** Counts a debtor's accounts on hold (in dispute). */
export function countAccountsOnHold(db: LedgerDb, debtorId: string): Promise<number> {
  return db.account.count({ where: { debtorId, status: 'on_hold' } });
}

/**
 * Sets the account's active agreement if it is active and has none, on the SQL runner inside the caller's transaction;
 * true when this claimed it. Of two simultaneous claims only one changes the row (PostgreSQL re-checks the condition
 * after the other commits; SQLite runs one transaction at a time).
 */
export async function claimAccountForAgreement(
  sql: SqlExecutor,
  claim: { readonly accountId: string; readonly agreementId: string; readonly now: Date },
): Promise<boolean> {
  const claimed = await sql.execute(
    `UPDATE "Account" SET "activeAgreementId" = ?, "updatedAt" = ?
     WHERE "id" = ? AND "activeAgreementId" IS NULL AND "status" = 'active'`,
    [claim.agreementId, claim.now, claim.accountId],
  );
  return claimed > 0;
}

/** Lowers the balance of the account by `amountMinor` if it is in `currency`; false when no account has that id and currency. */
export async function lowerBalance(
  db: LedgerDb,
  change: { readonly accountId: string; readonly currency: string; readonly amountMinor: number },
): Promise<boolean> {
  const updated = await db.account.updateMany({
    where: { id: change.accountId, currency: change.currency },
    data: { balanceMinor: { decrement: toStoredMinor(change.amountMinor) } },
  });
  return updated.count > 0;
}

/** Writes the account's status (e.g. `on_hold` while disputed). */
export async function setAccountStatus(
  db: LedgerDb,
  change: { readonly accountId: string; readonly status: AccountStatus },
): Promise<void> {
  await db.account.update({ where: { id: change.accountId }, data: { status: change.status } });
}

/** Marks the account settled and clears its active agreement. */
export async function settleAccount(db: LedgerDb, accountId: string): Promise<void> {
  await db.account.update({ where: { id: accountId }, data: { status: 'settled', activeAgreementId: null } });
}
