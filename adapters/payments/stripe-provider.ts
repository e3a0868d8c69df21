// Stripe behind the payment provider port: a hosted Checkout Session per payment link, and its signed webhooks
// (`Stripe-Signature`, checked by the official SDK) read into ledger events. Stripe counts some currencies in other
// units than the ledger (COP: the ledger has no cents, Stripe has), so amounts are scaled exactly, both ways.
import Stripe from 'stripe';
import { isCurrencyCode, type CurrencyCode } from '../../ledger/index.js';
import type { Checkout, CheckoutRequest, PaymentProvider, ProviderEvent, WebhookRequest } from './provider.js';

/** How to reach Stripe. */
export interface StripeProviderOptions {
  /** The account's secret key (`sk_live_…` / `sk_test_…`). */
  readonly secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_…`). */
  readonly webhookSecret: string;
  /** Default https://api.stripe.com; an origin such as http://127.0.0.1:PORT for tests. */
  readonly apiUrl?: string;
}

/**
 * How many of the ledger's minor units make one of Stripe's, as a power of ten: Stripe's exponent minus the ledger's
 * (ledger/money/currencies.ts). CLP is zero-decimal in both; COP has cents in Stripe but not in the ledger.
 */
const stripeScaleExponent: Record<CurrencyCode, number> = { ARS: 0, CLP: 0, COP: 2, MXN: 0, PEN: 0, USD: 0 };

/** The factor from ledger minor units to Stripe's units of `currency` (any case); throws for a currency the ledger does not know. */
function stripeScale(currency: string): number {
  const code = currency.toUpperCase();
  if (!isCurrencyCode(code)) throw new Error(`Stripe: unknown currency ${JSON.stringify(currency)}`);
  return 10 ** stripeScaleExponent[code];
}

/** Ledger minor units → Stripe's units, exactly. */
function toStripeAmount(amountMinor: number, currency: string): number {
  const amount = amountMinor * stripeScale(currency);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || !Number.isSafeInteger(amount))
    throw new Error(`Stripe: cannot charge ${amountMinor} minor units of ${currency}`);
  return amount;
}

/** Stripe's units → ledger minor units, exactly; throws when Stripe's amount is finer than the ledger can hold. */
function fromStripeAmount(amount: number, currency: string): number {
  const scale = stripeScale(currency);
  if (!Number.isSafeInteger(amount) || amount % scale !== 0)
    throw new Error(`Stripe: ${amount} ${currency} is not a whole amount of the ledger's minor units`);
  return amount / scale;
}

/** The SDK's `host`/`port`/`protocol` options for an API origin such as http://127.0.0.1:12345. */
function connectionOptions(apiUrl: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  const url = new URL(apiUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Stripe: apiUrl must be http(s), got ${apiUrl}`);
  if (url.pathname !== '/' || url.search) throw new Error(`Stripe: apiUrl must be an origin (no path), got ${apiUrl}`);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return { host: url.hostname, port: url.port || (protocol === 'https' ? 443 : 80), protocol };
}

/** The payment intent's id, whether Stripe sent the id or the expanded object. */
function idOf(reference: string | { readonly id: string } | null): string | null {
  return typeof reference === 'string' ? reference : (reference?.id ?? null);
}

/** A completed (or late-succeeded) Checkout Session read into a payment of the link it was created for. */
function paidSession(event: Stripe.Event, session: Stripe.Checkout.Session): ProviderEvent {
  const ignored = (why: string): ProviderEvent => ({ kind: 'ignored', eventId: event.id, why });
  if (session.payment_status !== 'paid') return ignored(`checkout session ${session.payment_status}`);
  const linkId = session.metadata?.link_id ?? session.client_reference_id;
  if (!linkId) return ignored('checkout session without a link id');
  const providerPaymentId = idOf(session.payment_intent);
  if (!providerPaymentId) return ignored('checkout session without a payment intent');
  if (session.amount_total === null || !session.currency) throw new Error(`Stripe: paid session ${session.id} has no amount`);
  return {
    kind: 'paid',
    eventId: event.id,
    linkId,
    providerPaymentId,
    amountMinor: fromStripeAmount(session.amount_total, session.currency),
    currency: session.currency.toUpperCase(),
    paidAt: new Date(event.created * 1000).toISOString(),
  };
}

/** A verified Stripe event read into what the ledger needs. */
function readEvent(event: Stripe.Event): ProviderEvent {
  const ignored = (why: string): ProviderEvent => ({ kind: 'ignored', eventId: event.id, why });
  const reversed = (paymentIntent: string | Stripe.PaymentIntent | null, reason: 'refund' | 'chargeback'): ProviderEvent => {
    const providerPaymentId = idOf(paymentIntent);
    return providerPaymentId
      ? { kind: 'reversed', eventId: event.id, providerPaymentId, reason }
      : ignored(`${reason} without a payment intent`);
  };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return paidSession(event, event.data.object);
    case 'charge.refunded': {
      const charge = event.data.object;
      return charge.amount_refunded === charge.amount ? reversed(charge.payment_intent, 'refund') : ignored('partial refund');
    }
    case 'charge.dispute.created':
      return reversed(event.data.object.payment_intent, 'chargeback');
    default:
      return ignored(`event type ${event.type}`);
  }
}

/** Stripe Checkout as a payment provider. */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(options.secretKey, {
    ...connectionOptions(options.apiUrl ?? 'https://api.stripe.com'),
    maxNetworkRetries: 2,
    timeout: 15_000,
    // Telemetry would also write an id file under ~/.config/stripe.
    telemetry: false,
  });
  return {
    name: 'stripe',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const { linkId } = request;
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: toStripeAmount(request.amountMinor, request.currency),
                product_data: { name: request.title },
              },
            },
          ],
          client_reference_id: linkId,
          metadata: { link_id: linkId },
          payment_intent_data: { metadata: { link_id: linkId } },
          success_url: request.returnUrl,
          cancel_url: request.returnUrl,
        },
        { idempotencyKey: `checkout-session-${linkId}` },
      );
      if (!session.url) throw new Error(`Stripe: checkout session ${session.id} has no URL`);
      return { url: session.url, providerRef: session.id };
    },
    async readWebhook(request: WebhookRequest): Promise<ProviderEvent | null> {
      const signature = request.headers['stripe-signature'];
      if (!signature) return null;
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(request.rawBody, signature, options.webhookSecret);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) return null;
        throw error;
      }
      return readEvent(event);
    },
  };
}
