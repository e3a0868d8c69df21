import { listDebtorAccounts, type AccountView } from '../store/account-rows.js';
import type { LedgerContext } from './context.js';

/** A debtor's accounts, oldest due date first. */
export function listAccounts(context: LedgerContext, debtorId: string): Promise<AccountView[]> {
  return listDebtorAccounts(context.sql, debtorId);
}
