import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payLinkQrPng } from '../../server/pay-link-qr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { mercadoPagoSignature, startFakeMercadoPago, type FakeMercadoPago, type MercadoPagoForgery } from '../support/fake-mercadopago.js';
import { startFakeStripe, type FakeCheckoutSession, type FakeStripe, type StripeForgery } from '../support/fake-stripe.js';
import { startTestApp } from '../support/test-app.js';
import { openChat, type ChatClient } from './direct-line-client.js';

// Paying now through Stripe (US) and Mercado Pago (CL), end to end on the whole server (README "Payments", DESIGN
// §13): a debtor agrees an amount in the web chat, gets the provider's checkout URL, a bank reference and a QR code;
// the provider (a local fake that checks requests and signs webhooks as the real one does) is asked for exactly that
// amount; its signed webhook applies the payment to the ledger and the chat hears the receipt; a duplicate changes
// nothing, a forgery is refused with 401 and writes nothing, a refund or chargeback reverses it.

const folder = mkdtempSync(join(tmpdir(), 'e2e-pay-now-'));
const stripeKey = 'sk_test_paynowproviders0123456789';
const stripeWebhookSecret = 'whsec_paynowproviders0123456789';
const mpAccessToken = 'TEST-1234567890-paynow-access-token';
const mpWebhookSecret = 'mp-webhook-secret-paynow-0123456789';

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A port of 127.0.0.1 nobody listens on right now (the OS picked it, and it was let go). */
async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts the app on a port known beforehand, so that PUBLIC_URL (the notification_url Mercado Pago posts to) is the app itself. */
async function startOnKnownPort(name: string, environment: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  return startTestApp({
    DATABASE_URL: `file:${join(folder, `${name}.db`)}`,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LENDER_NAME: 'Banco Demo',
    WEBCHAT_TOKENS_PER_MINUTE: '1000',
    ...environment,
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "2,083.14" → 208314; "150.000" (CLP) → 150000. */
const usdCents = (shown: string): number => Math.round(Number(shown.replace(/,/g, '')) * 100);
const clpPesos = (shown: string): number => Number(shown.replace(/\./g, ''));

/** What the lender's ledger holds for an account: its money, its standing and how many rows explain them. */
async function ledgerOf(app: RunningApp, externalRef: string) {
  const prisma = app.database.prisma;
  const account = await prisma.account.findUniqueOrThrow({ where: { externalRef } });
  return {
    balanceMinor: account.balanceMinor,
    creditMinor: account.creditMinor,
    status: account.status,
    activeAgreementId: account.activeAgreementId,
    payments: await prisma.payment.count({ where: { accountId: account.id } }),
    balanceEntries: await prisma.balanceEntry.count({ where: { accountId: account.id } }),
    audit: await prisma.auditEvent.count(),
    links: (await prisma.paymentLink.findMany({ where: { accountId: account.id }, orderBy: { createdAt: 'asc' } })).map((link) => ({
      id: link.id,
      status: link.status,
    })),
    promises: (await prisma.paymentPromise.findMany({ where: { accountId: account.id } })).map((promise) => ({
      id: promise.id,
      status: promise.status,
    })),
  };
}

/**
 * The value of one sample of the Prometheus text at GET /metrics (0 when absent). The server reads the ledger's totals
 * at most once a second: compare with `expect.poll`.
 */
async function metric(app: RunningApp, sample: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

/** The newest payment link of an account, as the ledger holds it. */
async function newestLink(app: RunningApp, externalRef: string) {
  const account = await app.database.prisma.account.findUniqueOrThrow({ where: { externalRef } });
  return app.database.prisma.paymentLink.findFirstOrThrow({ where: { accountId: account.id }, orderBy: { createdAt: 'desc' } });
}

/** The bank reference a pay-now message quotes. */
function bankReferenceIn(text: string): string {
  const reference = /\b(P-[0-9A-HJKMNP-TV-Z]{8})\b/.exec(text)?.[1];
  if (!reference) throw new Error(`no bank reference in ${JSON.stringify(text)}`);
  return reference;
}

describe('pay now through the providers, on the whole server', () => {
  let stripe: FakeStripe;
  let mercadoPago: FakeMercadoPago;
  let app: RunningApp;

  beforeAll(async () => {
    stripe = await startFakeStripe({ secretKey: stripeKey });
    mercadoPago = await startFakeMercadoPago({ accessToken: mpAccessToken, webhookSecret: mpWebhookSecret });
    app = await startOnKnownPort('providers', {
      STRIPE_SECRET_KEY: stripeKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_API_URL: stripe.url,
      MERCADOPAGO_ACCESS_TOKEN: mpAccessToken,
      MERCADOPAGO_WEBHOOK_SECRET: mpWebhookSecret,
      MERCADOPAGO_API_URL: mercadoPago.url,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
    await mercadoPago?.close();
  });

  describe('Stripe: John Carter (US) pays his settlement', () => {
    const stripeWebhook = () => `${app.url}/payments/stripe/webhook`;
    let chat: ChatClient;
    let session: FakeCheckoutSession;
    let shownAmount: string;
    let payCents: number;
    let settled: Awaited<ReturnType<typeof ledgerOf>>;
    let paymentIntent: string;
    let completed: Awaited<ReturnType<FakeStripe['completeSession']>>;

    beforeAll(async () => {
      chat = await openChat(app.url, { webSocket: true, locale: 'en-US' });
    });
    afterAll(() => chat?.end());

    it('agrees the settlement and gets the Stripe checkout for exactly its amount, a bank reference and a QR code', async () => {
      await chat.say('my ssn last 4 is 4821, born 04/12/1979', /debt collector[\s\S]*2,450\.75/);
      const offer = await chat.say('I want to pay in full', /discount[\s\S]*Shall we agree/);
      const offered = /You would pay \$([\d,]+\.\d{2})/.exec(offer);
      expect(offered, offer).not.toBeNull();
      shownAmount = offered?.[1] ?? '';
      payCents = usdCents(shownAmount);
      expect(payCents).toBeGreaterThan(0);
      expect(payCents).toBeLessThan(245_075);

      const sessionsBefore = stripe.sessions.length;
      const reply = await chat.say('yes', /at this link/);
      expect(stripe.sessions).toHaveLength(sessionsBefore + 1);
      session = stripe.sessions.at(-1) as FakeCheckoutSession;

      // The debtor: the amount agreed, the checkout URL, the bank reference, the QR code of that URL.
      expect(reply).toContain(`you'll pay $${shownAmount}`);
      expect(reply).toContain(`You can pay $${shownAmount} now at this link:\n${session.url}`);
      const reference = bankReferenceIn(reply);
      expect(reply).toContain(`bank transfer, quoting the reference ${reference}`);
      const message = await chat.heard(new RegExp(escapeRegExp(session.url)));
      const qr = message.type === 'message' ? (message.attachments ?? []) : [];
      expect(qr).toHaveLength(1);
      expect(qr[0]?.contentType).toBe('image/png');
      const dataUrl = String(qr[0] && 'contentUrl' in qr[0] ? qr[0].contentUrl : '');
      expect(dataUrl).toMatch(/^data:image\/png;base64,/);
      expect(Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64').subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      // The QR code the server renders for exactly this URL (server/pay-now.ts renders it with these options).
      expect(dataUrl).toBe(payLinkQrPng(session.url));

      // The lender: a settlement for that amount, and an open link at Stripe for it with that reference.
      const account = await app.database.prisma.account.findUniqueOrThrow({
        where: { externalRef: 'US-PL-0003' },
        include: { agreements: true },
      });
      expect(account.agreements.map((agreement) => [agreement.kind, agreement.status, agreement.agreedAmountMinor])).toEqual([
        ['settlement', 'active', BigInt(payCents)],
      ]);
      const link = await newestLink(app, 'US-PL-0003');
      expect(link).toMatchObject({
        purpose: 'settlement',
        provider: 'stripe',
        currency: 'USD',
        amountMinor: BigInt(payCents),
        reference,
        url: session.url,
        providerRef: session.id,
        status: 'open',
      });

      // The provider: one session for exactly the amount shown, in cents of usd, carrying the link id.
      expect(session).toMatchObject({
        mode: 'payment',
        amount_total: payCents,
        currency: 'usd',
        metadata: { link_id: link.id },
        client_reference_id: link.id,
        payment_status: 'unpaid',
      });
      const request = stripe.received.at(-1);
      expect(request?.fields['line_items[0][quantity]']).toBe('1');
      expect(request?.fields['line_items[0][price_data][unit_amount]']).toBe(String(payCents));
      expect(request?.idempotencyKey).toBeTruthy();
      // No identity data travels to the provider.
      expect(JSON.stringify(request?.fields)).not.toMatch(/John|Carter|4821|1979-04-12|04\/12\/1979/);
    });

    it('completing the checkout applies the payment: 200, the receipt in the chat, the account settled with the discount written off', async () => {
      expect(session, 'the previous step created the session').toBeDefined();
      const before = await ledgerOf(app, 'US-PL-0003');
      const recoveredBefore = await metric(app, 'debtbot_recovered_minor{currency="USD"}');
      completed = await stripe.completeSession(session.id, stripeWebhook(), stripeWebhookSecret);
      expect(completed.status, completed.body).toBe(200);
      expect(JSON.parse(completed.body)).toEqual({ applied: true });
      paymentIntent = String(session.payment_intent);

      // The debtor hears the receipt, unprompted, in the same chat.
      const receipt = await chat.heard(/We received your payment/);
      expect(receipt.type === 'message' ? receipt.text : '').toBe(
        `We received your payment of $${shownAmount} to account ···0003. Thank you! Balance now: $0.00.`,
      );

      // The ledger: settled, the discount written off as an adjustment, the agreement completed, the link paid.
      settled = await ledgerOf(app, 'US-PL-0003');
      expect(settled).toMatchObject({ balanceMinor: 0n, creditMinor: 0n, status: 'settled', payments: before.payments + 1 });
      const payment = await app.database.prisma.payment.findFirstOrThrow({ where: { providerPaymentId: paymentIntent } });
      expect(payment).toMatchObject({ amountMinor: BigInt(payCents), currency: 'USD', source: 'stripe', kind: 'payment' });
      expect(payment.receiptAt).not.toBeNull();
      const entries = await app.database.prisma.balanceEntry.findMany({
        where: { accountId: payment.accountId },
        orderBy: { createdAt: 'asc' },
      });
      const paid = entries.find((entry) => entry.kind === 'payment' && entry.sourceId === payment.id);
      const writeOff = entries.find((entry) => entry.kind === 'adjustment' && entry.sourceId === payment.id);
      expect(paid?.deltaMinor).toBe(-BigInt(payCents));
      expect(writeOff?.deltaMinor).toBe(-(245_075n - BigInt(payCents)));
      expect(writeOff?.balanceAfterMinor).toBe(0n);
      const agreement = await app.database.prisma.agreement.findFirstOrThrow({ where: { accountId: payment.accountId } });
      expect(agreement).toMatchObject({ kind: 'settlement', status: 'completed', lumpSumPaidMinor: BigInt(payCents) });
      expect(settled.links.at(-1)?.status).toBe('paid');
      const audit = await app.database.prisma.auditEvent.findMany({ where: { action: 'payment.recorded', entityId: payment.accountId } });
      expect(audit).toHaveLength(1);
      await expect.poll(() => metric(app, 'debtbot_recovered_minor{currency="USD"}'), { timeout: 5_000 }).toBe(recoveredBefore + payCents);
    });

    it('the same webhook delivered again answers 200 duplicate and changes nothing', async () => {
      expect(completed, 'the previous step completed the session').toBeDefined();
      const again = await stripe.deliver(completed.event, stripeWebhook(), stripeWebhookSecret);
      expect(again.status, again.body).toBe(200);
      expect(JSON.parse(again.body)).toEqual({ applied: false, duplicate: true });
      expect(await ledgerOf(app, 'US-PL-0003')).toEqual(settled);
    });

    it.each<StripeForgery>(['wrong-secret', 'missing-signature', 'tampered-body', 'expired'])(
      'a forged delivery (%s) is refused with 401 and writes nothing',
      async (forgery) => {
        expect(settled, 'the payment step ran').toBeDefined();
        // A new event for the paid session (were it believed, the link would be paid twice), and a refund of it.
        const paidAgain = stripe.event('checkout.session.completed', { ...session });
        const refund = stripe.event('charge.refunded', {
          id: 'ch_forged',
          object: 'charge',
          amount: payCents,
          amount_refunded: payCents,
          currency: 'usd',
          payment_intent: paymentIntent,
          refunded: true,
        });
        for (const event of [paidAgain, refund]) {
          const answer = await stripe.deliver(event, stripeWebhook(), stripeWebhookSecret, forgery);
          expect({ type: event.type, status: answer.status }).toEqual({ type: event.type, status: 401 });
        }
        expect(await ledgerOf(app, 'US-PL-0003')).toEqual(settled);
      },
    );

    it('a refund reverses it: 200, the reversal receipt in the chat, the balance back and the account active again', async () => {
      expect(paymentIntent, 'the payment step ran').toBeDefined();
      const refunded = await stripe.refund(paymentIntent, stripeWebhook(), stripeWebhookSecret);
      expect(refunded.status, refunded.body).toBe(200);
      expect(JSON.parse(refunded.body)).toEqual({ applied: true });

      const receipt = await chat.heard(/was reversed/);
      expect(receipt.type === 'message' ? receipt.text : '').toBe(
        `Your payment of $${shownAmount} to account ···0003 was reversed (a refund or a chargeback). Balance now: $2,450.75.`,
      );

      const after = await ledgerOf(app, 'US-PL-0003');
      expect(after).toMatchObject({ balanceMinor: 245_075n, creditMinor: 0n, status: 'active', payments: settled.payments + 1 });
      const agreement = await app.database.prisma.agreement.findFirstOrThrow({ where: { account: { externalRef: 'US-PL-0003' } } });
      expect(agreement).toMatchObject({ status: 'active', lumpSumPaidMinor: 0n });
      expect(after.activeAgreementId).toBe(agreement.id);
      const original = await app.database.prisma.payment.findFirstOrThrow({ where: { providerPaymentId: paymentIntent, kind: 'payment' } });
      expect(original.reversedAt).not.toBeNull();
      const reversal = await app.database.prisma.payment.findFirstOrThrow({ where: { reversesPaymentId: original.id } });
      expect(reversal).toMatchObject({ kind: 'reversal', amountMinor: BigInt(payCents), source: 'stripe' });

      // The same refund again, or a dispute of the refunded payment, reverses nothing more.
      const again = await stripe.deliver(refunded.event, stripeWebhook(), stripeWebhookSecret);
      expect({ status: again.status, body: JSON.parse(again.body) as unknown }).toEqual({
        status: 200,
        body: { applied: false, duplicate: true },
      });
      const disputed = await stripe.dispute(paymentIntent, stripeWebhook(), stripeWebhookSecret);
      expect({ status: disputed.status, body: JSON.parse(disputed.body) as unknown }).toEqual({
        status: 200,
        body: { applied: false, duplicate: true },
      });
      expect(await ledgerOf(app, 'US-PL-0003')).toEqual(after);
    });

    it("the lender's /metrics stop counting the refunded payment as recovered", async () => {
      expect(paymentIntent, 'the refund step ran').toBeDefined();
      // The only USD payment of the ledger was refunded: nothing in USD stands.
      const stands = await app.database.prisma.payment.count({ where: { currency: 'USD', kind: 'payment', reversedAt: null } });
      expect(stands).toBe(0);
      await expect
        .poll(() => metric(app, 'debtbot_recovered_minor{currency="USD"}'), {
          timeout: 3_000,
          message: 'a currency whose payments were all reversed reads 0 in debtbot_recovered_minor, not its old total',
        })
        .toBe(0);
    });
  });

  describe('Mercado Pago: María José (CL) keeps a promise', () => {
    const promisedPesos = 150_000;
    let chat: ChatClient;
    let preferenceId: string;
    let paymentId: number;
    let paid: Awaited<ReturnType<typeof ledgerOf>>;
    let balanceBefore: bigint;

    beforeAll(async () => {
      chat = await openChat(app.url, { webSocket: false, locale: 'es-CL' });
    });
    afterAll(() => chat?.end());

    it('promises part of CL-TC-0001 and gets the Mercado Pago checkout for exactly that amount', async () => {
      await chat.say('12.345.678-5 14/03/1985', /1\.250\.000/);
      balanceBefore = (await ledgerOf(app, 'CL-TC-0001')).balanceMinor;
      await chat.say('te pago 150000 el viernes', /cuál cuenta/);
      const confirm = await chat.choose(/0001/, /Lo confirmas/);
      expect(confirm).toContain('Entonces pagarás $150.000 el');
      const preferencesBefore = mercadoPago.preferences.length;
      const reply = await chat.say('sí', /en este enlace/);
      expect(mercadoPago.preferences).toHaveLength(preferencesBefore + 1);
      const preference = mercadoPago.preferences.at(-1);
      if (!preference) throw new Error('no preference');
      preferenceId = preference.id;

      // The debtor: the promise, the init_point to pay it now, the bank reference, the QR code.
      const shown = /Puedes pagar ahora \$([\d.]+) en este enlace:\n(\S+)/.exec(reply);
      expect(shown?.[2], reply).toBe(preference.init_point);
      expect(clpPesos(shown?.[1] ?? '')).toBe(promisedPesos);
      expect(reply).toMatch(/registré tu compromiso de pagar \$150\.000 el/);
      const reference = bankReferenceIn(reply);
      const message = await chat.heard(new RegExp(escapeRegExp(preference.init_point)));
      expect(message.type === 'message' ? message.attachments?.map((item) => item.contentType) : []).toEqual(['image/png']);

      // The lender: a pending promise of 150.000 and a link for exactly it.
      const account = await app.database.prisma.account.findUniqueOrThrow({
        where: { externalRef: 'CL-TC-0001' },
        include: { promises: true },
      });
      expect(account.promises.map((promise) => [promise.amountMinor, promise.status])).toEqual([[BigInt(promisedPesos), 'pending']]);
      const link = await newestLink(app, 'CL-TC-0001');
      expect(link).toMatchObject({
        purpose: 'promise',
        promiseId: account.promises[0]?.id,
        provider: 'mercadopago',
        currency: 'CLP',
        amountMinor: BigInt(promisedPesos),
        reference,
        url: preference.init_point,
        providerRef: preference.id,
      });

      // The provider: a preference for exactly 150000 CLP whose external_reference is the link, notifying the app.
      expect(preference.items).toHaveLength(1);
      expect(preference.items[0]).toMatchObject({ quantity: 1, unit_price: promisedPesos, currency_id: 'CLP' });
      expect(preference.external_reference).toBe(link.id);
      expect(preference.notification_url).toBe(`${app.url}/payments/mercadopago/webhook`);
      expect(JSON.stringify(preference)).not.toMatch(/María|González|12\.345\.678|123456785|1985-03-14|14\/03\/1985/);
    });

    it('paying it applies exactly 150.000: 200, the receipt in Spanish, the promise kept', async () => {
      expect(preferenceId, 'the previous step created the preference').toBeDefined();
      const before = await ledgerOf(app, 'CL-TC-0001');
      const delivery = await mercadoPago.pay(preferenceId);
      paymentId = delivery.paymentId;
      expect(delivery.status, delivery.body).toBe(200);
      expect(JSON.parse(delivery.body)).toEqual({ applied: true });

      const receipt = await chat.heard(/Recibimos tu pago/);
      expect(receipt.type === 'message' ? receipt.text : '').toBe(
        'Recibimos tu pago de $150.000 a la cuenta ···0001. ¡Gracias! Saldo actual: $1.100.000.',
      );

      paid = await ledgerOf(app, 'CL-TC-0001');
      expect(paid.balanceMinor).toBe(balanceBefore - BigInt(promisedPesos));
      expect(paid).toMatchObject({ status: 'active', creditMinor: 0n, payments: before.payments + 1 });
      expect(paid.promises.map((promise) => promise.status)).toEqual(['kept']);
      await expect.poll(() => metric(app, 'debtbot_promises{status="kept"}'), { timeout: 5_000 }).toBe(1);
      expect(await metric(app, 'debtbot_promises{status="pending"}')).toBe(0);
      expect(paid.links.at(-1)?.status).toBe('paid');
      const payment = await app.database.prisma.payment.findFirstOrThrow({ where: { providerPaymentId: String(paymentId) } });
      expect(payment).toMatchObject({ amountMinor: BigInt(promisedPesos), currency: 'CLP', source: 'mercadopago', kind: 'payment' });

      // Mercado Pago notifies the same payment again: a duplicate.
      const again = await mercadoPago.notify(`${app.url}/payments/mercadopago/webhook`, {
        type: 'payment',
        dataId: String(paymentId),
        action: 'payment.updated',
      });
      expect({ status: again.status, body: JSON.parse(again.body) as unknown }).toEqual({
        status: 200,
        body: { applied: false, duplicate: true },
      });
      expect(await ledgerOf(app, 'CL-TC-0001')).toEqual(paid);
    });

    it.each<MercadoPagoForgery>(['wrong-secret', 'missing-signature', 'missing-request-id', 'other-request-id', 'other-data-id'])(
      'a notification with a bad signature (%s) is refused with 401 and writes nothing',
      async (forgery) => {
        expect(paid, 'the payment step ran').toBeDefined();
        const payment = mercadoPago.payments.get(paymentId) as { status: string; status_detail: string };
        // Were the notification believed, the app would read a charged-back payment and reverse it.
        Object.assign(payment, { status: 'charged_back', status_detail: 'settled' });
        try {
          const answer = await mercadoPago.notify(
            `${app.url}/payments/mercadopago/webhook`,
            { type: 'payment', dataId: String(paymentId), action: 'payment.updated' },
            forgery,
          );
          expect(answer.status, answer.body).toBe(401);
        } finally {
          Object.assign(payment, { status: 'approved', status_detail: 'accredited' });
        }
        expect(await ledgerOf(app, 'CL-TC-0001')).toEqual(paid);
      },
    );

    it('a chargeback reverses it: the reversal receipt in Spanish, the balance back, the promise pending again', async () => {
      expect(paid, 'the payment step ran').toBeDefined();
      const delivery = await mercadoPago.chargeback(paymentId);
      expect(delivery.status, delivery.body).toBe(200);
      expect(JSON.parse(delivery.body)).toEqual({ applied: true });

      const receipt = await chat.heard(/fue reversado/);
      expect(receipt.type === 'message' ? receipt.text : '').toBe(
        'Tu pago de $150.000 a la cuenta ···0001 fue reversado (un reembolso o un contracargo). Saldo actual: $1.250.000.',
      );

      const after = await ledgerOf(app, 'CL-TC-0001');
      expect(after.balanceMinor).toBe(balanceBefore);
      expect(after).toMatchObject({ status: 'active', creditMinor: 0n, payments: paid.payments + 1 });
      expect(after.promises.map((promise) => promise.status)).toEqual(['pending']);
      const reversal = await app.database.prisma.payment.findFirstOrThrow({ where: { kind: 'reversal', source: 'mercadopago' } });
      expect(reversal.amountMinor).toBe(BigInt(promisedPesos));

      // Mercado Pago notifies the charged-back payment again: nothing more is reversed.
      const again = await mercadoPago.notify(`${app.url}/payments/mercadopago/webhook`, {
        type: 'payment',
        dataId: String(paymentId),
        action: 'payment.updated',
      });
      expect(again.status, again.body).toBe(200);
      expect(await ledgerOf(app, 'CL-TC-0001')).toEqual(after);
    });

    it("the lender's /metrics show the promise pending again, no longer kept", async () => {
      expect(paid, 'the payment step ran').toBeDefined();
      expect(await app.database.prisma.paymentPromise.groupBy({ by: ['status'], _count: { _all: true } })).toEqual([
        { status: 'pending', _count: { _all: 1 } },
      ]);
      await expect.poll(() => metric(app, 'debtbot_promises{status="pending"}'), { timeout: 3_000 }).toBe(1);
      await expect
        .poll(() => metric(app, 'debtbot_promises{status="kept"}'), {
          timeout: 3_000,
          message: 'a status no promise has any more reads 0 in debtbot_promises, not its old count',
        })
        .toBe(0);
    });
  });
});

describe('a provider that is down', () => {
  let app: RunningApp;

  beforeAll(async () => {
    const closed = await freePort();
    app = await startOnKnownPort('provider-down', {
      STRIPE_SECRET_KEY: stripeKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_API_URL: `http://127.0.0.1:${closed}`,
      MERCADOPAGO_ACCESS_TOKEN: mpAccessToken,
      MERCADOPAGO_WEBHOOK_SECRET: mpWebhookSecret,
      MERCADOPAGO_API_URL: `http://127.0.0.1:${closed}`,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('Stripe refusing connections: the debtor still gets the bank reference for the exact amount, and the chat goes on', async () => {
    const chat = await openChat(app.url, { webSocket: true, locale: 'en-US' });
    try {
      await chat.say('4821 04/12/1979', /2,450\.75/);
      const offer = await chat.say('I want to pay in full', /Shall we agree/);
      const shown = /You would pay \$([\d,]+\.\d{2})/.exec(offer)?.[1] ?? '';
      const reply = await chat.say('yes', /bank transfer/, 20_000);
      const reference = bankReferenceIn(reply);
      expect(reply).toContain(`You can pay $${shown} by bank transfer, quoting the reference ${reference}`);
      expect(reply).not.toMatch(/at this link|http/);
      const message = await chat.heard(new RegExp(reference));
      expect(message.type === 'message' ? (message.attachments ?? []) : []).toEqual([]);
      const link = await newestLink(app, 'US-PL-0003');
      expect(link).toMatchObject({ reference, provider: 'stripe', url: null, status: 'open', amountMinor: BigInt(usdCents(shown)) });
      // The chat goes on.
      await chat.say('how much do I owe?', /2,450\.75/);
    } finally {
      chat.end();
    }
  }, 40_000);

  it('Mercado Pago refusing connections: the debtor still gets the bank reference for the promise', async () => {
    const chat = await openChat(app.url, { webSocket: false, locale: 'es-CL' });
    try {
      await chat.say('12.345.678-5 14/03/1985', /1\.250\.000/);
      await chat.say('te pago 150000 el viernes', /cuál cuenta/);
      await chat.choose(/0001/, /Lo confirmas/);
      const reply = await chat.say('sí', /transferencia/, 20_000);
      const reference = bankReferenceIn(reply);
      expect(reply).toMatch(/registré tu compromiso de pagar \$150\.000/);
      expect(reply).toMatch(new RegExp(`\\$150\\.000[\\s\\S]*${reference}`));
      expect(reply).not.toMatch(/en este enlace|http/);
      const link = await newestLink(app, 'CL-TC-0001');
      expect(link).toMatchObject({ reference, provider: 'mercadopago', url: null, amountMinor: 150_000n });
      await chat.say('cuánto debo', /1\.250\.000/);
    } finally {
      chat.end();
    }
  }, 40_000);

  it('a signed Mercado Pago notification it cannot read the payment of answers 503 (Mercado Pago retries) and writes nothing', async () => {
    const before = await ledgerOf(app, 'CL-TC-0001');
    const requestId = 'c3a1f6f0-1111-4222-8333-944455556666';
    const response = await fetch(`${app.url}/payments/mercadopago/webhook?data.id=1319000001&type=payment`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'x-request-id': requestId,
        'x-signature': mercadoPagoSignature('1319000001', requestId, mpWebhookSecret),
      },
      body: JSON.stringify({ action: 'payment.created', api_version: 'v1', data: { id: '1319000001' }, type: 'payment' }),
    });
    expect(response.status, await response.text()).toBe(503);
    expect(await ledgerOf(app, 'CL-TC-0001')).toEqual(before);
  }, 20_000);
});

describe('a provider that takes connections and never answers', () => {
  let app: RunningApp;
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Connections are accepted and kept, and never answered.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    app = await startOnKnownPort('provider-silent', {
      STRIPE_SECRET_KEY: stripeKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_API_URL: `http://127.0.0.1:${address.port}`,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => {
      silent?.close(() => resolve());
      // Let go of the app's requests still waiting for an answer.
      for (const socket of sockets) socket.destroy();
    });
  });

  it('the debtor still gets the bank reference for the exact amount', async () => {
    const chat = await openChat(app.url, { webSocket: true, locale: 'en-US' });
    try {
      await chat.say('4821 04/12/1979', /2,450\.75/);
      const offer = await chat.say('I want to pay in full', /Shall we agree/);
      const shown = /You would pay \$([\d,]+\.\d{2})/.exec(offer)?.[1] ?? '';
      const reply = await chat.say('yes', /it's recorded/, 20_000);
      const link = await newestLink(app, 'US-PL-0003');
      expect(link).toMatchObject({ provider: 'stripe', amountMinor: BigInt(usdCents(shown)) });
      expect(
        reply,
        `a provider that does not answer still leaves the debtor the bank reference ${link.reference} the ledger opened for this amount`,
      ).toContain(`You can pay $${shown} by bank transfer, quoting the reference ${link.reference}`);
      await chat.say('how much do I owe?', /2,450\.75/);
    } finally {
      chat.end();
    }
  }, 40_000);
});
