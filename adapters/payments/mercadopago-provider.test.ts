import { randomUUID } from 'node:crypto';
import { MPAuthenticationError } from 'mercadopago';
import { acceptedEvent, startWebhookReceiver, type WebhookReceiver } from '../../test/support/provider-webhook-receiver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMercadoPago, type FakeMercadoPago } from '../../test/support/fake-mercadopago.js';
import { createMercadoPagoProvider } from './mercadopago-provider.js';
import type { CheckoutRequest, PaymentProvider } from './provider.js';

// The Mercado Pago provider against a local fake of Mercado Pago's API, with a webhook endpoint that hands the raw
// requests to it.
const accessToken = 'TEST-1234567890123456-120300-0123456789abcdef0123456789abcdef-1234567890';
const webhookSecret = 'mp-webhook-secret-0123456789abcdef';

describe('Mercado Pago provider', () => {
  let fake: FakeMercadoPago;
  let receiver: WebhookReceiver;
  let provider: PaymentProvider;
  const checkout = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
    linkId: `link-${randomUUID()}`,
    amountMinor: 150_000,
    currency: 'CLP',
    title: 'Pago cuenta ···1234',
    returnUrl: 'https://bot.example/pagos/gracias',
    notificationUrl: receiver.url,
    ...overrides,
  });
  const preferenceOf = (providerRef: string) => {
    const preference = fake.preferences.find((candidate) => candidate.id === providerRef);
    if (!preference) throw new Error(`the fake has no preference ${providerRef}`);
    return preference;
  };
  /** Creates a checkout and pays it; returns the endpoint's answer to the notification and the payment id. */
  const payCheckout = async (request: CheckoutRequest, options?: { transactionAmount: number }) => {
    const created = await provider.createCheckout(request);
    return fake.pay(created.providerRef, options);
  };

  beforeAll(async () => {
    fake = await startFakeMercadoPago({ accessToken, webhookSecret });
    provider = createMercadoPagoProvider({ accessToken, webhookSecret, apiUrl: fake.url });
    receiver = await startWebhookReceiver(provider, '/payments/mercadopago/webhook');
  });
  afterAll(async () => {
    await receiver?.close();
    await fake?.close();
  });

  it('creates a preference for exactly the link amount, in major units, carrying the link id', async () => {
    const request = checkout({ amountMinor: 150_000, currency: 'CLP' });
    const created = await provider.createCheckout(request);
    const preference = preferenceOf(created.providerRef);
    expect(created).toEqual({ url: `${fake.url}/checkout/v1/redirect?pref-id=${preference.id}`, providerRef: preference.id });
    expect(preference).toMatchObject({
      items: [{ id: request.linkId, title: 'Pago cuenta ···1234', quantity: 1, unit_price: 150_000, currency_id: 'CLP' }],
      external_reference: request.linkId,
      notification_url: receiver.url,
      back_urls: { success: request.returnUrl, failure: request.returnUrl, pending: request.returnUrl },
      auto_return: 'approved',
    });
  });

  it.each([
    ['MXN', 123_450, 1234.5],
    ['USD', 123_456, 1234.56],
    ['PEN', 5, 0.05],
    ['COP', 50_000, 50_000],
  ] as const)('sends %s %i minor units as unit_price %d', async (currency, amountMinor, unitPrice) => {
    const created = await provider.createCheckout(checkout({ currency, amountMinor }));
    expect(preferenceOf(created.providerRef).items).toEqual([expect.objectContaining({ unit_price: unitPrice, currency_id: currency })]);
  });

  it('creating the same link twice gives back the same preference (idempotency key from the link id)', async () => {
    const request = checkout();
    const before = fake.preferences.length;
    const first = await provider.createCheckout(request);
    expect(await provider.createCheckout(request)).toEqual(first);
    expect(fake.preferences.length).toBe(before + 1);
    expect((await provider.createCheckout(checkout())).providerRef).not.toBe(first.providerRef);
  });

  it('a wrong access token is refused by Mercado Pago', async () => {
    const wrongToken = createMercadoPagoProvider({ accessToken: 'TEST-someone-else', webhookSecret, apiUrl: fake.url });
    await expect(wrongToken.createCheckout(checkout())).rejects.toBeInstanceOf(MPAuthenticationError);
  });

  it('reads an approved payment as a payment of its link, in ledger units', async () => {
    const request = checkout({ amountMinor: 123_450, currency: 'MXN' });
    const delivery = await payCheckout(request);
    const payment = fake.payments.get(delivery.paymentId);
    expect(payment?.transaction_amount).toBe(1234.5);
    expect(acceptedEvent(delivery)).toEqual({
      kind: 'paid',
      eventId: `mp-payment-${delivery.paymentId}`,
      linkId: request.linkId,
      providerPaymentId: String(delivery.paymentId),
      amountMinor: 123_450,
      currency: 'MXN',
      paidAt: payment?.date_approved,
    });
    expect(payment?.date_approved).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-04:00$/);
    expect(acceptedEvent(await payCheckout(checkout({ amountMinor: 150_000, currency: 'CLP' })))).toMatchObject({
      amountMinor: 150_000,
      currency: 'CLP',
    });
    expect(acceptedEvent(await payCheckout(checkout({ amountMinor: 50_000, currency: 'COP' })))).toMatchObject({
      amountMinor: 50_000,
      currency: 'COP',
    });
  });

  it('reads a refund and a chargeback as reversals of the payment', async () => {
    const { paymentId } = await payCheckout(checkout());
    expect(acceptedEvent(await fake.refund(paymentId))).toEqual({
      kind: 'reversed',
      eventId: `mp-refund-${paymentId}`,
      providerPaymentId: String(paymentId),
      reason: 'refund',
    });
    const other = await payCheckout(checkout());
    expect(acceptedEvent(await fake.chargeback(other.paymentId))).toEqual({
      kind: 'reversed',
      eventId: `mp-chargeback-${other.paymentId}`,
      providerPaymentId: String(other.paymentId),
      reason: 'chargeback',
    });
  });

  it('ignores payments not approved yet and notifications about other resources', async () => {
    const { paymentId } = await payCheckout(checkout());
    const payment = fake.payments.get(paymentId);
    if (!payment) throw new Error('no payment');
    payment.status = 'in_process';
    const pending = await fake.notify(receiver.url, { type: 'payment', dataId: String(paymentId) });
    expect(acceptedEvent(pending)).toEqual({ kind: 'ignored', eventId: `mp-payment-${paymentId}-in_process`, why: 'payment in_process' });
    // An alphanumeric id is signed in lower case: the notification verifies, and is ignored as another resource.
    const order = await fake.notify(receiver.url, { type: 'merchant_order', dataId: 'ORDER9F' });
    expect(acceptedEvent(order)).toEqual({
      kind: 'ignored',
      eventId: 'mp-merchant_order-ORDER9F',
      why: 'notification type merchant_order',
    });
  });

  it('refuses (throws on) an amount with more decimals than the currency has', async () => {
    const mxn = await payCheckout(checkout({ amountMinor: 123_450, currency: 'MXN' }), { transactionAmount: 1234.567 });
    expect(mxn).toMatchObject({ status: 500, body: expect.stringContaining('MXN has at most 2 decimals, got "1234.567"') });
    const clp = await payCheckout(checkout({ amountMinor: 150_000, currency: 'CLP' }), { transactionAmount: 150_000.5 });
    expect(clp).toMatchObject({ status: 500, body: expect.stringContaining('CLP has no decimals') });
  });

  it('reads a signed legacy IPN notification (?id=…&topic=payment) too', async () => {
    const { paymentId } = await payCheckout(checkout());
    const legacy = await fake.notify(receiver.url, { type: 'payment', dataId: String(paymentId), legacy: true });
    expect(acceptedEvent(legacy)).toMatchObject({ kind: 'paid', providerPaymentId: String(paymentId) });
    const unsigned = await fake.notify(receiver.url, { type: 'payment', dataId: String(paymentId), legacy: true }, 'missing-signature');
    expect(unsigned).toEqual({ status: 401, body: 'null' });
  });

  it.each(['wrong-secret', 'missing-signature', 'missing-request-id', 'other-request-id', 'other-data-id'] as const)(
    'reads nothing from a notification with %s',
    async (forgery) => {
      const { paymentId } = await payCheckout(checkout());
      const delivery = await fake.notify(receiver.url, { type: 'payment', dataId: String(paymentId) }, forgery);
      expect(delivery).toEqual({ status: 401, body: 'null' });
    },
  );

  it('refuses to start without a webhook secret (anyone could sign with an empty one)', () => {
    expect(() => createMercadoPagoProvider({ accessToken, webhookSecret: ' ', apiUrl: fake.url })).toThrow(/webhook secret is required/);
  });
});
