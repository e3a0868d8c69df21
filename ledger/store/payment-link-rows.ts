// Payment links: one exact amount of one account for one purpose, through one provider.
import type { PaymentLink } from '../generated/sqlite/client.js';
import type { CurrencyCode } from '../money/index.js';
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber, toStoredMinor } from './numbers.js';
import { toCurrencyCode } from './stored-currency.js';

/** What a payment link is for. */
export type PaymentPurpose = 'full' | 'settlement' | 'down_payment' | 'installment' | 'promise';

/** A stored payment link. */
export interface PaymentLinkView {
  readonly id: string;
  readonly reference: string;
  readonly accountId: string;
  readonly purpose: PaymentPurpose;
  readonly agreementId: string | null;
  readonly promiseId: string | null;
  readonly currency: CurrencyCode;
  readonly amountMinor: number;
  readonly provider: string;
  readonly url: string | null;
  readonly conversationId: string | null;
  readonly status: 'open' | 'paid';
  readonly createdAt: Date;
}

function toLinkView(row: PaymentLink): PaymentLinkView {
  return {
    id: row.id,
    reference: row.reference,
    accountId: row.accountId,
    purpose: row.purpose as PaymentPurpose,
    agreementId: row.agreementId,
    promiseId: row.promiseId,
    currency: toCurrencyCode(row.currency),
    amountMinor: toMinorNumber(row.amountMinor),
    provider: row.provider,
    url: row.url,
    conversationId: row.conversationId,
    status: row.status === 'paid' ? 'paid' : 'open',
    createdAt: row.createdAt,
  };
}

/** A link to store (open, without a checkout yet). */
export type NewPaymentLink = Omit<PaymentLinkView, 'url' | 'status' | 'createdAt'> & { readonly idempotencyKey: string };

/** Writes a new open link. */
export async function insertPaymentLink(db: LedgerDb, link: NewPaymentLink): Promise<PaymentLinkView> {
  const row = await db.paymentLink.create({ data: { ...link, amountMinor: toStoredMinor(link.amountMinor) } });
  return toLinkView(row);
}

/** The link made under an idempotency key, or null. */
export async function findPaymentLinkByKey(db: LedgerDb, idempotencyKey: string): Promise<PaymentLinkView | null> {
  const row = await db.paymentLink.findUnique({ where: { idempotencyKey } });
  return row && toLinkView(row);
}

/** A link by its id, or null. */
export async function findPaymentLinkById(db: LedgerDb, id: string): Promise<PaymentLinkView | null> {
  const row = await db.paymentLink.findUnique({ where: { id } });
  return row && toLinkView(row);
}

/** A link by the short reference a bank transfer quotes (case-insensitive input is upper-cased by the caller), or null. */
export async function findPaymentLinkByReference(db: LedgerDb, reference: string): Promise<PaymentLinkView | null> {
  const row = await db.paymentLink.findUnique({ where: { reference } });
  return row && toLinkView(row);
}

/** Stores the provider's checkout for a link. */
export async function attachLinkCheckout(
  db: LedgerDb,
  id: string,
  checkout: { readonly url: string; readonly providerRef: string },
): Promise<void> {
  await db.paymentLink.update({ where: { id }, data: { url: checkout.url, providerRef: checkout.providerRef } });
}

/** Marks a link paid. */
export async function markLinkPaid(db: LedgerDb, id: string): Promise<void> {
  await db.paymentLink.updateMany({ where: { id, status: 'open' }, data: { status: 'paid' } });
}

/** The pending promise of the account with that id: its amount and currency, or null. */
export async function findPendingPromise(
  db: LedgerDb,
  accountId: string,
  promiseId: string,
): Promise<{ readonly amountMinor: number; readonly currency: string } | null> {
  const row = await db.paymentPromise.findFirst({ where: { id: promiseId, accountId, status: 'pending' } });
  return row && { amountMinor: toMinorNumber(row.amountMinor), currency: row.currency };
}
