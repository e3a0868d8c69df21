import type { LedgerDatabase } from '../../ledger/index.js';

/** The active plan on an account, as the end-to-end tests check it: its account, installment count and total agreed. */
export interface ActivePlan {
  readonly accountId: string;
  readonly installments: number;
  /** Down payment plus every installment, in minor units. */
  readonly totalMinor: bigint;
}

/** Reads the active agreement of the account with `externalRef` (installments 0 and total 0 when there is none). */
export async function activePlanOf(database: LedgerDatabase, externalRef: string): Promise<ActivePlan> {
  const account = await database.prisma.account.findUniqueOrThrow({
    where: { externalRef },
    include: { agreements: { include: { installments: true } } },
  });
  const agreement = account.agreements.find((candidate) => candidate.status === 'active');
  const installments = agreement?.installments ?? [];
  return {
    accountId: account.id,
    installments: installments.length,
    totalMinor: installments.reduce((sum, item) => sum + item.amountMinor, agreement?.downPaymentMinor ?? 0n),
  };
}
