import type { LedgerContext } from './context.js';
import { toAccountView, type AccountView } from './records.js';

/** A debtor's accounts, oldest due date first. */
export async function listAccounts(context: LedgerContext, debtorId: string): Promise<AccountView[]> {
  const rows = await context.prisma.account.findMany({ where: { debtorId }, orderBy: [{ dueDateIso: 'asc' }, { externalRef: 'asc' }] });
  return rows.map(toAccountView);
}
