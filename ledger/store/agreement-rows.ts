import type { Agreement, Installment } from '../generated/sqlite/client.js';
import type { CurrencyCode } from '../money/index.js';
import type { PlanOffer, SettlementOffer } from '../policy/index.js';
import type { Actor } from './audit.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { toCurrencyCode } from './stored-currency.js';

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

/** Maps a stored agreement and its installments to its view. */
export function toAgreementView(row: Agreement & { installments: Installment[] }): AgreementView {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind === 'settlement' ? 'settlement' : 'plan',
    status: row.status,
    currency: toCurrencyCode(row.currency),
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

/** Reads the agreement recorded under an idempotency key, with the hash of its request. */
export async function findAgreementByKey(
  db: LedgerDb,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: AgreementView } | null> {
  const row = await db.agreement.findUnique({ where: { idempotencyKey }, include: { installments: true } });
  return row && { requestHash: row.requestHash, value: toAgreementView(row) };
}

/** An accepted offer to store as an agreement on an account. */
export interface NewAgreement {
  readonly id: string;
  readonly account: { readonly id: string; readonly debtorId: string };
  readonly offer: PlanOffer | SettlementOffer;
  readonly actor: Actor;
  /** True when a supervisor agreed it outside the policy. */
  readonly policyException: boolean;
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** Writes an agreement and, for a plan, its installments. */
export async function insertAgreement(db: LedgerDb, agreement: NewAgreement): Promise<AgreementView> {
  const { offer } = agreement;
  const plan = offer.kind === 'plan' ? offer : null;
  const settlement = offer.kind === 'settlement' ? offer : null;
  const created = await db.agreement.create({
    data: {
      id: agreement.id,
      accountId: agreement.account.id,
      debtorId: agreement.account.debtorId,
      kind: offer.kind,
      currency: offer.currency,
      balanceMinor: toStoredMinor(offer.balanceMinor),
      agreedAmountMinor: toStoredMinor(plan ? plan.agreedAmountMinor : (settlement?.payAmountMinor ?? 0)),
      discountMinor: toStoredMinor(settlement?.discountMinor ?? 0),
      downPaymentMinor: toStoredMinor(plan?.downPaymentMinor ?? 0),
      downPaymentDueIso: plan ? plan.downPaymentDueIso : (settlement?.payByIso ?? null),
      installmentCount: plan?.installmentCount ?? 0,
      createdByType: agreement.actor.type,
      createdById: agreement.actor.id ?? null,
      policyException: agreement.policyException,
      idempotencyKey: agreement.idempotencyKey,
      requestHash: agreement.requestHash,
      installments: plan
        ? {
            create: plan.installments.map((item) => ({
              sequence: item.sequence,
              dueDateIso: item.dueDateIso,
              amountMinor: toStoredMinor(item.amountMinor),
            })),
          }
        : undefined,
    },
    include: { installments: true },
  });
  return toAgreementView(created);
}

/** Marks an agreement completed (its account was paid off). */
export async function completeAgreement(db: LedgerDb, agreementId: string): Promise<void> {
  await db.agreement.update({ where: { id: agreementId }, data: { status: 'completed' } });
}
