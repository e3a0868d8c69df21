// A local stand-in for Mercado Pago's API and its webhook notifications, on 127.0.0.1: `POST /checkout/preferences`
// and `GET /v1/payments/:id` as the official SDK calls them (JSON, Bearer access token, X-Idempotency-Key), and
// notifications posted to a preference's notification_url, signed as Mercado Pago documents: `x-signature: ts=<unix>,
// v1=<hex HMAC-SHA256 of "id:<data.id>;request-id:<x-request-id>;ts:<ts>;">` with the application's secret.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A preference item as the fake accepted it. */
export interface FakePreferenceItem {
  readonly id?: string;
  readonly title: string;
  readonly quantity: number;
  readonly unit_price: number;
  readonly currency_id: string;
}

/** A Checkout Pro preference as the fake keeps and returns it. */
export interface FakePreference {
  readonly id: string;
  readonly init_point: string;
  readonly sandbox_init_point: string;
  readonly items: readonly FakePreferenceItem[];
  readonly external_reference: string | null;
  readonly notification_url: string | null;
  readonly back_urls: Readonly<Record<string, string>>;
  readonly auto_return: string;
  readonly collector_id: number;
  readonly operation_type: 'regular_payment';
  readonly date_created: string;
}

/** A payment as `GET /v1/payments/:id` returns it (the fields this project reads, and a few more). */
export interface FakePayment {
  readonly id: number;
  status: string;
  status_detail: string;
  readonly transaction_amount: number;
  transaction_amount_refunded: number;
  readonly currency_id: string;
  readonly external_reference: string | null;
  readonly preference_id: string;
  readonly date_created: string;
  readonly date_approved: string | null;
  date_last_updated: string;
  readonly live_mode: false;
}

/** Ways a notification can be forged or damaged on its way. */
export type MercadoPagoForgery = 'wrong-secret' | 'missing-signature' | 'missing-request-id' | 'other-request-id' | 'other-data-id';

/** What a notification names: `?data.id=…&type=…` (or, legacy IPN, `?id=…&topic=…`). */
export interface NotificationResource {
  readonly type: string;
  readonly dataId: string;
  readonly action?: string;
  readonly legacy?: boolean;
}

/** What the webhook endpoint answered to a notification. */
export interface MercadoPagoDelivery {
  readonly status: number;
  readonly body: string;
}

/** The running fake and its test helpers. */
export interface FakeMercadoPago {
  /** The API root to give the provider as apiUrl. */
  readonly url: string;
  /** The preferences created (an idempotent replay adds none). */
  readonly preferences: readonly FakePreference[];
  /** Payments by id. */
  readonly payments: ReadonlyMap<number, FakePayment>;
  /**
   * The payer pays the preference: an approved payment of unit_price × quantity (or `transactionAmount`, to send an
   * amount Mercado Pago should never send) is created and notified to the preference's notification_url.
   */
  pay(
    preferenceId: string,
    options?: { readonly transactionAmount?: number },
  ): Promise<MercadoPagoDelivery & { readonly paymentId: number }>;
  /** The payment is refunded in full (status refunded) and notified. */
  refund(paymentId: number): Promise<MercadoPagoDelivery>;
  /** The payer's bank charges the payment back (status charged_back) and it is notified. */
  chargeback(paymentId: number): Promise<MercadoPagoDelivery>;
  /** Posts a notification about any resource to `notificationUrl`, signed unless a forgery is asked for. */
  notify(notificationUrl: string, resource: NotificationResource, forgery?: MercadoPagoForgery): Promise<MercadoPagoDelivery>;
  close(): Promise<void>;
}

const collectorId = 1_234_567_890;
const currencies = new Set(['ARS', 'BRL', 'CLP', 'COP', 'MXN', 'PEN', 'USD', 'UYU']);

/** An instant as Mercado Pago writes it: milliseconds and the seller's offset, e.g. 2026-12-03T10:00:00.000-04:00. */
function mercadoPagoTime(date = new Date()): string {
  return new Date(date.getTime() - 4 * 3600_000).toISOString().replace('Z', '-04:00');
}

/** The `x-signature` value for a notification about `dataId`, as Mercado Pago builds it. */
export function mercadoPagoSignature(dataId: string, requestId: string, secret: string, ts = Math.floor(Date.now() / 1000)): string {
  const id = /^[0-9a-z]+$/i.test(dataId) ? dataId.toLowerCase() : dataId;
  const manifest = `id:${id};request-id:${requestId};ts:${ts};`;
  return `ts=${ts},v1=${createHmac('sha256', secret).update(manifest).digest('hex')}`;
}

/** Thrown inside a request to answer with Mercado Pago's error JSON. */
class MercadoPagoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': randomUUID() }).end(body);
}

/** Validates one item as Mercado Pago does for what this project sends. */
function validItem(item: unknown): FakePreferenceItem {
  const candidate = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const invalid = (field: string) => new MercadoPagoApiError(400, 'invalid_items', `${field} invalid`);
  if (typeof candidate.title !== 'string' || candidate.title === '') throw invalid('title');
  if (typeof candidate.quantity !== 'number' || !Number.isInteger(candidate.quantity) || candidate.quantity <= 0) throw invalid('quantity');
  if (typeof candidate.unit_price !== 'number' || !(candidate.unit_price > 0)) throw invalid('unit_price');
  if (typeof candidate.currency_id !== 'string' || !currencies.has(candidate.currency_id)) throw invalid('currency_id');
  return {
    ...(typeof candidate.id === 'string' ? { id: candidate.id } : {}),
    title: candidate.title,
    quantity: candidate.quantity,
    unit_price: candidate.unit_price,
    currency_id: candidate.currency_id,
  };
}

/** Validates a preference creation and builds the preference. */
function newPreference(body: string, origin: string): FakePreference {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new MercadoPagoApiError(400, 'bad_request', 'invalid json body');
  }
  if (!Array.isArray(request.items) || request.items.length === 0) throw new MercadoPagoApiError(400, 'invalid_items', 'items needed');
  const id = `${collectorId}-${randomUUID()}`;
  const redirect = `${origin}/checkout/v1/redirect?pref-id=${id}`;
  return {
    id,
    init_point: redirect,
    sandbox_init_point: `${redirect}&sandbox=true`,
    items: request.items.map(validItem),
    external_reference: typeof request.external_reference === 'string' ? request.external_reference : null,
    notification_url: typeof request.notification_url === 'string' ? request.notification_url : null,
    back_urls: (request.back_urls ?? {}) as Record<string, string>,
    auto_return: typeof request.auto_return === 'string' ? request.auto_return : '',
    collector_id: collectorId,
    operation_type: 'regular_payment',
    date_created: mercadoPagoTime(),
  };
}

/** Starts the fake on a random port of 127.0.0.1; it accepts only `accessToken`, and signs notifications with `webhookSecret`. */
export async function startFakeMercadoPago(options: {
  readonly accessToken: string;
  readonly webhookSecret: string;
}): Promise<FakeMercadoPago> {
  const preferences: FakePreference[] = [];
  const payments = new Map<number, FakePayment>();
  const replays = new Map<string, string>();
  let nextPaymentId = 1_319_000_001;
  let nextNotificationId = 12_000_000_001;
  let origin = '';

  const authenticate = (request: IncomingMessage): void => {
    if (request.headers.authorization !== `Bearer ${options.accessToken}`)
      throw new MercadoPagoApiError(401, 'unauthorized', 'invalid access token');
  };

  const createPreference = (request: IncomingMessage, body: string, response: ServerResponse): void => {
    authenticate(request);
    const idempotencyKey = request.headers['x-idempotency-key'] as string | undefined;
    const replay = idempotencyKey === undefined ? undefined : replays.get(idempotencyKey);
    if (replay) return sendJson(response, 201, replay);
    const preference = newPreference(body, origin);
    preferences.push(preference);
    const answer = JSON.stringify(preference);
    if (idempotencyKey !== undefined) replays.set(idempotencyKey, answer);
    sendJson(response, 201, answer);
  };

  const getPayment = (request: IncomingMessage, id: string, response: ServerResponse): void => {
    authenticate(request);
    const payment = payments.get(Number(id));
    if (!payment) throw new MercadoPagoApiError(404, 'not_found', 'Payment not found');
    sendJson(response, 200, JSON.stringify(payment));
  };

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = new URL(request.url ?? '/', origin).pathname;
      try {
        if (request.method === 'POST' && /^\/checkout\/preferences\/?$/.test(path)) return createPreference(request, body, response);
        const paymentId = /^\/v1\/payments\/(\d+)$/.exec(path)?.[1];
        if (request.method === 'GET' && paymentId) return getPayment(request, paymentId, response);
        throw new MercadoPagoApiError(404, 'not_found', `resource ${request.method} ${path} not found`);
      } catch (error) {
        if (!(error instanceof MercadoPagoApiError)) throw error;
        const { status, code, message } = error;
        sendJson(response, status, JSON.stringify({ message, error: code, status, cause: [{ code, description: message, data: null }] }));
      }
    })().catch((error: unknown) =>
      sendJson(response, 500, JSON.stringify({ message: String(error), error: 'internal_error', status: 500, cause: [] })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const notify = async (
    notificationUrl: string,
    resource: NotificationResource,
    forgery?: MercadoPagoForgery,
  ): Promise<MercadoPagoDelivery> => {
    const requestId = randomUUID();
    const url = new URL(notificationUrl);
    const sentId = forgery === 'other-data-id' ? `${resource.dataId}1` : resource.dataId;
    url.searchParams.set(resource.legacy ? 'id' : 'data.id', sentId);
    url.searchParams.set(resource.legacy ? 'topic' : 'type', resource.type);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (forgery !== 'missing-signature')
      headers['x-signature'] = mercadoPagoSignature(
        resource.dataId,
        requestId,
        forgery === 'wrong-secret' ? `${options.webhookSecret}-not` : options.webhookSecret,
      );
    if (forgery !== 'missing-request-id') headers['x-request-id'] = forgery === 'other-request-id' ? randomUUID() : requestId;
    const body = JSON.stringify({
      action: resource.action ?? `${resource.type}.updated`,
      api_version: 'v1',
      data: { id: resource.dataId },
      date_created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      id: nextNotificationId++,
      live_mode: false,
      type: resource.type,
      user_id: collectorId,
    });
    const answer = await fetch(url, { method: 'POST', headers, body });
    return { status: answer.status, body: await answer.text() };
  };

  /** Changes a payment's status and notifies the notification_url of its preference. */
  const update = async (paymentId: number, status: string, statusDetail: string): Promise<MercadoPagoDelivery> => {
    const payment = payments.get(paymentId);
    if (!payment) throw new Error(`no payment ${paymentId}`);
    Object.assign(payment, { status, status_detail: statusDetail, date_last_updated: mercadoPagoTime() });
    if (status === 'refunded') payment.transaction_amount_refunded = payment.transaction_amount;
    const preference = preferences.find((candidate) => candidate.id === payment.preference_id);
    if (!preference?.notification_url) throw new Error(`payment ${paymentId} has no notification_url`);
    return notify(preference.notification_url, { type: 'payment', dataId: String(paymentId), action: 'payment.updated' });
  };

  return {
    url: origin,
    preferences,
    payments,
    notify,
    async pay(preferenceId, payOptions = {}) {
      const preference = preferences.find((candidate) => candidate.id === preferenceId);
      if (!preference?.notification_url) throw new Error(`no preference ${preferenceId} with a notification_url`);
      const [first] = preference.items;
      if (!first) throw new Error(`preference ${preferenceId} has no items`);
      const now = mercadoPagoTime();
      const payment: FakePayment = {
        id: nextPaymentId++,
        status: 'approved',
        status_detail: 'accredited',
        transaction_amount:
          payOptions.transactionAmount ?? preference.items.reduce((total, item) => total + item.unit_price * item.quantity, 0),
        transaction_amount_refunded: 0,
        currency_id: first.currency_id,
        external_reference: preference.external_reference,
        preference_id: preference.id,
        date_created: now,
        date_approved: now,
        date_last_updated: now,
        live_mode: false,
      };
      payments.set(payment.id, payment);
      const delivery = await notify(preference.notification_url, {
        type: 'payment',
        dataId: String(payment.id),
        action: 'payment.created',
      });
      return { ...delivery, paymentId: payment.id };
    },
    refund: (paymentId) => update(paymentId, 'refunded', 'refunded'),
    chargeback: (paymentId) => update(paymentId, 'charged_back', 'settled'),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
