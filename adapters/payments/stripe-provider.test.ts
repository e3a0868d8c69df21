import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { acceptedEvent, startWebhookReceiver, type WebhookReceiver } from '../../test/support/provider-webhook-receiver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, stripeSignatureHeader, type FakeStripe } from '../../test/support/fake-stripe.js';
import type { CheckoutRequest, PaymentProvider } from './provider.js';
import { createStripeProvider } from './stripe-provider.js';

// The Stripe provider against a local fake of Stripe's API, with a webhook endpoint that hands the raw requests to it.
const secretKey = 'sk_test_51FakeKey0123456789';
const webhookSecret = 'whsec_test_0123456789abcdef';

describe('Stripe provider', () => {
  let fake: FakeStripe;
  let receiver: WebhookReceiver;
  let provider: PaymentProvider;
  const checkout = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
    linkId: `link-${randomUUID()}`,
    amountMinor: 123_456,
    currency: 'USD',
    title: 'Pago cuenta ···1234',
    returnUrl: 'https://bot.example/pagos/gracias',
    notificationUrl: receiver.url,
    ...overrides,
  });
  const sessionOf = (providerRef: string) => {
    const session = fake.sessions.find((candidate) => candidate.id === providerRef);
    if (!session) throw new Error(`the fake has no session ${providerRef}`);
    return session;
  };
  /** Creates a checkout and pays it; returns what the webhook read and the payment intent. */
  const payCheckout = async (request: CheckoutRequest) => {
    const created = await provider.createCheckout(request);
    const delivery = await fake.completeSession(created.providerRef, receiver.url, webhookSecret);
    return { delivery, event: acceptedEvent(delivery), paymentIntent: sessionOf(created.providerRef).payment_intent ?? '' };
  };

  beforeAll(async () => {
    fake = await startFakeStripe({ secretKey });
    provider = createStripeProvider({ secretKey, webhookSecret, apiUrl: fake.url });
    receiver = await startWebhookReceiver(provider, '/payments/stripe/webhook');
  });
  afterAll(async () => {
    await receiver?.close();
    await fake?.close();
  });

  it('creates a Checkout Session for exactly the link amount, in Stripe units, carrying the link id', async () => {
    const request = checkout({ amountMinor: 123_456, currency: 'USD' });
    const created = await provider.createCheckout(request);
    const session = sessionOf(created.providerRef);
    expect(created).toEqual({ url: `${fake.url}/c/pay/${session.id}`, providerRef: expect.stringMatching(/^cs_test_/) });
    expect(session).toMatchObject({
      amount_total: 123_456,
      currency: 'usd',
      client_reference_id: request.linkId,
      metadata: { link_id: request.linkId },
    });
    expect(fake.received.at(-1)).toEqual({
      idempotencyKey: `checkout-session-${request.linkId}`,
      fields: expect.objectContaining({
        mode: 'payment',
        'line_items[0][quantity]': '1',
        'line_items[0][price_data][unit_amount]': '123456',
        'line_items[0][price_data][currency]': 'usd',
        'line_items[0][price_data][product_data][name]': 'Pago cuenta ···1234',
        'payment_intent_data[metadata][link_id]': request.linkId,
        success_url: request.returnUrl,
        cancel_url: request.returnUrl,
      }),
    });
  });

  it('sends COP with the cents Stripe counts (the ledger has none) and CLP as is', async () => {
    const cop = await provider.createCheckout(checkout({ amountMinor: 50_000, currency: 'COP' }));
    expect(sessionOf(cop.providerRef)).toMatchObject({ amount_total: 5_000_000, currency: 'cop' });
    const clp = await provider.createCheckout(checkout({ amountMinor: 150_000, currency: 'CLP' }));
    expect(sessionOf(clp.providerRef)).toMatchObject({ amount_total: 150_000, currency: 'clp' });
  });

  it('creating the same link twice gives back the same session (idempotency key from the link id)', async () => {
    const request = checkout();
    const sessionsBefore = fake.sessions.length;
    const first = await provider.createCheckout(request);
    const second = await provider.createCheckout(request);
    expect(second).toEqual(first);
    expect(fake.sessions.length).toBe(sessionsBefore + 1);
    expect(fake.received.slice(-2).map((received) => received.idempotencyKey)).toEqual([
      `checkout-session-${request.linkId}`,
      `checkout-session-${request.linkId}`,
    ]);
  });

  it('refuses a currency it does not know without calling Stripe, and Stripe refuses a wrong key', async () => {
    const requestsBefore = fake.received.length;
    await expect(provider.createCheckout(checkout({ currency: 'EUR' as CheckoutRequest['currency'] }))).rejects.toThrow(
      /unknown currency "EUR"/,
    );
    expect(fake.received.length).toBe(requestsBefore);
    const wrongKey = createStripeProvider({ secretKey: 'sk_test_someoneElse', webhookSecret, apiUrl: fake.url });
    await expect(wrongKey.createCheckout(checkout())).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('reads a paid session as a payment of its link, in ledger units', async () => {
    const request = checkout({ amountMinor: 123_456, currency: 'USD' });
    const { delivery, event, paymentIntent } = await payCheckout(request);
    expect(paymentIntent).toMatch(/^pi_/);
    expect(event).toEqual({
      kind: 'paid',
      eventId: delivery.event.id,
      linkId: request.linkId,
      providerPaymentId: paymentIntent,
      amountMinor: 123_456,
      currency: 'USD',
      paidAt: new Date(delivery.event.created * 1000).toISOString(),
    });
    const cop = await payCheckout(checkout({ amountMinor: 50_000, currency: 'COP' }));
    expect(cop.event).toMatchObject({ kind: 'paid', amountMinor: 50_000, currency: 'COP' });
  });

  it('reads a full refund and a dispute as reversals of the payment, and ignores a partial refund', async () => {
    const { paymentIntent } = await payCheckout(checkout());
    const refund = await fake.refund(paymentIntent, receiver.url, webhookSecret);
    expect(acceptedEvent(refund)).toEqual({
      kind: 'reversed',
      eventId: refund.event.id,
      providerPaymentId: paymentIntent,
      reason: 'refund',
    });
    const dispute = await fake.dispute(paymentIntent, receiver.url, webhookSecret);
    expect(acceptedEvent(dispute)).toEqual({
      kind: 'reversed',
      eventId: dispute.event.id,
      providerPaymentId: paymentIntent,
      reason: 'chargeback',
    });
    const partial = await fake.refund(paymentIntent, receiver.url, webhookSecret, { amountRefunded: 100 });
    expect(acceptedEvent(partial)).toEqual({ kind: 'ignored', eventId: partial.event.id, why: 'partial refund' });
  });

  it('reads a late (async) success as paid, and ignores unpaid sessions, sessions without a link and other events', async () => {
    const request = checkout();
    const created = await provider.createCheckout(request);
    const session = sessionOf(created.providerRef);
    const unpaid = await fake.deliver(
      fake.event('checkout.session.completed', { ...session, status: 'complete' }),
      receiver.url,
      webhookSecret,
    );
    expect(acceptedEvent(unpaid)).toMatchObject({ kind: 'ignored', why: 'checkout session unpaid' });
    const paid = { ...session, status: 'complete', payment_status: 'paid', payment_intent: 'pi_late123' };
    const late = await fake.deliver(fake.event('checkout.session.async_payment_succeeded', paid), receiver.url, webhookSecret);
    expect(acceptedEvent(late)).toMatchObject({
      kind: 'paid',
      linkId: request.linkId,
      providerPaymentId: 'pi_late123',
      amountMinor: 123_456,
    });
    const unlinked = { ...paid, metadata: {}, client_reference_id: null };
    const orphan = await fake.deliver(fake.event('checkout.session.completed', unlinked), receiver.url, webhookSecret);
    expect(acceptedEvent(orphan)).toMatchObject({ kind: 'ignored', why: 'checkout session without a link id' });
    const other = await fake.deliver(fake.event('customer.created', { id: 'cus_1', object: 'customer' }), receiver.url, webhookSecret);
    expect(acceptedEvent(other)).toEqual({ kind: 'ignored', eventId: other.event.id, why: 'event type customer.created' });
  });

  it('refuses (throws on) a paid amount the ledger cannot hold exactly', async () => {
    const created = await provider.createCheckout(checkout({ amountMinor: 50_000, currency: 'COP' }));
    const session = { ...sessionOf(created.providerRef), payment_status: 'paid', payment_intent: 'pi_cents', amount_total: 5_000_050 };
    const delivery = await fake.deliver(fake.event('checkout.session.completed', session), receiver.url, webhookSecret);
    expect(delivery).toMatchObject({ status: 500, body: expect.stringContaining('5000050 cop is not a whole amount') });
  });

  it.each(['wrong-secret', 'missing-signature', 'tampered-body', 'expired'] as const)(
    'reads nothing from a delivery with %s',
    async (forgery) => {
      const created = await provider.createCheckout(checkout());
      const paid = { ...sessionOf(created.providerRef), status: 'complete', payment_status: 'paid', payment_intent: 'pi_forged' };
      const delivery = await fake.deliver(fake.event('checkout.session.completed', paid), receiver.url, webhookSecret, forgery);
      expect(delivery).toMatchObject({ status: 401, body: 'null' });
    },
  );

  it("signs deliveries exactly as the SDK's constructEvent expects", () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created', data: { object: {} } });
    expect(Stripe.webhooks.constructEvent(payload, stripeSignatureHeader(payload, webhookSecret), webhookSecret)).toMatchObject({
      id: 'evt_1',
    });
    expect(() => Stripe.webhooks.constructEvent(payload, stripeSignatureHeader(payload, 'whsec_other'), webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('takes an API origin only', () => {
    expect(() => createStripeProvider({ secretKey, webhookSecret, apiUrl: `${fake.url}/v1` })).toThrow(/must be an origin/);
  });
});
