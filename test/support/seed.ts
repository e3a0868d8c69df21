import type { LedgerClient } from '../../ledger/db/open-database.js';

/** Account details a test may set; the rest get sensible defaults. */
export interface SeedAccount {
  readonly currency?: string;
  readonly balanceMinor?: number;
  readonly dueDateIso?: string;
  readonly status?: string;
}

let counter = 0;

/** Creates one debtor with the given accounts and returns their ids. */
export async function seedDebtor(
  prisma: LedgerClient,
  accounts: readonly SeedAccount[] = [{}],
): Promise<{ debtorId: string; accountIds: string[] }> {
  counter += 1;
  const tag = `${process.pid}-${Date.now()}-${counter}`;
  const debtor = await prisma.debtor.create({
    data: {
      externalId: `T-${tag}`,
      fullName: 'Ana Pérez',
      documentType: 'RUT',
      documentNumber: '17.090.571-7',
      documentNumberNormalized: '170905717',
      dateOfBirthIso: '1980-02-29',
      phone: '+56911112222',
      email: '',
      language: 'es',
      country: 'CL',
      timezone: 'America/Santiago',
    },
  });
  const accountIds: string[] = [];
  for (const [index, account] of accounts.entries()) {
    const balance = BigInt(account.balanceMinor ?? 1_000_000);
    const created = await prisma.account.create({
      data: {
        externalRef: `A-${tag}-${index}`,
        debtorId: debtor.id,
        product: 'tarjeta_credito',
        currency: account.currency ?? 'CLP',
        originalAmountMinor: balance,
        balanceMinor: balance,
        dueDateIso: account.dueDateIso ?? '2026-06-01',
        status: account.status ?? 'active',
      },
    });
    accountIds.push(created.id);
  }
  return { debtorId: debtor.id, accountIds };
}
