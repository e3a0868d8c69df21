// Mercado Pago behind the payment provider port: a Checkout Pro preference per payment link, and its webhook
// notifications. A notification only names the payment and is signed over that id (`x-signature`), so it is verified
// first and the payment is then read from Mercado Pago's API, which is what the ledger trusts.
import { InvalidWebhookSignatureError, MercadoPagoConfig, Payment, Preference, WebhookSignatureValidator } from 'mercadopago';
// The SDK keeps its API root in a static of this class; the package has no "exports" map, so the deep import resolves
// to the very module the SDK's REST client uses.
import { AppConfig } from 'mercadopago/dist/utils/config/index.js';
import { isCurrencyCode, minorToMajorString, parseMajorToMinor, type CurrencyCode } from '../../ledger/index.js';
import type { Checkout, CheckoutRequest, PaymentProvider, ProviderEvent, WebhookRequest } from './provider.js';

/** How to reach Mercado Pago. */
export interface MercadoPagoProviderOptions {
  /** The seller's access token (`APP_USR-…` / `TEST-…`). */
  readonly accessToken: string;
  /** The application's webhook secret signature ("clave secreta" of Tus integraciones). */
  readonly webhookSecret: string;
  /**
   * Default https://api.mercadopago.com; e.g. http://127.0.0.1:PORT for tests. The SDK reads its API root from a
   * process-wide static (AppConfig.BASE_URL): this provider sets it right before each of its calls (the SDK reads it
   * synchronously while building the request), so the last provider to call wins for any other SDK user in the process.
   */
  readonly apiUrl?: string;
}

type PaymentResponse = Awaited<ReturnType<Payment['get']>>;

/** The SDK's configuration class seen with a writable API root (its declaration marks it readonly). */
const sdkAppConfig: { BASE_URL: string } = AppConfig;

/** Ledger minor units → Mercado Pago's major units, as the number of the exact decimal string ("1234.50" → 1234.5). */
function toUnitPrice(amountMinor: number, currency: CurrencyCode): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new Error(`Mercado Pago: cannot charge ${amountMinor} minor units of ${currency}`);
  return Number(minorToMajorString(amountMinor, currency));
}

/**
 * Mercado Pago's amount (a JSON number in major units) → ledger minor units, exactly: the number's shortest decimal
 * string is parsed, so more decimals than the currency has (or an exponent) are refused with a throw.
 */
function toAmountMinor(amount: number | undefined, currency: CurrencyCode): number {
  if (typeof amount !== 'number') throw new Error('Mercado Pago: payment without transaction_amount');
  const amountMinor = parseMajorToMinor(String(amount), currency);
  if (amountMinor <= 0) throw new Error(`Mercado Pago: payment of ${amount} ${currency}`);
  return amountMinor;
}

/**
 * True when the notification carries Mercado Pago's signature: `x-signature: ts=…,v1=<hex HMAC-SHA256>` over the
 * manifest `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` (absent parts left out), checked by the SDK's validator in
 * constant time. Mercado Pago signs an alphanumeric data.id in lower case; the SDK does not lower it, so it is done here.
 * No timestamp window: a replayed notification only makes this server read the payment's current state again.
 */
function isSigned(request: WebhookRequest, dataId: string | undefined, secret: string): boolean {
  try {
    WebhookSignatureValidator.validate({
      xSignature: request.headers['x-signature'],
      xRequestId: request.headers['x-request-id'],
      dataId: dataId && /^[0-9a-z]+$/i.test(dataId) ? dataId.toLowerCase() : dataId,
      secret,
    });
    return true;
  } catch (error) {
    if (error instanceof InvalidWebhookSignatureError) return false;
    throw error;
  }
}

/** An approved payment read into a payment of the link in its external reference. */
function paidPayment(id: string, payment: PaymentResponse): ProviderEvent {
  const eventId = `mp-payment-${id}`;
  if (!payment.external_reference) return { kind: 'ignored', eventId, why: 'payment without an external reference' };
  const currency = payment.currency_id ?? '';
  if (!isCurrencyCode(currency)) throw new Error(`Mercado Pago: payment ${id} in unknown currency ${JSON.stringify(currency)}`);
  if (!payment.date_approved) throw new Error(`Mercado Pago: approved payment ${id} has no date_approved`);
  return {
    kind: 'paid',
    eventId,
    linkId: payment.external_reference,
    providerPaymentId: id,
    amountMinor: toAmountMinor(payment.transaction_amount, currency),
    currency,
    paidAt: payment.date_approved,
  };
}

/** A payment as Mercado Pago's API reports it, read into what the ledger needs. */
function readPayment(id: string, payment: PaymentResponse): ProviderEvent {
  switch (payment.status) {
    case 'approved':
      return paidPayment(id, payment);
    case 'refunded':
      return { kind: 'reversed', eventId: `mp-refund-${id}`, providerPaymentId: id, reason: 'refund' };
    case 'charged_back':
      return { kind: 'reversed', eventId: `mp-chargeback-${id}`, providerPaymentId: id, reason: 'chargeback' };
    default:
      return { kind: 'ignored', eventId: `mp-payment-${id}-${payment.status}`, why: `payment ${payment.status}` };
  }
}

/** Mercado Pago Checkout Pro as a payment provider. */
export function createMercadoPagoProvider(options: MercadoPagoProviderOptions): PaymentProvider {
  if (!options.webhookSecret.trim()) throw new Error('Mercado Pago: a webhook secret is required to verify notifications');
  const apiUrl = (options.apiUrl ?? 'https://api.mercadopago.com').replace(/\/+$/, '');
  /**
   * A fresh SDK configuration pointed at apiUrl, per call: the SDK's clients merge each call's request options (its
   * idempotency key too) into the configuration they were given, so a shared one would carry them to later calls.
   */
  const sdk = (): MercadoPagoConfig => {
    sdkAppConfig.BASE_URL = apiUrl;
    return new MercadoPagoConfig({ accessToken: options.accessToken, options: { timeout: 15_000, maxRetries: 2 } });
  };
  return {
    name: 'mercadopago',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const { linkId, returnUrl } = request;
      const preference = await new Preference(sdk()).create({
        body: {
          items: [
            {
              id: linkId,
              title: request.title,
              quantity: 1,
              unit_price: toUnitPrice(request.amountMinor, request.currency),
              currency_id: request.currency,
            },
          ],
          external_reference: linkId,
          notification_url: request.notificationUrl,
          back_urls: { success: returnUrl, failure: returnUrl, pending: returnUrl },
          auto_return: 'approved',
        },
        requestOptions: { idempotencyKey: `link-${linkId}` },
      });
      if (!preference.id || !preference.init_point) throw new Error('Mercado Pago: the preference came back without id or init_point');
      return { url: preference.init_point, providerRef: preference.id };
    },
    async readWebhook(request: WebhookRequest): Promise<ProviderEvent | null> {
      // Webhooks name the resource as ?data.id=…&type=…; the older IPN form ?id=…&topic=… is read too when it is signed.
      const dataId = request.query['data.id'] ?? request.query.id;
      const type = request.query.type ?? request.query.topic;
      if (!isSigned(request, dataId, options.webhookSecret)) return null;
      const eventId = `mp-${type ?? 'notification'}-${dataId ?? 'without-id'}`;
      if (type !== 'payment') return { kind: 'ignored', eventId, why: `notification type ${type ?? '(none)'}` };
      if (!dataId) return { kind: 'ignored', eventId, why: 'payment notification without data.id' };
      return readPayment(dataId, await new Payment(sdk()).get({ id: dataId }));
    },
  };
}
