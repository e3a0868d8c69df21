// The fake Graph API driven over plain HTTP, as the Cloud API adapter will drive it, with a tiny local webhook
// receiver: proves it holds a client to Meta's rules with Meta's codes and delivers webhooks as Meta does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from './fake-graph-api.js';

const token = 'EAAG-test-token';
const phoneNumberId = '106540352242922';
const appSecret = 'app-secret-for-tests';
const debtor = '5491122334455';
const stranger = '5491199887766';
const templates = [
  { name: 'payment_reminder', language: 'es_AR', bodyParameters: 2 },
  { name: 'reopen_chat', language: 'es_AR', bodyParameters: 0 },
];
const HOUR_MS = 60 * 60 * 1000;

/** One POST the receiver got: the exact bytes and the headers. */
interface Received {
  readonly raw: Buffer;
  readonly headers: IncomingHttpHeaders;
}

let fake: FakeGraphApi;
let clockMs: number;
let receiver: Server;
let received: Received[];
/** The receiver's answer; by default 200 when the signature verifies, 401 otherwise (as the app's webhook should). */
let receiverStatus: ((request: Received) => number) | undefined;

function verifies(request: Received): boolean {
  const header = request.headers['x-hub-signature-256'];
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(request.raw).digest('hex')}`);
  const actual = Buffer.from(header);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

beforeEach(async () => {
  clockMs = Date.UTC(2025, 0, 15, 12, 0, 0);
  fake = await startFakeGraphApi({ token, phoneNumberId, appSecret, templates, nowMs: () => clockMs });
  received = [];
  receiverStatus = undefined;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { raw: Buffer.concat(chunks), headers: req.headers };
      received.push(request);
      res.writeHead(receiverStatus ? receiverStatus(request) : verifies(request) ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  fake.setWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/whatsapp/cloud/webhook`);
});

afterEach(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

interface GraphAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** POSTs to /{phone-number-id}/messages as the adapter would; `body` is JSON-encoded unless it is a string. */
async function post(body: unknown, options: { bearer?: string | null; numberId?: string } = {}): Promise<GraphAnswer> {
  const bearer = options.bearer === undefined ? token : options.bearer;
  const response = await fetch(`${fake.apiRoot}/${options.numberId ?? phoneNumberId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The Graph error code of an answer (undefined for a success). */
function codeOf(answer: GraphAnswer): number | undefined {
  const error = answer.json.error as { code?: number } | undefined;
  return error?.code;
}

function text(to: string, body: string): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } };
}

function buttons(to: string, replies: Array<{ id: string; title: string }>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: '¿Qué querés hacer?' },
      action: { buttons: replies.map((reply) => ({ type: 'reply', reply })) },
      ...extra,
    },
  };
}

type Row = { id: string; title: string; description?: string };

function list(to: string, sections: Array<{ title?: string; rows: Row[] }>, button = 'Ver opciones'): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'interactive',
    interactive: { type: 'list', body: { text: 'Elegí un plan' }, action: { button, sections } },
  };
}

function template(to: string, name: string, language: string, parameters: unknown[]): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: { name, language: { code: language }, components: [{ type: 'body', parameters }] },
  };
}

const param = (value: string): { type: 'text'; text: string } => ({ type: 'text', text: value });
const rows = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: `row-${i}`, title: `Plan ${i}` }));

/** The single value object of a webhook the receiver got. */
function valueOf(request: Received | undefined): Record<string, unknown> {
  if (!request) throw new Error('no webhook received');
  const payload = JSON.parse(request.raw.toString('utf8')) as {
    object: string;
    entry: Array<{ changes: Array<{ field: string; value: Record<string, unknown> }> }>;
  };
  expect(payload.object).toBe('whatsapp_business_account');
  const change = payload.entry[0]?.changes[0];
  expect(change?.field).toBe('messages');
  return change?.value ?? {};
}

async function openWindow(from = debtor): Promise<void> {
  expect((await fake.deliverText(from, 'hola')).status).toBe(200);
}

describe('authentication and addressing', () => {
  it('answers 401 with code 190 for a missing or wrong Bearer token', async () => {
    const missing = await post(text(debtor, 'hola'), { bearer: null });
    const wrong = await post(text(debtor, 'hola'), { bearer: 'other' });
    for (const answer of [missing, wrong]) {
      expect(answer.status).toBe(401);
      expect(answer.json.error).toMatchObject({ type: 'OAuthException', code: 190 });
    }
  });

  it('answers 400 with code 100 for an unknown phone-number id', async () => {
    const answer = await post(text(debtor, 'hola'), { numberId: '999' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 100, error_data: { messaging_product: 'whatsapp' } });
    expect(typeof (answer.json.error as { fbtrace_id?: unknown }).fbtrace_id).toBe('string');
  });

  it('refuses a body that is not JSON, not for whatsapp, or to a malformed number', async () => {
    await openWindow();
    expect(codeOf(await post('to=1&text=hi'))).toBe(100);
    expect(codeOf(await post({ ...text(debtor, 'hola'), messaging_product: 'sms' }))).toBe(100);
    expect(codeOf(await post(text('+5491122334455', 'hola')))).toBe(131009);
    expect(codeOf(await post(text('1234567', 'hola')))).toBe(131009);
    expect(codeOf(await post(text('1234567890123456', 'hola')))).toBe(131009);
    expect(fake.sent).toEqual([]);
  });
});

describe('text messages', () => {
  it('accepts up to 4096 characters with Meta’s answer and records the send', async () => {
    await openWindow();
    const body = text(debtor, 'ñ'.repeat(4096));
    const answer = await post(body);
    expect(answer.status).toBe(200);
    const id = (answer.json.messages as Array<{ id: string }>)[0]?.id;
    expect(answer.json).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: debtor, wa_id: debtor }], messages: [{ id }] });
    expect(id).toMatch(/^wamid\./);
    expect(fake.sent).toEqual([{ messageId: id, to: debtor, type: 'text', body, atMs: clockMs }]);
  });

  it('refuses an empty or over-long body with code 100', async () => {
    await openWindow();
    expect(codeOf(await post(text(debtor, '')))).toBe(100);
    expect(codeOf(await post(text(debtor, 'x'.repeat(4097))))).toBe(100);
    expect(fake.refused.map((refusal) => [refusal.to, refusal.code])).toEqual([
      [debtor, 100],
      [debtor, 100],
    ]);
  });
});

describe('the 24-hour customer-service window', () => {
  it('refuses free-form messages to a user who never wrote with 131047', async () => {
    const answer = await post(text(stranger, 'hola'));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 131047, message: '(#131047) Re-engagement message' });
    expect(codeOf(await post(buttons(stranger, [{ id: 'a', title: 'A' }])))).toBe(131047);
  });

  it('opens with an inbound message and closes 24 hours later by the injected clock', async () => {
    await openWindow();
    clockMs += 23 * HOUR_MS;
    expect((await post(text(debtor, 'sigue abierta'))).status).toBe(200);
    clockMs += HOUR_MS;
    expect(codeOf(await post(text(debtor, 'ya cerró')))).toBe(131047);
    await fake.deliverMedia(debtor, 'sticker');
    expect(await post(text(debtor, 'reabierta'))).toMatchObject({ status: 200 });
  });

  it('accepts an approved template outside the window', async () => {
    expect((await post(template(stranger, 'payment_reminder', 'es_AR', [param('Ana'), param('$ 1.500,00')]))).status).toBe(200);
    expect((await post(template(stranger, 'reopen_chat', 'es_AR', []))).status).toBe(200);
    expect(fake.sent.map((message) => message.type)).toEqual(['template', 'template']);
  });
});

describe('interactive reply buttons', () => {
  const ok = [
    { id: 'pay', title: 'Pagar' },
    { id: 'plan', title: 'Plan de pagos' },
  ];

  beforeEach(() => openWindow());

  it('accepts 1–3 buttons with a text header and footer', async () => {
    const answer = await post(buttons(debtor, ok, { header: { type: 'text', text: 'Tu deuda' }, footer: { text: 'x'.repeat(60) } }));
    expect(answer.status).toBe(200);
  });

  it.each([
    ['no buttons', buttons(debtor, [])],
    ['four buttons', buttons(debtor, [...ok, { id: 'c', title: 'C' }, { id: 'd', title: 'D' }])],
    ['a 21-character title', buttons(debtor, [{ id: 'a', title: 'x'.repeat(21) }])],
    ['an empty title', buttons(debtor, [{ id: 'a', title: '' }])],
    ['a 257-character id', buttons(debtor, [{ id: 'x'.repeat(257), title: 'A' }])],
    ['duplicate ids', buttons(debtor, [ok[0]!, { id: 'pay', title: 'Otro' }])],
    ['duplicate titles', buttons(debtor, [ok[0]!, { id: 'other', title: 'Pagar' }])],
    ['a 61-character footer', buttons(debtor, ok, { footer: { text: 'x'.repeat(61) } })],
    ['a 61-character header', buttons(debtor, ok, { header: { type: 'text', text: 'x'.repeat(61) } })],
    ['a 1025-character body', buttons(debtor, ok, { body: { text: 'x'.repeat(1025) } })],
    [
      'a button that is not a reply',
      { ...buttons(debtor, ok), interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'url' }] } } },
    ],
  ])('refuses %s with 131009', async (_, body) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe(131009);
  });
});

describe('interactive lists', () => {
  beforeEach(() => openWindow());

  it('accepts up to 10 rows across titled sections, with descriptions', async () => {
    const answer = await post(
      list(debtor, [
        { title: 'Cuotas', rows: rows(6).map((row) => ({ ...row, description: 'd'.repeat(72) })) },
        { title: 'Contado', rows: [{ id: 'cash', title: 'x'.repeat(24) }, ...rows(10).slice(7)] },
      ]),
    );
    expect(answer.status).toBe(200);
    expect((await post(list(debtor, [{ rows: rows(3) }]))).status).toBe(200);
  });

  it.each([
    ['no sections', list(debtor, [])],
    [
      '11 sections',
      list(
        debtor,
        Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'R' }] })),
      ),
    ],
    ['11 rows in one section', list(debtor, [{ rows: rows(11) }])],
    [
      '11 rows across sections',
      list(debtor, [
        { title: 'A', rows: rows(6) },
        {
          title: 'B',
          rows: rows(11)
            .slice(6)
            .map((row) => ({ ...row, id: `b-${row.id}` })),
        },
      ]),
    ],
    ['a section without rows', list(debtor, [{ rows: [] }])],
    ['two sections without titles', list(debtor, [{ rows: rows(2) }, { rows: [{ id: 'z', title: 'Z' }] }])],
    ['a 25-character section title', list(debtor, [{ title: 'x'.repeat(25), rows: rows(1) }])],
    ['a 25-character row title', list(debtor, [{ rows: [{ id: 'a', title: 'x'.repeat(25) }] }])],
    ['a 73-character description', list(debtor, [{ rows: [{ id: 'a', title: 'A', description: 'x'.repeat(73) }] }])],
    ['a 201-character row id', list(debtor, [{ rows: [{ id: 'x'.repeat(201), title: 'A' }] }])],
    [
      'duplicate row ids',
      list(debtor, [
        { title: 'A', rows: rows(1) },
        { title: 'B', rows: rows(1) },
      ]),
    ],
    ['a 21-character button', list(debtor, [{ rows: rows(1) }], 'x'.repeat(21))],
    ['an empty button', list(debtor, [{ rows: rows(1) }], '')],
  ])('refuses %s with 131009', async (_, body) => {
    expect(codeOf(await post(body))).toBe(131009);
  });
});

describe('templates', () => {
  it('refuses an unknown template or language with 132001', async () => {
    expect(codeOf(await post(template(debtor, 'no_such', 'es_AR', [])))).toBe(132001);
    expect(codeOf(await post(template(debtor, 'payment_reminder', 'en_US', [param('a'), param('b')])))).toBe(132001);
  });

  it('refuses a wrong number of body parameters with 132000', async () => {
    expect(codeOf(await post(template(debtor, 'payment_reminder', 'es_AR', [param('Ana')])))).toBe(132000);
    expect(codeOf(await post(template(debtor, 'reopen_chat', 'es_AR', [param('extra')])))).toBe(132000);
    const noComponents = {
      messaging_product: 'whatsapp',
      to: debtor,
      type: 'template',
      template: { name: 'payment_reminder', language: { code: 'es_AR' } },
    };
    expect(codeOf(await post(noComponents))).toBe(132000);
  });

  it('refuses parameter text with a new line, a tab or five spaces with 132018', async () => {
    for (const bad of ['Ana\nPérez', 'Ana\tPérez', 'Ana     Pérez']) {
      expect(codeOf(await post(template(debtor, 'payment_reminder', 'es_AR', [param(bad), param('$ 10')])))).toBe(132018);
    }
  });
});

describe('webhooks', () => {
  it('delivers a text message in Meta’s shape, signed over the exact bytes with the app secret', async () => {
    const { status, messageId } = await fake.deliverText(debtor, 'Hola, ¿cuánto debo? 💸', { name: 'Ana' });
    expect(status).toBe(200);
    const request = received[0]!;
    expect(verifies(request)).toBe(true);
    expect(request.headers['content-type']).toBe('application/json');
    // Meta escapes non-ASCII as \uXXXX (lowercase hex): a client that re-serializes the parsed body gets other bytes.
    expect(request.raw.toString('utf8')).toContain('\\u00bfcu\\u00e1nto debo? \\ud83d\\udcb8');
    expect(valueOf(request)).toEqual({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: expect.any(String), phone_number_id: phoneNumberId },
      contacts: [{ profile: { name: 'Ana' }, wa_id: debtor }],
      messages: [
        { from: debtor, id: messageId, timestamp: String(clockMs / 1000), type: 'text', text: { body: 'Hola, ¿cuánto debo? 💸' } },
      ],
    });
    expect(messageId).toMatch(/^wamid\./);
  });

  it('redelivers the identical bytes and signature', async () => {
    await fake.deliverText(debtor, 'una vez', { messageId: 'wamid.fixed' });
    expect(await fake.redeliverLast()).toBe(200);
    expect(received).toHaveLength(2);
    expect(received[1]!.raw.equals(received[0]!.raw)).toBe(true);
    expect(received[1]!.headers['x-hub-signature-256']).toBe(received[0]!.headers['x-hub-signature-256']);
  });

  it('posts raw bodies with a forged or missing signature, as given', async () => {
    const body = '{"object":"whatsapp_business_account","entry":[]}';
    expect(await fake.deliverRaw(body, 'sha256=' + '0'.repeat(64))).toBe(401);
    expect(await fake.deliverRaw(body, undefined)).toBe(401);
    expect(received[0]!.headers['x-hub-signature-256']).toBe('sha256=' + '0'.repeat(64));
    expect(received[1]!.headers['x-hub-signature-256']).toBeUndefined();
    expect(received[1]!.raw.toString('utf8')).toBe(body);
    const signed = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
    expect(await fake.deliverRaw(body, signed)).toBe(200);
  });

  it('reports the webhook’s own status', async () => {
    receiverStatus = () => 500;
    expect((await fake.deliverText(debtor, 'hola')).status).toBe(500);
  });

  it('delivers a button press of a sent button message, with its context', async () => {
    await openWindow();
    const answer = await post(buttons(debtor, [{ id: 'pay', title: 'Pagar' }]));
    const sentId = (answer.json.messages as Array<{ id: string }>)[0]?.id;
    await fake.deliverButtonReply(debtor, 'pay', 'Pagar');
    const message = (valueOf(received.at(-1)).messages as Array<Record<string, unknown>>)[0];
    expect(message).toMatchObject({
      from: debtor,
      type: 'interactive',
      context: { id: sentId },
      interactive: { type: 'button_reply', button_reply: { id: 'pay', title: 'Pagar' } },
    });
    await expect(fake.deliverButtonReply(debtor, 'refund', 'Reembolso')).rejects.toThrow(/no button option/);
    await expect(fake.deliverButtonReply(stranger, 'pay', 'Pagar')).rejects.toThrow(/no button option/);
  });

  it('delivers a list pick with the row’s description', async () => {
    await openWindow();
    await post(list(debtor, [{ rows: [{ id: 'plan-3', title: '3 cuotas', description: '3 x $ 500' }] }]));
    await fake.deliverListReply(debtor, 'plan-3', '3 cuotas', { messageId: 'wamid.pick' });
    const message = (valueOf(received.at(-1)).messages as Array<Record<string, unknown>>)[0];
    expect(message).toMatchObject({
      id: 'wamid.pick',
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'plan-3', title: '3 cuotas', description: '3 x $ 500' } },
    });
  });

  it.each(['image', 'audio', 'document', 'sticker', 'video'] as const)(
    'delivers %s media as Meta does, without the media',
    async (kind) => {
      await fake.deliverMedia(debtor, kind);
      const message = (valueOf(received[0]).messages as Array<Record<string, unknown>>)[0]!;
      expect(message.type).toBe(kind);
      expect(message[kind]).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        mime_type: expect.any(String),
        sha256: expect.any(String),
      });
    },
  );

  it('delivers a location', async () => {
    await fake.deliverMedia(debtor, 'location');
    const message = (valueOf(received[0]).messages as Array<Record<string, unknown>>)[0]!;
    expect(message).toMatchObject({ type: 'location', location: { latitude: expect.any(Number), longitude: expect.any(Number) } });
  });

  it('delivers statuses for a sent message, with errors when failed', async () => {
    const answer = await post(template(debtor, 'reopen_chat', 'es_AR', []));
    const id = (answer.json.messages as Array<{ id: string }>)[0]!.id;
    expect(await fake.deliverStatus(id, 'delivered')).toBe(200);
    expect(await fake.deliverStatus(id, 'failed', 131026)).toBe(200);
    expect(valueOf(received[0]).statuses).toEqual([{ id, status: 'delivered', timestamp: String(clockMs / 1000), recipient_id: debtor }]);
    expect(valueOf(received[1]).statuses).toEqual([
      {
        id,
        status: 'failed',
        timestamp: String(clockMs / 1000),
        recipient_id: debtor,
        errors: [expect.objectContaining({ code: 131026, title: 'Message undeliverable' })],
      },
    ]);
    expect(received.every(verifies)).toBe(true);
  });
});

describe('injected failures', () => {
  it('refuses the next sends with the given code, counting down', async () => {
    await openWindow();
    fake.failNext(debtor, 130429, 2);
    const first = await post(text(debtor, 'uno'));
    expect(first.status).toBe(400);
    expect(first.json.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    expect(codeOf(await post(text(debtor, 'dos')))).toBe(130429);
    expect((await post(text(debtor, 'tres'))).status).toBe(200);
    expect(fake.refused.map((refusal) => refusal.code)).toEqual([130429, 130429]);
    expect(fake.sent.map((message) => (message.body.text as { body: string }).body)).toEqual(['tres']);
  });

  it('applies to one recipient, or to anyone with *', async () => {
    await openWindow(debtor);
    await openWindow(stranger);
    fake.failNext(stranger, 131056);
    expect((await post(text(debtor, 'a'))).status).toBe(200);
    expect(codeOf(await post(text(stranger, 'b')))).toBe(131056);
    fake.failNext('*', 131026);
    expect(codeOf(await post(text(debtor, 'c')))).toBe(131026);
    expect((await post(text(stranger, 'd'))).status).toBe(200);
  });

  it('answers HTTP 429 for the app-level limit (code 4)', async () => {
    fake.failNext('*', 4);
    const answer = await post(template(debtor, 'reopen_chat', 'es_AR', []));
    expect(answer.status).toBe(429);
    expect(codeOf(answer)).toBe(4);
  });

  it('is not consumed by an invalid request', async () => {
    await openWindow();
    fake.failNext(debtor, 130429);
    expect(codeOf(await post(text(debtor, '')))).toBe(100);
    expect(codeOf(await post(text(debtor, 'ok')))).toBe(130429);
  });

  it('reports 131026 asynchronously with undeliverableLater', async () => {
    await openWindow();
    fake.undeliverableLater(debtor);
    const answer = await post(text(debtor, '¿seguís ahí?'));
    expect(answer.status).toBe(200);
    const id = (answer.json.messages as Array<{ id: string }>)[0]!.id;
    await expect.poll(() => received.length).toBe(2);
    expect(verifies(received[1]!)).toBe(true);
    expect(valueOf(received[1]).statuses).toEqual([
      expect.objectContaining({ id, status: 'failed', errors: [expect.objectContaining({ code: 131026 })] }),
    ]);
  });
});

describe('waitForSent and read receipts', () => {
  it('resolves with a later matching send, and rejects after the timeout', async () => {
    await openWindow();
    const waiting = fake.waitForSent((message) => message.type === 'text' && message.to === debtor);
    await post(text(debtor, 'llegó'));
    expect((await waiting).body).toMatchObject({ text: { body: 'llegó' } });
    expect((await fake.waitForSent((message) => message.to === debtor)).type).toBe('text');
    await expect(fake.waitForSent((message) => message.to === stranger, 50)).rejects.toThrow(/timed out/);
  });

  it('accepts mark-as-read of a received message, and refuses unknown ids', async () => {
    const { messageId } = await fake.deliverText(debtor, 'hola');
    const read = await post({ messaging_product: 'whatsapp', status: 'read', message_id: messageId, typing_indicator: { type: 'text' } });
    expect(read).toEqual({ status: 200, json: { success: true } });
    expect(codeOf(await post({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' }))).toBe(100);
    expect(fake.readReceipts).toEqual([{ messageId, typingIndicator: true }]);
    expect(fake.sent).toEqual([]);
    expect(fake.refused).toEqual([]);
  });
});
