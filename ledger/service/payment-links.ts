import { randomBytes, randomInt } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import { findAccount } from '../store/account-rows.js';
import { readSchedule, type StoredSchedule } from '../store/payment-application-rows.js';
import {
  attachLinkCheckout,
  findPaymentLinkById,
  findPaymentLinkByKey,
  findPaymentLinkByReference,
  findPendingPromise,
  insertPaymentLink,
  markLinkPaid,
  type PaymentLinkView,
  type PaymentPurpose,
} from '../store/payment-link-rows.js';
import { isUniqueViolation } from '../store/transactions.js';
import type { LedgerContext } from './context.js';
import { nextObligation, remainingOf } from './payment-allocation.js';
import { paidOnDate, PaymentRefusedError } from './gateway-payments.js';
import { recordPayment } from './payments.js';

export type { PaymentLinkView, PaymentPurpose } from '../store/payment-link-rows.js';

/** What a link should be for: the ledger decides its amount from the account, never the caller. */
export interface PaymentLinkRequest {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly purpose: PaymentPurpose;
  /** For purpose "promise": which pending promise. */
  readonly promiseId?: string;
  /** The provider that will take it ("mercadopago", "stripe", "simulator", "bank_transfer"). */
  readonly provider: string;
  /** The conversation that asked, where the receipt goes while it is verified. */
  readonly conversationId?: string | null;
}

/** The exact amount still due for a purpose on an account (0: nothing is), and the agreement it belongs to. */
async function amountDue(
  context: LedgerContext,
  request: PaymentLinkRequest,
): Promise<{ readonly amountMinor: number; readonly currency: string; readonly agreementId: string | null }> {
  const account = await findAccount(context.prisma, request.accountId);
  if (!account) throw new NotFoundError('account');
  const schedule: StoredSchedule | null = account.activeAgreementId ? await readSchedule(context.prisma, account.activeAgreementId) : null;
  const agreementId = schedule?.agreementId ?? null;
  const lumpSum = schedule?.obligations.find((item) => item.target === 'lump_sum');
  const lumpSumDue = lumpSum ? remainingOf(lumpSum) : 0;
  const due = (amountMinor: number, agreement: string | null = agreementId) => ({
    amountMinor,
    currency: account.currency,
    agreementId: agreement,
  });
  switch (request.purpose) {
    case 'full':
      return schedule?.kind === 'settlement' ? due(lumpSumDue) : due(Math.max(0, account.balanceMinor), null);
    case 'settlement':
      return due(schedule?.kind === 'settlement' ? lumpSumDue : 0);
    case 'down_payment':
      return due(schedule?.kind === 'plan' ? lumpSumDue : 0);
    case 'installment': {
      const next = schedule?.kind === 'plan' ? nextObligation(schedule.obligations) : null;
      return due(next ? remainingOf(next) : 0);
    }
    case 'promise': {
      const promise = request.promiseId ? await findPendingPromise(context.prisma, account.id, request.promiseId) : null;
      return due(promise?.amountMinor ?? 0, null);
    }
  }
}

const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference a person can type on a bank transfer: "P-" and 8 characters without I, L, O or U. */
function newReference(): string {
  let code = '';
  for (let index = 0; index < 8; index += 1) code += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return `P-${code}`;
}

/**
 * Opens a payment link for exactly what is due for the purpose (the whole balance, a settlement's amount, the down
 * payment, the next installment, a promise); null when nothing is due for it. Once per idempotency key.
 */
export async function openPaymentLink(context: LedgerContext, request: PaymentLinkRequest): Promise<PaymentLinkView | null> {
  const existing = await findPaymentLinkByKey(context.prisma, request.idempotencyKey);
  if (existing) return existing;
  const due = await amountDue(context, request);
  if (due.amountMinor <= 0) return null;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await insertPaymentLink(context.prisma, {
        id: randomBytes(16).toString('base64url'),
        reference: newReference(),
        accountId: request.accountId,
        purpose: request.purpose,
        agreementId: due.agreementId,
        promiseId: request.purpose === 'promise' ? (request.promiseId ?? null) : null,
        currency: due.currency as PaymentLinkView['currency'],
        amountMinor: due.amountMinor,
        provider: request.provider,
        conversationId: request.conversationId ?? null,
        idempotencyKey: request.idempotencyKey,
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      const raced = await findPaymentLinkByKey(context.prisma, request.idempotencyKey);
      if (raced) return raced;
    }
  }
}

/** Stores the checkout a provider made for a link (its URL and the provider's id). */
export function attachCheckout(
  context: LedgerContext,
  linkId: string,
  checkout: { readonly url: string; readonly providerRef: string },
): Promise<void> {
  return attachLinkCheckout(context.prisma, linkId, checkout);
}

/** A link by its id, or null. */
export function findPaymentLink(context: LedgerContext, linkId: string): Promise<PaymentLinkView | null> {
  return findPaymentLinkById(context.prisma, linkId);
}

/** A link by the short reference a bank transfer quotes ("p-7k…" is read as "P-7K…"), or null. */
export function findPaymentLinkByBankReference(context: LedgerContext, reference: string): Promise<PaymentLinkView | null> {
  return findPaymentLinkByReference(context.prisma, reference.trim().toUpperCase());
}

/** A payment a provider confirmed for one of the ledger's links. */
export interface LinkPaymentEvent {
  readonly eventId: string;
  readonly linkId: string;
  /** "stripe", "mercadopago", "simulator", "bank_file". */
  readonly source: string;
  readonly providerPaymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** ISO date, or instant with its offset. */
  readonly paidAt: string;
}

/**
 * Applies a payment made through a link to its account (recordPayment: exact, one transaction, oldest due first),
 * once per provider event; the link is marked paid. PaymentRefusedError for an unknown link, another currency or a
 * bad date (nothing written).
 */
export async function recordLinkPayment(
  context: LedgerContext,
  event: LinkPaymentEvent,
): Promise<{ readonly applied: boolean; readonly duplicate: boolean; readonly paymentId: string; readonly accountId: string }> {
  const link = await findPaymentLinkById(context.prisma, event.linkId);
  if (!link) throw new PaymentRefusedError('unknown_link', 'no payment link with that id');
  if (event.currency !== link.currency)
    throw new PaymentRefusedError('currency_mismatch', `the link is in ${link.currency}, the payment in ${event.currency}`);
  if (!Number.isSafeInteger(event.amountMinor) || event.amountMinor <= 0)
    throw new PaymentRefusedError('invalid_amount', 'the amount must be positive');
  const paidOnIso = await paidOnDate(context, link.accountId, event.paidAt);
  const { payment, replayed } = await recordPayment(context, {
    idempotencyKey: `gateway:${event.source}:${event.eventId}`,
    accountId: link.accountId,
    amountMinor: event.amountMinor,
    currency: event.currency,
    paidOnIso,
    source: event.source,
    providerPaymentId: event.providerPaymentId,
    linkId: link.id,
    actor: { type: 'system', id: event.source },
  });
  await markLinkPaid(context.prisma, link.id);
  return { applied: !replayed, duplicate: replayed, paymentId: payment.id, accountId: link.accountId };
}
