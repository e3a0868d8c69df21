import { toAccountView, type AccountView } from './account-rows.js';
import { toAgreementView, type AgreementView } from './agreement-rows.js';
import type { LedgerDb } from './ledger-db.js';
import { toPromiseView, type PromiseView } from './promise-rows.js';

/** A debtor as agents see them beside a conversation: who they are, their accounts, agreements and promises. */
export interface DebtorOverview {
  readonly id: string;
  readonly fullName: string;
  readonly language: string;
  readonly country: string;
  readonly timezone: string;
  readonly accounts: readonly AccountView[];
  readonly agreements: readonly AgreementView[];
  readonly promises: readonly PromiseView[];
}

/** Reads the debtor with their accounts (by due date), agreements and promises (newest first); fails when there is no such debtor. */
export async function readDebtorOverview(db: LedgerDb, debtorId: string): Promise<DebtorOverview> {
  const row = await db.debtor.findUniqueOrThrow({
    where: { id: debtorId },
    include: {
      accounts: { orderBy: { dueDateIso: 'asc' } },
      agreements: { include: { installments: true }, orderBy: { createdAt: 'desc' } },
      promises: { orderBy: { createdAt: 'desc' } },
    },
  });
  return {
    id: row.id,
    fullName: row.fullName,
    language: row.language,
    country: row.country,
    timezone: row.timezone,
    accounts: row.accounts.map(toAccountView),
    agreements: row.agreements.map(toAgreementView),
    promises: row.promises.map(toPromiseView),
  };
}
