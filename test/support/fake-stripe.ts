// A local stand-in for Stripe's API and its webhooks, on 127.0.0.1: it answers `POST /v1/checkout/sessions` as Stripe
// does for what the official SDK sends (form-encoded bracket keys, Bearer secret key, Idempotency-Key), and sends
// events to a webhook URL signed as Stripe signs them (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`).
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Checkout Session as the fake keeps it (the fields Stripe returns that this project reads, and a few more). */
export interface FakeCheckoutSession {
  readonly id: string;
  readonly object: 'checkout.session';
  readonly url: string;
  readonly mode: 'payment';
  readonly amount_subtotal: number;
  readonly amount_total: number;
  readonly currency: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly client_reference_id: string | null;
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid';
  status: 'complete' | 'open';
  readonly success_url: string;
  readonly cancel_url: string | null;
  readonly created: number;
  readonly expires_at: number;
  readonly livemode: false;
}

/** One `POST /v1/checkout/sessions` as it arrived: its Idempotency-Key and its decoded form fields. */
export interface ReceivedSessionRequest {
  readonly idempotencyKey: string | undefined;
  readonly fields: Readonly<Record<string, string>>;
}

/** A Stripe event (API version of the installed SDK's era), as posted to webhook endpoints. */
export interface FakeStripeEvent {
  readonly id: string;
  readonly object: 'event';
  readonly api_version: string;
  readonly created: number;
  readonly data: { readonly object: object };
  readonly livemode: false;
  readonly pending_webhooks: number;
  readonly request: { readonly id: null; readonly idempotency_key: null };
  readonly type: string;
}

/** Ways a delivery can be forged: signed with another secret, unsigned, body changed after signing, signed an hour ago. */
export type StripeForgery = 'wrong-secret' | 'missing-signature' | 'tampered-body' | 'expired';

/** What the webhook endpoint answered to a delivery. */
export interface StripeDelivery {
  readonly status: number;
  readonly body: string;
  readonly event: FakeStripeEvent;
}

/** The running fake and its test helpers. */
export interface FakeStripe {
  /** The API origin to give the provider as apiUrl. */
  readonly url: string;
  /** The sessions created (an idempotent replay adds none). */
  readonly sessions: readonly FakeCheckoutSession[];
  /** Every session request received, replays included. */
  readonly received: readonly ReceivedSessionRequest[];
  /** The payer pays: the session completes with a new payment intent, and `checkout.session.completed` is delivered. */
  completeSession(sessionId: string, webhookUrl: string, webhookSecret: string): Promise<StripeDelivery>;
  /** The payment is refunded (fully, unless `amountRefunded` in Stripe's units says less): `charge.refunded` is delivered. */
  refund(
    paymentIntentId: string,
    webhookUrl: string,
    webhookSecret: string,
    options?: { amountRefunded?: number },
  ): Promise<StripeDelivery>;
  /** The payer disputes the payment: `charge.dispute.created` is delivered. */
  dispute(paymentIntentId: string, webhookUrl: string, webhookSecret: string): Promise<StripeDelivery>;
  /** Builds an event of any type around `object`. */
  event(type: string, object: object): FakeStripeEvent;
  /** Posts `event` to the webhook URL, signed with `webhookSecret` unless a forgery is asked for. */
  deliver(event: FakeStripeEvent, webhookUrl: string, webhookSecret: string, forgery?: StripeForgery): Promise<StripeDelivery>;
  close(): Promise<void>;
}

const apiVersion = '2026-11-18.endive';

/** A Stripe-like object id: prefix and random characters. */
function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

const unixNow = (): number => Math.floor(Date.now() / 1000);

/** The `Stripe-Signature` header Stripe sends for `payload` at `timestamp` (Unix seconds). */
export function stripeSignatureHeader(payload: string, secret: string, timestamp = unixNow()): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/** Thrown inside a request to answer with Stripe's error JSON. */
class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': newId('req'), ...headers }).end(body);
}

/** Checks the request carries the fake's secret key as Stripe's Bearer auth. */
function authenticate(request: IncomingMessage, secretKey: string): void {
  const authorization = request.headers.authorization;
  if (!authorization)
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  const key = /^Bearer (\S+)$/.exec(authorization)?.[1] ?? '';
  if (key !== secretKey)
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`);
}

/** A positive integer form field, or a 400 naming it. */
function positiveInteger(fields: Readonly<Record<string, string>>, param: string): number {
  const text = fields[param];
  if (text === undefined) throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, param);
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new StripeApiError(400, 'invalid_request_error', `Invalid integer: ${text}. This value must be greater than 0.`, param);
  return Number(text);
}

/** Validates a session creation as Stripe does for what this project sends, and builds the open session. */
function newSession(fields: Readonly<Record<string, string>>, origin: string): FakeCheckoutSession {
  if (fields.mode !== 'payment')
    throw new StripeApiError(400, 'invalid_request_error', `Invalid mode: must be one of payment, setup or subscription.`, 'mode');
  if (!fields.success_url) throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: success_url.', 'success_url');
  const itemIndexes = new Set(Object.keys(fields).flatMap((key) => /^line_items\[(\d+)\]/.exec(key)?.[1] ?? []));
  if (itemIndexes.size !== 1 || !itemIndexes.has('0'))
    throw new StripeApiError(400, 'invalid_request_error', `This fake takes exactly one line item, got ${itemIndexes.size}.`, 'line_items');
  const unitAmount = positiveInteger(fields, 'line_items[0][price_data][unit_amount]');
  const quantity = positiveInteger(fields, 'line_items[0][quantity]');
  const currency = fields['line_items[0][price_data][currency]'] ?? '';
  if (!/^[a-z]{3}$/.test(currency))
    throw new StripeApiError(400, 'invalid_request_error', `Invalid currency: ${currency}.`, 'line_items[0][price_data][currency]');
  const metadata = Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) => {
      const name = /^metadata\[([^\]]+)\]$/.exec(key)?.[1];
      return name ? [[name, value]] : [];
    }),
  );
  const id = newId('cs_test');
  const created = unixNow();
  return {
    id,
    object: 'checkout.session',
    url: `${origin}/c/pay/${id}`,
    mode: 'payment',
    amount_subtotal: unitAmount * quantity,
    amount_total: unitAmount * quantity,
    currency,
    metadata,
    client_reference_id: fields.client_reference_id ?? null,
    payment_intent: null,
    payment_status: 'unpaid',
    status: 'open',
    success_url: fields.success_url,
    cancel_url: fields.cancel_url ?? null,
    created,
    expires_at: created + 24 * 3600,
    livemode: false,
  };
}

/** Starts the fake on a random port of 127.0.0.1; it accepts only `secretKey` (an `sk_test_…` key). */
export async function startFakeStripe(options: { readonly secretKey: string }): Promise<FakeStripe> {
  if (!options.secretKey.startsWith('sk_test_')) throw new Error('the fake Stripe takes a test key, sk_test_…');
  const sessions: FakeCheckoutSession[] = [];
  const received: ReceivedSessionRequest[] = [];
  const replays = new Map<string, { readonly fields: string; readonly response: string }>();
  let origin = '';

  const createSession = (request: IncomingMessage, body: string, response: ServerResponse): void => {
    authenticate(request, options.secretKey);
    const fields = Object.fromEntries(new URLSearchParams(body));
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    received.push({ idempotencyKey, fields });
    const replay = idempotencyKey === undefined ? undefined : replays.get(idempotencyKey);
    if (replay) {
      if (replay.fields !== JSON.stringify(fields))
        throw new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      return sendJson(response, 200, replay.response, { 'Idempotent-Replayed': 'true' });
    }
    const session = newSession(fields, origin);
    sessions.push(session);
    const answer = JSON.stringify(session);
    if (idempotencyKey !== undefined) replays.set(idempotencyKey, { fields: JSON.stringify(fields), response: answer });
    sendJson(response, 200, answer);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      try {
        if (request.method === 'POST' && request.url === '/v1/checkout/sessions') return createSession(request, body, response);
        throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.url}).`);
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        const { status, type, message, param } = error;
        sendJson(response, status, JSON.stringify({ error: { type, message, ...(param ? { param } : {}) } }));
      }
    })().catch((error: unknown) => sendJson(response, 500, JSON.stringify({ error: { type: 'api_error', message: String(error) } })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const event = (type: string, object: object): FakeStripeEvent => ({
    id: newId('evt'),
    object: 'event',
    api_version: apiVersion,
    created: unixNow(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });

  const deliver = async (
    sent: FakeStripeEvent,
    webhookUrl: string,
    webhookSecret: string,
    forgery?: StripeForgery,
  ): Promise<StripeDelivery> => {
    const payload = JSON.stringify(sent, null, 2);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    };
    if (forgery !== 'missing-signature')
      headers['Stripe-Signature'] = stripeSignatureHeader(
        payload,
        forgery === 'wrong-secret' ? `${webhookSecret}-not` : webhookSecret,
        forgery === 'expired' ? unixNow() - 3600 : undefined,
      );
    const body = forgery === 'tampered-body' ? payload.replace(sent.id, `${sent.id}_forged`) : payload;
    const answer = await fetch(webhookUrl, { method: 'POST', headers, body });
    return { status: answer.status, body: await answer.text(), event: sent };
  };

  const sessionPaidBy = (paymentIntentId: string): FakeCheckoutSession => {
    const session = sessions.find((candidate) => candidate.payment_intent === paymentIntentId);
    if (!session) throw new Error(`no session was paid by ${paymentIntentId}`);
    return session;
  };

  return {
    url: origin,
    sessions,
    received,
    event,
    deliver,
    async completeSession(sessionId, webhookUrl, webhookSecret) {
      const session = sessions.find((candidate) => candidate.id === sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: newId('pi') });
      return deliver(event('checkout.session.completed', { ...session }), webhookUrl, webhookSecret);
    },
    async refund(paymentIntentId, webhookUrl, webhookSecret, refundOptions = {}) {
      const session = sessionPaidBy(paymentIntentId);
      const amountRefunded = refundOptions.amountRefunded ?? session.amount_total;
      const charge = {
        id: newId('ch'),
        object: 'charge',
        amount: session.amount_total,
        amount_captured: session.amount_total,
        amount_refunded: amountRefunded,
        currency: session.currency,
        paid: true,
        payment_intent: paymentIntentId,
        refunded: amountRefunded === session.amount_total,
        status: 'succeeded',
        created: unixNow(),
        livemode: false,
      };
      return deliver(event('charge.refunded', charge), webhookUrl, webhookSecret);
    },
    async dispute(paymentIntentId, webhookUrl, webhookSecret) {
      const session = sessionPaidBy(paymentIntentId);
      const dispute = {
        id: newId('dp'),
        object: 'dispute',
        amount: session.amount_total,
        charge: newId('ch'),
        currency: session.currency,
        payment_intent: paymentIntentId,
        reason: 'fraudulent',
        status: 'needs_response',
        created: unixNow(),
        livemode: false,
      };
      return deliver(event('charge.dispute.created', dispute), webhookUrl, webhookSecret);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
