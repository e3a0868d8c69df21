import { dateInTimeZone, isIsoDate } from '../../lib/calendar.js';
import { LedgerError } from '../errors.js';
import { isCurrencyCode, MoneyError, parseMajorToMinor } from '../money/index.js';
import { findAccountByRef, findAccountSql } from '../store/account-rows.js';
import { findDebtorContactFacts } from '../store/outbound-route-rows.js';
import type { LedgerContext } from './context.js';
import { recordPayment } from './payments.js';

/** A payment notification from a gateway (DESIGN §13): its event id, the account, the amount in major units, when. */
export interface GatewayPaymentEvent {
  readonly eventId: string;
  readonly accountRef: string;
  /** A decimal string in major units, e.g. "125000" or "25.50". */
  readonly amount: string;
  readonly currency: string;
  /** An ISO date, or an ISO date and time with its offset. */
  readonly paidAt: string;
  /** Where it came from, e.g. "webhook". */
  readonly source: string;
}

/** Why a payment notification was refused (nothing written): a code a webhook answers 422 with. */
export class PaymentRefusedError extends LedgerError {}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The date a payment to the account was made: an ISO date as it is, an instant (with its offset) as the date it was in
 * the debtor's zone. PaymentRefusedError when it is neither.
 */
export async function paidOnDate(context: LedgerContext, accountId: string, paidAt: string): Promise<string> {
  if (isIsoDate(paidAt)) return paidAt;
  if (!isoInstant.test(paidAt) || Number.isNaN(Date.parse(paidAt)))
    throw new PaymentRefusedError('invalid_date', 'paid_at must be an ISO date or an ISO date and time with its offset');
  const account = await findAccountSql(context.sql, accountId);
  const facts = account ? await findDebtorContactFacts(context.sql, account.debtorId) : null;
  return dateInTimeZone(new Date(paidAt), facts?.timezone ?? 'UTC');
}

/**
 * Applies a gateway's payment notification once per event id: the account by its reference, the amount exactly in
 * the account's currency (no more decimals than the currency has), then recordPayment (balance entry, settlement,
 * audit, one transaction). `applied: false, duplicate: true` for an event id already applied with the same content;
 * IdempotencyConflictError when the same id comes with different content; PaymentRefusedError (nothing written)
 * for an unknown account, another currency, or an amount that is not a positive exact amount of it.
 */
export async function recordGatewayPayment(
  context: LedgerContext,
  event: GatewayPaymentEvent,
): Promise<{ readonly applied: boolean; readonly duplicate: boolean; readonly paymentId: string }> {
  const account = await findAccountByRef(context.sql, event.accountRef);
  if (!account) throw new PaymentRefusedError('unknown_account', `no account with reference ${event.accountRef}`);
  if (!isCurrencyCode(event.currency) || event.currency !== account.currency)
    throw new PaymentRefusedError('currency_mismatch', `the account is in ${account.currency}, the payment in ${event.currency}`);
  let amountMinor: number;
  try {
    amountMinor = parseMajorToMinor(event.amount, event.currency);
  } catch (error) {
    throw new PaymentRefusedError('invalid_amount', error instanceof MoneyError ? error.message : 'not an amount');
  }
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new PaymentRefusedError('invalid_amount', 'the amount must be positive');
  const paidOnIso = await paidOnDate(context, account.id, event.paidAt);
  const { payment, replayed } = await recordPayment(context, {
    idempotencyKey: `gateway:${event.eventId}`,
    accountId: account.id,
    amountMinor,
    currency: event.currency,
    paidOnIso,
    source: event.source,
    actor: { type: 'system', id: event.source },
  });
  return { applied: !replayed, duplicate: replayed, paymentId: payment.id };
}
