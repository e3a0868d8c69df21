import type { Account, Agreement, Installment } from '../generated/sqlite/client.js';
import { isCurrencyCode, type CurrencyCode } from '../money/index.js';
import type { AccountFacts, AccountStatus } from '../policy/index.js';
import { LedgerError } from '../errors.js';
import { toMinorNumber } from '../store/numbers.js';

/** An account as the rest of the product sees it: numbers in minor units, typed status. */
export interface AccountView extends AccountFacts {
  readonly id: string;
  readonly externalRef: string;
  readonly debtorId: string;
  readonly product: string;
  readonly originalAmountMinor: number;
  readonly activeAgreementId: string | null;
}

/** A recorded agreement with its schedule. */
export interface AgreementView {
  readonly id: string;
  readonly accountId: string;
  readonly kind: 'plan' | 'settlement';
  readonly status: string;
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  readonly agreedAmountMinor: number;
  readonly discountMinor: number;
  readonly downPaymentMinor: number;
  readonly downPaymentDueIso: string | null;
  readonly installmentCount: number;
  readonly installments: ReadonlyArray<{ readonly sequence: number; readonly dueDateIso: string; readonly amountMinor: number }>;
  readonly createdAt: Date;
}

const accountStatuses: readonly AccountStatus[] = ['active', 'on_hold', 'settled', 'closed'];

function currencyOf(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) throw new LedgerError('unknown_currency', `stored currency ${code} is not supported`);
  return code;
}

/** Maps a stored account row to its view. */
export function toAccountView(row: Account): AccountView {
  const status = accountStatuses.find((candidate) => candidate === row.status);
  if (!status) throw new LedgerError('invalid_status', `stored account status ${row.status} is unknown`);
  return {
    id: row.id,
    externalRef: row.externalRef,
    debtorId: row.debtorId,
    product: row.product,
    currency: currencyOf(row.currency),
    originalAmountMinor: toMinorNumber(row.originalAmountMinor),
    balanceMinor: toMinorNumber(row.balanceMinor),
    dueDateIso: row.dueDateIso,
    status,
    activeAgreementId: row.activeAgreementId,
  };
}

/** Maps a stored agreement and its installments to its view. */
export function toAgreementView(row: Agreement & { installments: Installment[] }): AgreementView {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind === 'settlement' ? 'settlement' : 'plan',
    status: row.status,
    currency: currencyOf(row.currency),
    balanceMinor: toMinorNumber(row.balanceMinor),
    agreedAmountMinor: toMinorNumber(row.agreedAmountMinor),
    discountMinor: toMinorNumber(row.discountMinor),
    downPaymentMinor: toMinorNumber(row.downPaymentMinor),
    downPaymentDueIso: row.downPaymentDueIso,
    installmentCount: row.installmentCount,
    installments: [...row.installments]
      .sort((a, b) => a.sequence - b.sequence)
      .map((item) => ({ sequence: item.sequence, dueDateIso: item.dueDateIso, amountMinor: toMinorNumber(item.amountMinor) })),
    createdAt: row.createdAt,
  };
}
