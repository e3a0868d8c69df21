/**
 * A local fake of Meta's Graph API for the WhatsApp Business Cloud API, on 127.0.0.1, for tests.
 *
 * It answers `POST /v21.0/{phone-number-id}/messages` the way Meta does (Bearer token, JSON body, the success
 * `{ messaging_product, contacts, messages: [{ id: 'wamid.…' }] }` or Graph's error JSON with Meta's codes), and
 * holds the client to Meta's rules: text and interactive limits, approved templates with the right parameter
 * count, and the 24-hour customer-service window (free-form messages only within 24 h of the user's last inbound
 * message; templates any time). Tests play the debtors (`deliverText`, `deliverButtonReply`, ...): each is a
 * `messages` webhook in Meta's payload shape, POSTed to the app's webhook and signed as Meta signs them
 * (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, over a body whose non-ASCII
 * characters are `\uXXXX`-escaped with lowercase hex, as Meta sends it). Limits and codes follow Meta's Cloud API
 * reference (messages, interactive objects, error codes).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An approved message template: its name, language code (e.g. `es_MX`) and the number of body `{{n}}` parameters. */
export interface FakeGraphTemplate {
  readonly name: string;
  readonly language: string;
  readonly bodyParameters: number;
}

/** Options of {@link startFakeGraphApi}. */
export interface FakeGraphOptions {
  /** The accepted Bearer token (system-user access token). */
  readonly token: string;
  /** The business number's id, the path segment of `/{phone-number-id}/messages`. */
  readonly phoneNumberId: string;
  /** Signs the webhooks it delivers: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
  readonly appSecret: string;
  /** The approved templates. */
  readonly templates: readonly FakeGraphTemplate[];
  /** Clock in epoch milliseconds, for the 24-hour window and timestamps (default Date.now). */
  readonly nowMs?: () => number;
}

/** One send the fake accepted. */
export interface FakeSentMessage {
  /** The `wamid.…` the fake answered. */
  readonly messageId: string;
  readonly to: string;
  readonly type: 'text' | 'interactive' | 'template' | string;
  /** The JSON the client posted. */
  readonly body: Record<string, unknown>;
  /** When it was accepted, by the fake's clock (epoch milliseconds). */
  readonly atMs: number;
}

/** One send the fake refused, with the Graph error code it answered. */
export interface FakeRefusedMessage {
  readonly to: string;
  readonly code: number;
  readonly body: Record<string, unknown>;
}

/** One mark-as-read call (`{ status: 'read', message_id }`), with whether it asked for a typing indicator. */
export interface FakeReadReceipt {
  readonly messageId: string;
  readonly typingIndicator: boolean;
}

/** A running fake Graph API; see {@link startFakeGraphApi}. */
export interface FakeGraphApi {
  /** The Graph API root with its version, e.g. `http://127.0.0.1:PORT/v21.0` (what WHATSAPP_CLOUD_API_ROOT is set to). */
  readonly apiRoot: string;
  /** Every send it accepted, in order. */
  readonly sent: FakeSentMessage[];
  /** Every send it refused, in order, with the Graph error code. */
  readonly refused: FakeRefusedMessage[];
  /** Every mark-as-read call it accepted, in order (not sends: they are in neither `sent` nor `refused`). */
  readonly readReceipts: FakeReadReceipt[];
  /** Where it delivers webhooks (the app's POST /whatsapp/cloud/webhook). */
  setWebhook(url: string): void;
  /** A debtor writes text: a signed messages webhook (Meta's payload shape), opening that user's 24-hour window. Resolves with the webhook's HTTP status and the message id. */
  deliverText(from: string, text: string, options?: { messageId?: string; name?: string }): Promise<{ status: number; messageId: string }>;
  /**
   * A debtor presses a reply button (interactive.button_reply) of a button message the fake accepted for them;
   * throws when no such button (id and title) was sent to `from`, since a real user could not press it.
   */
  deliverButtonReply(
    from: string,
    id: string,
    title: string,
    options?: { messageId?: string },
  ): Promise<{ status: number; messageId: string }>;
  /** A debtor picks a list row (interactive.list_reply) of a list message the fake accepted for them; throws like deliverButtonReply. */
  deliverListReply(
    from: string,
    id: string,
    title: string,
    options?: { messageId?: string },
  ): Promise<{ status: number; messageId: string }>;
  /** A debtor sends media (image, audio, document, sticker, location…): the message as Meta sends it, without the media itself. */
  deliverMedia(
    from: string,
    kind: 'image' | 'audio' | 'document' | 'sticker' | 'video' | 'location',
    options?: { messageId?: string },
  ): Promise<{ status: number; messageId: string }>;
  /** Delivers the exact same bytes and signature as the last signed webhook again (a redelivery: Meta retries webhooks). */
  redeliverLast(): Promise<number>;
  /** Posts a raw body with a chosen signature header (a forged or missing one), for signature tests; not kept for redeliverLast. */
  deliverRaw(body: string, signature: string | undefined): Promise<number>;
  /** A statuses webhook for a sent message: sent / delivered / read / failed (with errors [{ code, title, message, error_data }]; 131000 when no code is given). */
  deliverStatus(messageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: number): Promise<number>;
  /** The next `count` (default 1) valid sends to `to` (or to anyone with '*') are refused with this Graph error code. */
  failNext(to: string, code: number, count?: number): void;
  /** Makes 131026 asynchronous for `to`: every send is accepted, then a `failed` status with 131026 is delivered. */
  undeliverableLater(to: string): void;
  /** Resolves with the first accepted send matching `predicate` (waiting for it), or rejects after timeoutMs (default 5000). */
  waitForSent(predicate: (message: FakeSentMessage) => boolean, timeoutMs?: number): Promise<FakeSentMessage>;
  /** Stops the server; waits for webhooks it is still delivering. */
  close(): Promise<void>;
}

/** Starts a fake Graph API on 127.0.0.1 at a random port. */
export async function startFakeGraphApi(options: FakeGraphOptions): Promise<FakeGraphApi> {
  const fake = new FakeGraph(options);
  await fake.listen();
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Graph errors
// ---------------------------------------------------------------------------------------------

/** The Graph API version the fake serves (Meta's default in DESIGN §6). */
const GRAPH_VERSION = 'v21.0';
/** The customer-service window: free-form messages only within this long after the user's last message. */
const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const WEBHOOK_TIMEOUT_MS = 10_000;
const WABA_ID = '102290129340398';
const DISPLAY_PHONE_NUMBER = '15550783881';
const ERROR_CODES_URL = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

interface ErrorSpec {
  readonly status: number;
  readonly title: string;
  readonly details: string;
}

/**
 * Meta's codes with their HTTP status, title and usual details. Meta documents HTTP 400 for most throttling codes,
 * but the Graph API may answer HTTP 429 for app- and account-level limits (code 4 "Application request limit
 * reached", 80007 "Rate limit issues"); the fake answers 429 for those so clients handle both statuses. Clients
 * should key on `code`, never on the status or the title (Meta's advice).
 */
const ERRORS: Readonly<Record<number, ErrorSpec>> = {
  4: { status: 429, title: 'Application request limit reached', details: 'The app has reached its API call rate limit.' },
  100: { status: 400, title: 'Invalid parameter', details: 'Invalid parameter' },
  190: { status: 401, title: 'Invalid OAuth access token - Cannot parse access token', details: 'Invalid OAuth access token' },
  2500: { status: 400, title: 'Unknown path components', details: 'Unknown path components' },
  80007: { status: 429, title: 'Rate limit issues', details: 'The WhatsApp Business Account has reached its rate limit.' },
  130429: {
    status: 400,
    title: 'Rate limit hit',
    details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.',
  },
  131000: { status: 500, title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  131008: { status: 400, title: 'Required parameter is missing', details: 'Required parameter is missing' },
  131009: { status: 400, title: 'Parameter value is not valid', details: 'Parameter value is not valid' },
  131016: { status: 503, title: 'Service unavailable', details: 'A service is temporarily unavailable.' },
  131026: {
    status: 400,
    title: 'Message undeliverable',
    details: 'Unable to deliver message. The recipient may not be a WhatsApp user or may not have accepted the latest terms.',
  },
  131047: {
    status: 400,
    title: 'Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131056: {
    status: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  132000: {
    status: 400,
    title: 'Number of parameters does not match the expected number of params',
    details: 'body: number of localizable_params does not match the expected number of params',
  },
  132001: {
    status: 400,
    title: 'Template name does not exist in the translation',
    details: 'template name does not exist in the translation',
  },
  132018: {
    status: 400,
    title: 'There was an issue with the parameters in your template.',
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
  },
};

/** A Graph error answer, thrown by the request handler. */
class GraphError extends Error {
  constructor(
    readonly code: number,
    readonly details?: string,
  ) {
    super(`(#${code}) ${details ?? ''}`);
  }
}

function specOf(code: number): ErrorSpec {
  return ERRORS[code] ?? { status: 400, title: `Error ${code}`, details: `Error ${code}` };
}

/** Graph's error JSON for `code`, and its HTTP status. */
function errorAnswer(code: number, details?: string): { status: number; body: Record<string, unknown> } {
  const spec = specOf(code);
  const message = code === 190 ? spec.title : `(#${code}) ${spec.title}`;
  const error_data = { messaging_product: 'whatsapp', details: details ?? spec.details };
  return {
    status: spec.status,
    body: { error: { message, type: 'OAuthException', code, error_data, fbtrace_id: randomBytes(17).toString('base64url') } },
  };
}

/** A request using a Cloud API feature the fake does not model (answered as an invalid parameter). */
function notModeled(detail: string): GraphError {
  return new GraphError(100, `not modeled by the fake Graph API: ${detail}`);
}

/** An error in a test's own use of the fake (not something Meta would answer). */
function misuse(detail: string): Error {
  return new Error(`fake Graph API: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Validation of a send
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (Unicode code points). */
function charCount(text: string): number {
  return [...text].length;
}

/** A WhatsApp id / phone number as the fake accepts it: digits only, 8–15 of them (E.164 without '+'). */
function isWaId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{8,15}$/.test(value);
}

/** The object at `object[name]`, or a 131009 naming `path`. */
function objectField(object: Json, name: string, path: string): Json {
  const value = object[name];
  if (!isObject(value)) throw new GraphError(131009, `${path} must be an object`);
  return value;
}

/** A string of `min`–`max` characters at `object[name]`, or a `code` error naming `path`. */
function textField(object: Json, name: string, path: string, min: number, max: number, code = 131009): string {
  const value = object[name];
  if (typeof value !== 'string') throw new GraphError(code, `${path} is required and must be a string`);
  const length = charCount(value);
  if (length < min || length > max) throw new GraphError(code, `${path} must be ${min}–${max} characters (got ${length})`);
  return value;
}

/** The array at `object[name]` with `min`–`max` items, or a 131009 naming `path`. */
function arrayField(object: Json, name: string, path: string, min: number, max: number): unknown[] {
  const value = object[name];
  if (!Array.isArray(value)) throw new GraphError(131009, `${path} must be an array`);
  if (value.length < min || value.length > max) {
    throw new GraphError(131009, `${path} must have ${min}–${max} items (got ${value.length})`);
  }
  return value;
}

function checkUnique(values: readonly string[], path: string): void {
  if (new Set(values).size !== values.length) throw new GraphError(131009, `${path} must be unique`);
}

function checkText(body: Json): void {
  if (!isObject(body.text)) throw new GraphError(100, 'text is required for type text');
  textField(body.text, 'body', 'text.body', 1, 4096, 100);
  const preview = body.text.preview_url;
  if (preview !== undefined && typeof preview !== 'boolean') throw new GraphError(100, 'text.preview_url must be a boolean');
}

/** The optional text header (≤ 60) and footer (≤ 60) of an interactive message. */
function checkHeaderAndFooter(interactive: Json, kind: 'button' | 'list'): void {
  if (interactive.header !== undefined) {
    const header = objectField(interactive, 'header', 'interactive.header');
    if (header.type !== 'text') {
      if (kind === 'list') throw new GraphError(131009, 'interactive.header.type must be text for list messages');
      throw notModeled(`interactive.header.type ${JSON.stringify(header.type)}`);
    }
    textField(header, 'text', 'interactive.header.text', 1, 60);
  }
  if (interactive.footer !== undefined) {
    textField(objectField(interactive, 'footer', 'interactive.footer'), 'text', 'interactive.footer.text', 1, 60);
  }
}

function checkButtons(interactive: Json): void {
  textField(objectField(interactive, 'body', 'interactive.body'), 'text', 'interactive.body.text', 1, 1024);
  checkHeaderAndFooter(interactive, 'button');
  const buttons = arrayField(objectField(interactive, 'action', 'interactive.action'), 'buttons', 'interactive.action.buttons', 1, 3);
  const replies = buttons.map((button, index) => {
    const path = `interactive.action.buttons[${index}]`;
    if (!isObject(button) || button.type !== 'reply') throw new GraphError(131009, `${path}.type must be reply`);
    const reply = objectField(button, 'reply', `${path}.reply`);
    return { id: textField(reply, 'id', `${path}.reply.id`, 1, 256), title: textField(reply, 'title', `${path}.reply.title`, 1, 20) };
  });
  const ids = replies.map((reply) => reply.id);
  const titles = replies.map((reply) => reply.title);
  checkUnique(ids, 'interactive.action.buttons[].reply.id');
  checkUnique(titles, 'interactive.action.buttons[].reply.title');
}

function checkList(interactive: Json): void {
  textField(objectField(interactive, 'body', 'interactive.body'), 'text', 'interactive.body.text', 1, 4096);
  checkHeaderAndFooter(interactive, 'list');
  const action = objectField(interactive, 'action', 'interactive.action');
  textField(action, 'button', 'interactive.action.button', 1, 20);
  const sections = arrayField(action, 'sections', 'interactive.action.sections', 1, 10);
  const rowIds: string[] = [];
  sections.forEach((section, sectionIndex) => {
    const path = `interactive.action.sections[${sectionIndex}]`;
    if (!isObject(section)) throw new GraphError(131009, `${path} must be an object`);
    if (sections.length > 1 || section.title !== undefined) textField(section, 'title', `${path}.title`, 1, 24);
    arrayField(section, 'rows', `${path}.rows`, 1, 10).forEach((row, rowIndex) => {
      const rowPath = `${path}.rows[${rowIndex}]`;
      if (!isObject(row)) throw new GraphError(131009, `${rowPath} must be an object`);
      rowIds.push(textField(row, 'id', `${rowPath}.id`, 1, 200));
      textField(row, 'title', `${rowPath}.title`, 1, 24);
      if (row.description !== undefined) textField(row, 'description', `${rowPath}.description`, 0, 72);
    });
  });
  if (rowIds.length > 10) {
    throw new GraphError(131009, `interactive.action.sections may hold at most 10 rows in total (got ${rowIds.length})`);
  }
  checkUnique(rowIds, 'interactive.action.sections[].rows[].id');
}

function checkInteractive(body: Json): void {
  if (!isObject(body.interactive)) throw new GraphError(100, 'interactive is required for type interactive');
  const kind = body.interactive.type;
  if (kind === 'button') checkButtons(body.interactive);
  else if (kind === 'list') checkList(body.interactive);
  else if (typeof kind === 'string') throw notModeled(`interactive.type ${JSON.stringify(kind)}`);
  else throw new GraphError(131009, 'interactive.type is required');
}

/** The approved template the body names, with its body parameters matching in number and form. */
function checkTemplate(body: Json, templates: readonly FakeGraphTemplate[]): void {
  if (!isObject(body.template)) throw new GraphError(100, 'template is required for type template');
  const template = body.template;
  const name = template.name;
  const language = isObject(template.language) ? template.language.code : undefined;
  if (typeof name !== 'string' || typeof language !== 'string') {
    throw new GraphError(100, 'template.name and template.language.code are required');
  }
  const approved = templates.find((candidate) => candidate.name === name && candidate.language === language);
  if (!approved) throw new GraphError(132001, `template name (${name}) does not exist in ${language}`);
  const components = template.components ?? [];
  if (!Array.isArray(components) || !components.every(isObject)) {
    throw new GraphError(100, 'template.components must be an array of objects');
  }
  const other = components.find((component) => component.type !== 'body');
  if (other) throw new GraphError(132000, `the template has no ${String(other.type)} parameters`);
  const parameters = components.flatMap((component) => (Array.isArray(component.parameters) ? (component.parameters as unknown[]) : []));
  if (parameters.length !== approved.bodyParameters) {
    throw new GraphError(
      132000,
      `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${approved.bodyParameters})`,
    );
  }
  parameters.forEach((parameter, index) => {
    if (!isObject(parameter) || parameter.type !== 'text') {
      throw new GraphError(131009, `body parameter ${index + 1} must be { type: 'text', text }`);
    }
    if (typeof parameter.text !== 'string' || parameter.text.trim() === '') {
      throw new GraphError(131008, `body parameter ${index + 1} text is missing`);
    }
    // Meta refuses these in parameters (they would break the approved layout).
    if (/[\n\t]| {5}/.test(parameter.text)) throw new GraphError(132018);
  });
}

// ---------------------------------------------------------------------------------------------
// Webhook payloads
// ---------------------------------------------------------------------------------------------

/** JSON as Meta posts it: non-ASCII characters escaped as `\uXXXX` with lowercase hex (the signature covers these bytes). */
function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An id in the shape Meta uses for messages: `wamid.` and base64. */
function newWamid(): string {
  return `wamid.${randomBytes(30).toString('base64')}`;
}

/** The media object of an inbound media message (no media is served: only its id and metadata). */
function mediaPayload(kind: 'image' | 'audio' | 'document' | 'sticker' | 'video' | 'location'): Json {
  const media = (mimeType: string): Json => ({
    mime_type: mimeType,
    sha256: createHash('sha256').update(randomBytes(16)).digest('base64'),
    id: String(1_000_000_000_000_000n + BigInt(randomBytes(6).readUIntBE(0, 6))),
  });
  switch (kind) {
    case 'image':
      return media('image/jpeg');
    case 'audio':
      return { ...media('audio/ogg; codecs=opus'), voice: true };
    case 'document':
      return { filename: 'document.pdf', ...media('application/pdf') };
    case 'sticker':
      return { ...media('image/webp'), animated: false };
    case 'video':
      return media('video/mp4');
    case 'location':
      return { latitude: -34.6037, longitude: -58.3816 };
  }
}

/** A reply option the user could press: a button or list row of an accepted interactive message. */
interface Pressable {
  readonly messageId: string;
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

function pressables(message: FakeSentMessage, kind: 'button' | 'list'): Pressable[] {
  const interactive = message.body.interactive;
  if (message.type !== 'interactive' || !isObject(interactive) || interactive.type !== kind || !isObject(interactive.action)) return [];
  const action = interactive.action;
  const options =
    kind === 'button'
      ? (action.buttons as Json[]).map((button) => button.reply as Json)
      : (action.sections as Json[]).flatMap((section) => section.rows as Json[]);
  return options.map((option) => ({
    messageId: message.messageId,
    id: String(option.id),
    title: String(option.title),
    ...(typeof option.description === 'string' ? { description: option.description } : {}),
  }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://fake').pathname;
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

interface Waiter {
  readonly predicate: (message: FakeSentMessage) => boolean;
  readonly resolve: (message: FakeSentMessage) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface SignedDelivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

class FakeGraph implements FakeGraphApi {
  readonly sent: FakeSentMessage[] = [];
  readonly refused: FakeRefusedMessage[] = [];
  readonly readReceipts: FakeReadReceipt[] = [];
  apiRoot = '';

  private readonly server: Server;
  private readonly now: () => number;
  private webhookUrl: string | undefined;
  /** Per wa_id, when the user last wrote (epoch ms). */
  private readonly lastInboundMs = new Map<string, number>();
  /** Inbound message ids, which mark-as-read may name. */
  private readonly inboundIds = new Set<string>();
  /** Per recipient ('*' = anyone), the codes the next sends fail with. */
  private readonly failures = new Map<string, number[]>();
  private readonly undeliverable = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Set<Promise<unknown>>();
  private last: SignedDelivery | undefined;

  constructor(private readonly options: FakeGraphOptions) {
    this.now = options.nowMs ?? Date.now;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${GRAPH_VERSION}`;
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(misuse('closed while waitForSent was waiting'));
    }
    this.waiters.clear();
    await Promise.allSettled([...this.pending]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- The Graph API -------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Json = {};
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const parsed = parseJson(Buffer.concat(chunks).toString('utf8'));
      body = isObject(parsed) ? parsed : {};
      this.reply(res, 200, this.answer(req, parsed, body));
    } catch (error) {
      const graphError = error instanceof GraphError ? error : new GraphError(131000, `fake Graph API failed: ${String(error)}`);
      const { status, body: errorBody } = errorAnswer(graphError.code, graphError.details);
      if (pathOf(req).endsWith('/messages') && body.status !== 'read') {
        this.refused.push({ to: typeof body.to === 'string' ? body.to : '', code: graphError.code, body });
      }
      if (!res.headersSent) this.reply(res, status, errorBody);
    }
  }

  private reply(res: ServerResponse, status: number, body: Json): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }

  /** Checks a request in Meta's order (token, path, payload, limits, window) and answers it, or throws a GraphError. */
  private answer(req: IncomingMessage, parsed: unknown, body: Json): Json {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) throw new GraphError(190);
    const path = pathOf(req);
    const match = new RegExp(`^/${GRAPH_VERSION.replace('.', '\\.')}/([^/]+)/messages$`).exec(path);
    if (!match) throw new GraphError(2500, `Unknown path components: ${path}`);
    if (req.method !== 'POST') throw new GraphError(100, `Unsupported ${req.method ?? ''} request`);
    if (match[1] !== this.options.phoneNumberId) {
      throw new GraphError(
        100,
        `Unsupported post request. Object with ID '${match[1] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      );
    }
    if (!isObject(parsed)) throw new GraphError(100, 'The request body must be a JSON object');
    if (body.messaging_product !== 'whatsapp') throw new GraphError(100, 'messaging_product must be whatsapp');
    if (body.status === 'read') return this.markRead(body);
    return this.send(body);
  }

  private markRead(body: Json): Json {
    const messageId = body.message_id;
    if (typeof messageId !== 'string' || !this.inboundIds.has(messageId)) {
      throw new GraphError(100, 'message_id is not a message this number received');
    }
    const typing = body.typing_indicator;
    if (typing !== undefined && !(isObject(typing) && typing.type === 'text')) {
      throw new GraphError(100, "typing_indicator must be { type: 'text' }");
    }
    this.readReceipts.push({ messageId, typingIndicator: typing !== undefined });
    return { success: true };
  }

  private send(body: Json): Json {
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
      throw new GraphError(100, 'recipient_type must be individual');
    }
    const to = body.to;
    if (typeof to !== 'string') throw new GraphError(100, 'to is required');
    if (!isWaId(to)) throw new GraphError(131009, 'to must be a phone number of 8–15 digits');
    const type = body.type ?? 'text'; // Meta's default type
    if (type !== 'text' && type !== 'interactive' && type !== 'template') {
      throw notModeled(`message type ${JSON.stringify(type)}`);
    }
    if (type === 'text') checkText(body);
    else if (type === 'interactive') checkInteractive(body);
    else checkTemplate(body, this.options.templates);
    const injected = this.takeFailure(to);
    if (injected !== undefined) throw new GraphError(injected);
    const nowMs = this.now();
    if (type !== 'template' && !this.windowOpen(to, nowMs)) throw new GraphError(131047);
    const message: FakeSentMessage = { messageId: newWamid(), to, type, body, atMs: nowMs };
    this.accept(message);
    return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: message.messageId }] };
  }

  private windowOpen(waId: string, nowMs: number): boolean {
    const last = this.lastInboundMs.get(waId);
    return last !== undefined && nowMs - last < SERVICE_WINDOW_MS;
  }

  private takeFailure(to: string): number | undefined {
    for (const key of [to, '*']) {
      const queue = this.failures.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    return undefined;
  }

  private accept(message: FakeSentMessage): void {
    this.sent.push(message);
    for (const waiter of this.waiters) {
      if (!waiter.predicate(message)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(message);
    }
    if (this.undeliverable.has(message.to)) {
      // After the answer is written: Meta reports the failure later, on the webhook.
      setImmediate(() => this.track(this.deliverStatus(message.messageId, 'failed', 131026).catch(() => undefined)));
    }
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  // --- Test controls -------------------------------------------------------------------------------

  setWebhook(url: string): void {
    this.webhookUrl = url;
  }

  failNext(to: string, code: number, count = 1): void {
    const queue = this.failures.get(to) ?? [];
    for (let i = 0; i < count; i += 1) queue.push(code);
    this.failures.set(to, queue);
  }

  undeliverableLater(to: string): void {
    this.undeliverable.add(to);
  }

  waitForSent(predicate: (message: FakeSentMessage) => boolean, timeoutMs = 5000): Promise<FakeSentMessage> {
    const found = this.sent.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const recent = this.sent.slice(-5).map((message) => `${message.type} to ${message.to}`);
        reject(misuse(`waitForSent timed out after ${timeoutMs} ms; last sends: ${recent.join(', ') || 'none'}`));
      }, timeoutMs);
      const waiter: Waiter = { predicate, resolve, reject, timer };
      this.waiters.add(waiter);
    });
  }

  // --- Simulated debtors and Meta's webhooks -------------------------------------------------------

  async deliverText(
    from: string,
    text: string,
    options: { messageId?: string; name?: string } = {},
  ): Promise<{ status: number; messageId: string }> {
    if (text === '') throw misuse('WhatsApp clients do not send empty messages');
    return this.deliverInbound(from, { type: 'text', text: { body: text } }, options);
  }

  async deliverButtonReply(
    from: string,
    id: string,
    title: string,
    options: { messageId?: string } = {},
  ): Promise<{ status: number; messageId: string }> {
    const pressed = this.findPressable(from, 'button', id, title);
    return this.deliverInbound(
      from,
      {
        context: { from: DISPLAY_PHONE_NUMBER, id: pressed.messageId },
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id, title } },
      },
      options,
    );
  }

  async deliverListReply(
    from: string,
    id: string,
    title: string,
    options: { messageId?: string } = {},
  ): Promise<{ status: number; messageId: string }> {
    const picked = this.findPressable(from, 'list', id, title);
    const listReply = { id, title, ...(picked.description === undefined ? {} : { description: picked.description }) };
    return this.deliverInbound(
      from,
      {
        context: { from: DISPLAY_PHONE_NUMBER, id: picked.messageId },
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: listReply },
      },
      options,
    );
  }

  async deliverMedia(
    from: string,
    kind: 'image' | 'audio' | 'document' | 'sticker' | 'video' | 'location',
    options: { messageId?: string } = {},
  ): Promise<{ status: number; messageId: string }> {
    return this.deliverInbound(from, { type: kind, [kind]: mediaPayload(kind) }, options);
  }

  async deliverStatus(messageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: number): Promise<number> {
    const message = this.sent.find((candidate) => candidate.messageId === messageId);
    if (!message) throw misuse(`no accepted send has id ${messageId}`);
    if (errorCode !== undefined && status !== 'failed') throw misuse('only a failed status carries an error code');
    const code = errorCode ?? 131000;
    const spec = specOf(code);
    const errors = [{ code, title: spec.title, message: spec.title, error_data: { details: spec.details }, href: ERROR_CODES_URL }];
    const entry = {
      id: messageId,
      status,
      timestamp: this.unixSeconds(),
      recipient_id: message.to,
      ...(status === 'failed' ? { errors } : {}),
    };
    return this.deliverSigned({ statuses: [entry] });
  }

  async redeliverLast(): Promise<number> {
    if (!this.last) throw misuse('no webhook was delivered yet');
    return this.post(this.last.body, this.last.headers);
  }

  deliverRaw(body: string, signature: string | undefined): Promise<number> {
    this.rememberInboundIds(parseJson(body));
    return this.post(body, {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    });
  }

  private findPressable(from: string, kind: 'button' | 'list', id: string, title: string): Pressable {
    const offered = this.sent
      .filter((message) => message.to === from)
      .reverse()
      .flatMap((message) => pressables(message, kind));
    const match = offered.find((option) => option.id === id && option.title === title);
    if (match) return match;
    const list = offered.map((option) => `${option.id}/${option.title}`).join(', ') || 'none';
    throw misuse(`no ${kind} option ${JSON.stringify(`${id}/${title}`)} was sent to ${from} (offered: ${list})`);
  }

  private async deliverInbound(
    from: string,
    content: Json,
    options: { messageId?: string; name?: string },
  ): Promise<{ status: number; messageId: string }> {
    if (!isWaId(from)) throw misuse(`from must be 8–15 digits, got ${JSON.stringify(from)}`);
    const messageId = options.messageId ?? newWamid();
    const nowMs = this.now();
    this.lastInboundMs.set(from, nowMs);
    this.inboundIds.add(messageId);
    const message = { from, id: messageId, timestamp: String(Math.floor(nowMs / 1000)), ...content };
    const contacts = [{ profile: { name: options.name ?? 'Test User' }, wa_id: from }];
    const status = await this.deliverSigned({ contacts, messages: [message] });
    return { status, messageId };
  }

  private rememberInboundIds(payload: unknown): void {
    if (!isObject(payload) || !Array.isArray(payload.entry)) return;
    for (const entry of payload.entry as unknown[]) {
      for (const change of isObject(entry) && Array.isArray(entry.changes) ? (entry.changes as unknown[]) : []) {
        const value = isObject(change) && isObject(change.value) ? change.value : {};
        for (const message of Array.isArray(value.messages) ? (value.messages as unknown[]) : []) {
          if (isObject(message) && typeof message.id === 'string') this.inboundIds.add(message.id);
        }
      }
    }
  }

  private unixSeconds(): string {
    return String(Math.floor(this.now() / 1000));
  }

  /** Wraps `value` in Meta's envelope, signs the exact bytes and posts them; kept for redeliverLast. */
  private deliverSigned(value: Json): Promise<number> {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA_ID,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: this.options.phoneNumberId },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
    const body = metaJson(payload);
    const hmac = (algorithm: 'sha1' | 'sha256'): string => createHmac(algorithm, this.options.appSecret).update(body, 'utf8').digest('hex');
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      'x-hub-signature': `sha1=${hmac('sha1')}`,
      'x-hub-signature-256': `sha256=${hmac('sha256')}`,
    };
    this.last = { body, headers };
    return this.post(body, headers);
  }

  /** POSTs `body` to the webhook on a fresh connection; resolves with its HTTP status. */
  private post(body: string, headers: Record<string, string>): Promise<number> {
    const url = this.webhookUrl;
    if (url === undefined) return Promise.reject(misuse('call setWebhook(url) before delivering webhooks'));
    const delivery = new Promise<number>((resolve, reject) => {
      const request = httpRequest(url, { method: 'POST', headers, agent: false, timeout: WEBHOOK_TIMEOUT_MS }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(misuse(`webhook ${url} did not answer within ${WEBHOOK_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
    this.track(delivery.catch(() => undefined));
    return delivery;
  }
}
