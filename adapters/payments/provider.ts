// The port every hosted-checkout payment provider (Mercado Pago, Stripe) sits behind. The server asks a provider for a
// checkout of one payment link, and hands it the provider's webhook requests to verify and read; the ledger applies
// what comes out. A provider never decides an amount: the link's amount comes from the ledger.
import type { CurrencyCode } from '../../ledger/index.js';

/** What a checkout is for: one payment link of the ledger, its exact amount, and where the provider calls back. */
export interface CheckoutRequest {
  /** The ledger's payment link id: travels with the checkout (external reference / metadata) and comes back in the webhook. */
  readonly linkId: string;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  /** What the payer sees as the item, e.g. "Pago cuenta ···1234". No personal data. */
  readonly title: string;
  /** Where the payer's browser goes after paying. */
  readonly returnUrl: string;
  /** Where the provider posts its notifications (this server's webhook for the provider). */
  readonly notificationUrl: string;
}

/** A checkout the provider created: the URL the payer opens, and the provider's id for it. */
export interface Checkout {
  readonly url: string;
  readonly providerRef: string;
}

/** A provider notification after its signature was verified, read into what the ledger needs. */
export type ProviderEvent =
  | {
      readonly kind: 'paid';
      /** Idempotency: the same payment notified again carries the same id. */
      readonly eventId: string;
      readonly linkId: string;
      /** The provider's id of the payment (Stripe payment intent, Mercado Pago payment id): a later reversal names it. */
      readonly providerPaymentId: string;
      readonly amountMinor: number;
      readonly currency: string;
      /** ISO instant with offset. */
      readonly paidAt: string;
    }
  | {
      readonly kind: 'reversed';
      readonly eventId: string;
      readonly providerPaymentId: string;
      readonly reason: 'refund' | 'chargeback';
    }
  | { readonly kind: 'ignored'; readonly eventId: string; readonly why: string };

/** A webhook request as it arrived: the raw body (signatures cover the bytes), headers (lower-case names) and query. */
export interface WebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

/** A hosted-checkout provider behind the port. */
export interface PaymentProvider {
  readonly name: 'mercadopago' | 'stripe';
  /** Creates a checkout for exactly the request's amount. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /**
   * Verifies a webhook by the provider's own scheme, then reads it (asking the provider's API when the notification
   * only names the payment). Null when the signature is missing or wrong: the caller answers 401 and writes nothing.
   */
  readWebhook(request: WebhookRequest): Promise<ProviderEvent | null>;
}
