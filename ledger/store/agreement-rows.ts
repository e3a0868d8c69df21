// Agreements (plans and settlements) and their installments. Recorded in conversations, so the writes and the read by
// idempotency key run on the ledger's SQL runner (prepared statements); completing one on a payment still runs in the
// payment's Prisma transaction. Placeholders and quoting suit SQLite and PostgreSQL.
import type { SqlExecutor, SqlValue } from '../db/sql-runner.js';
import type { Agreement, Installment } from '../generated/sqlite/client.js';
import type { CurrencyCode } from '../money/index.js';
import type { PlanOffer, SettlementOffer } from '../policy/index.js';
import type { Actor } from './audit.js';
import { insertRows } from './bulk-insert.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { sortableId } from './sortable-id.js';
import { dateColumn, intColumn } from './sql-columns.js';
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

/** The columns of a stored agreement its view is made from. */
type AgreementColumns = Pick<
  Agreement,
  | 'id'
  | 'accountId'
  | 'kind'
  | 'status'
  | 'currency'
  | 'balanceMinor'
  | 'agreedAmountMinor'
  | 'discountMinor'
  | 'downPaymentMinor'
  | 'downPaymentDueIso'
  | 'installmentCount'
  | 'createdAt'
>;

/** The columns of a stored installment its part of the view is made from. */
type InstallmentColumns = Pick<Installment, 'sequence' | 'dueDateIso' | 'amountMinor'>;

/** Maps a stored agreement and its installments (a Prisma row, or one read on the SQL runner) to its view. */
export function toAgreementView(row: AgreementColumns & { readonly installments: readonly InstallmentColumns[] }): AgreementView {
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

/** An agreement as the SQL runner returns it: BIGINT as bigint, INT and timestamps as each driver gives them. */
type AgreementSqlRow = Omit<AgreementColumns, 'installmentCount' | 'createdAt'> & {
  readonly installmentCount: unknown;
  readonly createdAt: unknown;
  readonly requestHash: string;
};

/** An installment as the SQL runner returns it. */
type InstallmentSqlRow = Omit<InstallmentColumns, 'sequence'> & { readonly sequence: unknown };

/** Reads the agreement recorded under an idempotency key, with its installments and the hash of its request. */
export async function findAgreementByKey(
  sql: SqlExecutor,
  idempotencyKey: string,
): Promise<{ readonly requestHash: string; readonly value: AgreementView } | null> {
  const [row] = await sql.query<AgreementSqlRow>(
    `SELECT "id", "accountId", "kind", "status", "currency", "balanceMinor", "agreedAmountMinor", "discountMinor", "downPaymentMinor",
       "downPaymentDueIso", "installmentCount", "createdAt", "requestHash"
     FROM "Agreement" WHERE "idempotencyKey" = ?`,
    [idempotencyKey],
  );
  if (!row) return null;
  // The schedule is written in the agreement's own transaction and its dates and amounts never change: a second statement is safe.
  const installments = await sql.query<InstallmentSqlRow>(
    'SELECT "sequence", "dueDateIso", "amountMinor" FROM "Installment" WHERE "agreementId" = ? ORDER BY "sequence"',
    [row.id],
  );
  const createdAt = dateColumn(row.createdAt);
  if (!createdAt) throw new TypeError(`agreement ${row.id} has no creation time`);
  const value = toAgreementView({
    ...row,
    installmentCount: intColumn(row.installmentCount),
    createdAt,
    installments: installments.map((item) => ({ ...item, sequence: intColumn(item.sequence) })),
  });
  return { requestHash: row.requestHash, value };
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
  /** When it is recorded (its creation and update time). */
  readonly now: Date;
}

/**
 * Writes an agreement (status active) and, for a plan, its installments (pending), inside the caller's transaction on
 * the SQL runner; a second agreement under the same idempotency key is a unique violation.
 */
export async function insertAgreement(sql: SqlExecutor, agreement: NewAgreement): Promise<AgreementView> {
  const { offer, now } = agreement;
  const plan = offer.kind === 'plan' ? offer : null;
  const settlement = offer.kind === 'settlement' ? offer : null;
  const row: AgreementColumns & { readonly installments: InstallmentColumns[] } = {
    id: agreement.id,
    accountId: agreement.account.id,
    kind: offer.kind,
    status: 'active',
    currency: offer.currency,
    balanceMinor: toStoredMinor(offer.balanceMinor),
    agreedAmountMinor: toStoredMinor(plan ? plan.agreedAmountMinor : (settlement?.payAmountMinor ?? 0)),
    discountMinor: toStoredMinor(settlement?.discountMinor ?? 0),
    downPaymentMinor: toStoredMinor(plan?.downPaymentMinor ?? 0),
    downPaymentDueIso: plan ? plan.downPaymentDueIso : (settlement?.payByIso ?? null),
    installmentCount: plan?.installmentCount ?? 0,
    createdAt: now,
    installments: (plan?.installments ?? []).map((item) => ({
      sequence: item.sequence,
      dueDateIso: item.dueDateIso,
      amountMinor: toStoredMinor(item.amountMinor),
    })),
  };
  await sql.execute(
    `INSERT INTO "Agreement" ("id", "accountId", "debtorId", "kind", "status", "currency", "balanceMinor", "agreedAmountMinor",
       "discountMinor", "downPaymentMinor", "downPaymentDueIso", "installmentCount", "createdByType", "createdById", "policyException",
       "conversationId", "idempotencyKey", "requestHash", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.accountId,
      agreement.account.debtorId,
      row.kind,
      row.status,
      row.currency,
      row.balanceMinor,
      row.agreedAmountMinor,
      row.discountMinor,
      row.downPaymentMinor,
      row.downPaymentDueIso,
      row.installmentCount,
      agreement.actor.type,
      agreement.actor.id ?? null,
      agreement.policyException,
      agreement.actor.conversationId ?? null,
      agreement.idempotencyKey,
      agreement.requestHash,
      now,
      now,
    ],
  );
  await insertRows(
    sql,
    'Installment',
    ['id', 'agreementId', 'sequence', 'dueDateIso', 'amountMinor', 'status'],
    row.installments.map((item): SqlValue[] => [sortableId(now), row.id, item.sequence, item.dueDateIso, item.amountMinor, 'pending']),
  );
  return toAgreementView(row);
}

/** Marks an agreement completed (its account was paid off), through Prisma inside the payment's transaction. */
export async function completeAgreement(db: LedgerDb, agreementId: string): Promise<void> {
  await db.agreement.update({ where: { id: agreementId }, data: { status: 'completed' } });
}
