/**
 * A local fake of Telegram's HTTP Bot API for tests.
 *
 * It speaks the real wire protocol (`POST|GET /bot<token>/<method>`, parameters as JSON, form or
 * query string, answers `{ok, result}` / `{ok: false, error_code, description, parameters}` with the
 * matching HTTP status), so telegraf pointed at it with `telegram: { apiRoot }` runs unchanged, and it
 * enforces Telegram's own rules with Telegram's own error texts. Rules and texts follow the Bot API
 * server's source (tdlib/telegram-bot-api `Client.cpp`, `WebhookActor.cpp`) and tdlib's HTML parser
 * (`MessageEntity.cpp`). Tests play the users (`userSends`, `userPresses`, ...) and inspect what the
 * bot did (`sentMessages`, `calls`, ...).
 */
import { Buffer } from 'node:buffer';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CallbackQuery,
  Chat,
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  Message,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from 'telegraf/types';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Telegram's per-chat flood limit, as the fake applies it to sendMessage. */
export interface FloodControl {
  /** Messages one chat accepts within any sliding second. */
  perChatPerSecond: number;
  /** How long a chat stays blocked once it went over the limit. */
  retryAfterSeconds: number;
}

/** Options of {@link startFakeBotApi}. */
export interface FakeBotApiOptions {
  /** The bot token, `<bot id>:<secret>` like a real one; requests under any other token get 401. */
  token: string;
  /** The bot's username as getMe reports it; `fake_test_bot` by default. */
  botUsername?: string;
  /** Turns on per-chat flood control for sendMessage; off by default. */
  floodControl?: FloodControl;
}

/** A Telegram error as the Bot API returns it (without `ok: false`). */
export interface BotApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** A simulated Telegram user; the private chat with the bot has the user's id as its chat id. */
export interface FakeUser {
  id: number;
  firstName?: string;
  languageCode?: string;
}

/** Any reply_markup sendMessage accepts, as the fake understood it. */
export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** One message the bot sent, as sendMessage received and stored it. */
export interface SentMessage {
  chat_id: number;
  message_id: number;
  /** The text the user sees: after entity parsing and trimming (the Message's `text`). */
  text: string;
  /** The `text` parameter exactly as the bot sent it. */
  sent_text: string;
  parse_mode?: string;
  entities?: MessageEntity[];
  /** The markup sent with the message (any kind; a Message object itself keeps inline keyboards only). */
  reply_markup?: ReplyMarkup;
}

/** One accepted sendChatAction. */
export interface ChatActionRecord {
  chat_id: number;
  action: string;
}

/** One accepted answerCallbackQuery. */
export interface AnsweredCallbackQuery {
  callback_query_id: string;
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
}

/** One Bot API call the fake received. */
export interface RecordedCall {
  /** The method as Telegram spells it (method names are case-insensitive), or the raw path part. */
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The HTTP status answered; undefined while a long poll is pending or after the client hung up. */
  readonly status: number | undefined;
  /** The error description, when the call failed. */
  readonly description?: string;
  /** `webhook-reply` for a method a webhook answered in its response body, which Telegram executes. */
  readonly via: 'http' | 'webhook-reply';
}

/** One attempt to POST an update to the webhook. */
export interface WebhookDelivery {
  update_id: number;
  /** The webhook's HTTP status; undefined when the request failed (`error` says why). */
  status: number | undefined;
  error?: string;
  /** The X-Telegram-Bot-Api-Secret-Token header sent, if any. */
  secret_token: string | undefined;
}

/** A running fake Bot API; see {@link startFakeBotApi}. */
export interface FakeBotApi {
  /** Pass as `new Telegraf(token, { telegram: { apiRoot } })`. */
  readonly apiRoot: string;
  /** The bot's own user, as getMe returns it. */
  readonly botUser: UserFromGetMe;
  /** Stops the server: ends pending long polls and webhook deliveries at once, closes every connection. */
  close(): Promise<void>;
  /** Makes the next `times` calls of `method` fail with `error` (HTTP status = error_code). */
  failNext(method: string, times: number, error: BotApiError): void;
  /** The user sends a text message; text starting with '/' carries a bot_command entity. */
  userSends(user: FakeUser, text: string): Update.MessageUpdate<Message.TextMessage>;
  /**
   * The user presses an inline button of a bot message; throws when that message (in the user's
   * chat) has no button with this callback_data right now, since a real user could not press it.
   */
  userPresses(user: FakeUser, messageId: number, callbackData: string): Update.CallbackQueryUpdate<CallbackQuery.DataQuery>;
  /** The user shares their own contact (Telegram clients often send the number without '+'). */
  userSharesContact(user: FakeUser, phoneNumber: string): Update.MessageUpdate<Message.ContactMessage>;
  /** Queues an already created update again under the same update_id, as Telegram redelivers. */
  redeliver(updateId: number): void;
  /** Messages the bot sent, oldest first; only those to `chatId` when given. */
  sentMessages(chatId?: number): SentMessage[];
  /** Chat actions the bot sent, oldest first. */
  chatActions(chatId?: number): ChatActionRecord[];
  /** Callback queries the bot answered, oldest first. */
  answeredCallbackQueries(): AnsweredCallbackQuery[];
  /**
   * Every call received, oldest first; only calls of `method` (any case) when given. A call shows up
   * once its parameters are read, when it runs: a long poll listed here is already waiting.
   */
  calls(method?: string): RecordedCall[];
  /** Every webhook POST attempt, oldest first. */
  webhookDeliveries(): WebhookDelivery[];
  /**
   * Polls `predicate` until it returns something other than undefined, null or false and resolves
   * with that; rejects after `timeoutMs` (5000 by default) with the calls received so far.
   */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
}

/** Starts a fake Bot API on 127.0.0.1 at a random port. */
export async function startFakeBotApi(options: FakeBotApiOptions): Promise<FakeBotApi> {
  const fake = new FakeTelegram(options);
  await fake.listen();
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Errors and parameters
// ---------------------------------------------------------------------------------------------

/** A Bot API error answer, thrown by method handlers. */
class ApiError extends Error {
  constructor(readonly body: BotApiError) {
    super(body.description);
  }
}

function badRequest(detail: string): ApiError {
  return new ApiError({ error_code: 400, description: `Bad Request: ${detail}` });
}

function conflict(description: string): ApiError {
  return new ApiError({ error_code: 409, description });
}

function tooManyRequests(retryAfter: number): ApiError {
  return new ApiError({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  });
}

const notFound = (): ApiError => new ApiError({ error_code: 404, description: 'Not Found' });
const unauthorized = (): ApiError => new ApiError({ error_code: 401, description: 'Unauthorized' });

/** A request using a Bot API feature the fake does not model; a 400 so telegraf shows the text. */
function notModeled(detail: string): ApiError {
  return badRequest(`not modeled by the fake Bot API: ${detail}`);
}

/** An error in a test's own use of the fake (not something Telegram would answer). */
function misuse(detail: string): Error {
  return new Error(`fake Bot API: ${detail}`);
}

type Params = Readonly<Record<string, unknown>>;

/** A parameter as the Bot API sees it: every argument is a string; objects arrive JSON-encoded. */
function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function integerParam(params: Params, name: string): number | undefined {
  const text = stringParam(params, name).trim();
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

function booleanParam(params: Params, name: string): boolean {
  const text = stringParam(params, name).toLowerCase();
  return text === 'true' || text === '1';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A JSON-serialized parameter; undefined when absent, `parseError` when it is not JSON. */
function jsonParam(params: Params, name: string, parseError: string): unknown {
  const value = params[name];
  if (typeof value !== 'string') return value ?? undefined;
  if (value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(parseError);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** tdlib's JSON getters: a string field also accepts a number. */
function stringField(object: Record<string, unknown>, name: string): string | undefined {
  const value = object[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new Error(`Field "${name}" must be of type String`);
}

function requiredStringField(object: Record<string, unknown>, name: string): string {
  const value = stringField(object, name);
  if (value === undefined) throw new Error(`Can't find field "${name}"`);
  return value;
}

function integerField(object: Record<string, unknown>, name: string): number {
  const value = Number(requiredStringField(object, name));
  if (!Number.isInteger(value)) throw new Error(`Field "${name}" must be a valid Number`);
  return value;
}

function booleanField(object: Record<string, unknown>, name: string): boolean {
  const value = object[name];
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new Error(`Field "${name}" must be of type Boolean`);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// ---------------------------------------------------------------------------------------------
// Text: HTML parse mode (tdlib's parse_html), entities, trimming and length
// ---------------------------------------------------------------------------------------------

interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const HTML_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);
const NAMED_REFERENCES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  argument: string;
  offset: number;
}

interface HtmlState {
  readonly source: string;
  index: number;
  text: string;
  readonly entities: MessageEntity[];
  readonly open: OpenTag[];
  /** The language of a `<code class="language-x">` entity, until an enclosing `<pre>` claims it. */
  readonly codeLanguages: Map<MessageEntity, string>;
}

function htmlError(detail: string): ApiError {
  return badRequest(`can't parse entities: ${detail}`);
}

/** tdlib reports positions as UTF-8 byte offsets. */
function byteOffset(state: HtmlState, index: number): number {
  return Buffer.byteLength(state.source.slice(0, index));
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v';
}

/** Parses Telegram's HTML subset into plain text and entities, failing like Telegram does. */
function parseHtml(source: string): FormattedText {
  const state: HtmlState = { source, index: 0, text: '', entities: [], open: [], codeLanguages: new Map() };
  while (state.index < source.length) {
    const char = source.charAt(state.index);
    if (char === '&') appendReference(state);
    else if (char !== '<') {
      state.text += char;
      state.index += 1;
    } else if (source.charAt(state.index + 1) === '/') closeTag(state);
    else openTag(state);
  }
  const unclosed = state.open.at(-1);
  if (unclosed) throw htmlError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text: state.text, entities: sortEntities(state.entities) };
}

/** Decodes &lt; &gt; &amp; &quot; and numeric references (the trailing ';' is optional, as in tdlib). */
function decodeReference(source: string, at: number): { char: string; end: number } | undefined {
  let end = at + 1;
  let code: number | undefined;
  if (source.charAt(end) === '#') {
    const hex = source.charAt(end + 1) === 'x';
    end += hex ? 2 : 1;
    const digits = (hex ? /^[0-9a-fA-F]*/ : /^[0-9]*/).exec(source.slice(end))?.[0] ?? '';
    end += digits.length;
    code = digits === '' ? 0 : parseInt(digits, hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff || end - at >= 10) return undefined;
  } else {
    const name = /^[A-Za-z]*/.exec(source.slice(end))?.[0] ?? '';
    const char = NAMED_REFERENCES[name];
    if (char === undefined) return undefined;
    end += name.length;
    code = char.codePointAt(0);
  }
  if (code === undefined) return undefined;
  if (source.charAt(end) === ';') end += 1;
  return { char: String.fromCodePoint(code), end };
}

/**
 * Telegram's documentation requires every '&' outside a character reference to be escaped; the live
 * server lets a bare one through, the fake holds the bot to the documented rule.
 */
function appendReference(state: HtmlState): void {
  const reference = decodeReference(state.source, state.index);
  if (!reference) {
    throw htmlError(`Unescaped "&" at byte offset ${byteOffset(state, state.index)}; use "&amp;"`);
  }
  state.text += reference.char;
  state.index = reference.end;
}

function openTag(state: HtmlState): void {
  const { source } = state;
  const begin = state.index;
  const at = (index: number): string => source.charAt(index);
  let i = begin + 1;
  while (at(i) !== '' && !isSpace(at(i)) && at(i) !== '>') i += 1;
  if (at(i) === '') throw htmlError(`Unclosed start tag at byte offset ${byteOffset(state, begin)}`);
  const name = source.slice(begin + 1, i).toLowerCase();
  if (!HTML_TAGS.has(name)) {
    throw htmlError(`Unsupported start tag "${name}" at byte offset ${byteOffset(state, begin)}`);
  }
  const unclosed = (): ApiError => htmlError(`Unclosed start tag "${name}" at byte offset ${byteOffset(state, begin)}`);
  let argument = '';
  while (at(i) !== '>') {
    while (isSpace(at(i))) i += 1;
    if (at(i) === '>') break;
    const nameStart = i;
    while (at(i) !== '' && !isSpace(at(i)) && !'=>/"\''.includes(at(i))) i += 1;
    const attribute = source.slice(nameStart, i);
    if (attribute === '') {
      throw htmlError(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(state, begin)}`);
    }
    while (isSpace(at(i))) i += 1;
    if (at(i) !== '=') {
      if (at(i) === '') throw unclosed();
      if (name === 'blockquote' && attribute === 'expandable') argument = '1';
      continue;
    }
    i += 1;
    while (isSpace(at(i))) i += 1;
    if (at(i) === '') throw unclosed();
    const value = readAttributeValue(state, i);
    i = value.end;
    if (at(i) === '') throw unclosed();
    argument = tagArgument(name, attribute, value.text) ?? argument;
  }
  if (name === 'span' && argument !== 'spoiler') {
    throw htmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(state, begin)}`);
  }
  state.open.push({ name, argument, offset: state.text.length });
  state.index = i + 1;
}

/** A quoted string (references decoded) or an unquoted name token (lower-cased), as tdlib reads them. */
function readAttributeValue(state: HtmlState, start: number): { text: string; end: number } {
  const { source } = state;
  const quote = source.charAt(start);
  if (quote !== '"' && quote !== "'") {
    const token = /^[A-Za-z0-9.-]*/.exec(source.slice(start))?.[0] ?? '';
    const end = start + token.length;
    const next = source.charAt(end);
    if (!isSpace(next) && next !== '>') {
      throw htmlError(`Unexpected end of name token at byte offset ${byteOffset(state, start)}`);
    }
    return { text: token.toLowerCase(), end };
  }
  let text = '';
  let i = start + 1;
  while (i < source.length && source.charAt(i) !== quote) {
    const reference = source.charAt(i) === '&' ? decodeReference(source, i) : undefined;
    text += reference?.char ?? source.charAt(i);
    i = reference?.end ?? i + 1;
  }
  return { text, end: source.charAt(i) === quote ? i + 1 : i };
}

function tagArgument(tag: string, attribute: string, value: string): string | undefined {
  if (tag === 'a' && attribute === 'href') return value;
  if (tag === 'code' && attribute === 'class' && value.startsWith('language-')) return value.slice('language-'.length);
  if (tag === 'span' && attribute === 'class' && value.startsWith('tg-')) return value.slice('tg-'.length);
  if (tag === 'tg-emoji' && attribute === 'emoji-id') return value;
  if (tag === 'blockquote' && attribute === 'expandable') return '1';
  return undefined;
}

function closeTag(state: HtmlState): void {
  const { source } = state;
  const begin = state.index;
  const tag = state.open.at(-1);
  if (!tag) throw htmlError(`Unexpected end tag at byte offset ${byteOffset(state, begin)}`);
  let i = begin + 2;
  while (i < source.length && !isSpace(source.charAt(i)) && source.charAt(i) !== '>') i += 1;
  const name = source.slice(begin + 2, i).toLowerCase();
  while (isSpace(source.charAt(i))) i += 1;
  if (source.charAt(i) !== '>') throw htmlError(`Unclosed end tag at byte offset ${byteOffset(state, begin)}`);
  if (name !== '' && name !== tag.name) {
    throw htmlError(`Unmatched end tag at byte offset ${byteOffset(state, begin)}, expected "</${tag.name}>", found "</${name}>"`);
  }
  if (state.text.length > tag.offset) addTagEntity(state, tag);
  state.open.pop();
  state.index = i + 1;
}

const SIMPLE_TAG_ENTITIES: Readonly<Record<string, MessageEntity.CommonMessageEntity['type']>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
};

/** tdlib's mapping from a closed tag to an entity, including its pre/code merging. */
function addTagEntity(state: HtmlState, tag: OpenTag): void {
  const { entities } = state;
  const offset = tag.offset;
  const length = state.text.length - offset;
  const last = entities.at(-1);
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  const simple = SIMPLE_TAG_ENTITIES[tag.name];
  if (simple) entities.push({ type: simple, offset, length });
  else if (tag.name === 'a') {
    const url = checkedLink(tag.argument || state.text.slice(offset));
    if (url !== undefined) entities.push({ type: 'text_link', offset, length, url });
  } else if (tag.name === 'tg-emoji') {
    if (!/^\d+$/.test(tag.argument) || BigInt(tag.argument) === 0n) {
      throw htmlError('Invalid custom emoji identifier specified');
    }
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument });
  } else if (tag.name === 'blockquote') {
    entities.push(tag.argument ? expandableBlockquote(offset, length) : { type: 'blockquote', offset, length });
  } else if (tag.name === 'pre') {
    const language = sameSpan && last.type === 'code' ? state.codeLanguages.get(last) : undefined;
    if (language === undefined) entities.push({ type: 'pre', offset, length });
    else entities[entities.length - 1] = { type: 'pre', offset, length, language };
  } else if (sameSpan && last.type === 'pre' && tag.argument) last.language = tag.argument;
  else {
    const code: MessageEntity = { type: 'code', offset, length };
    if (tag.argument) state.codeLanguages.set(code, tag.argument);
    entities.push(code);
  }
}

/** Bot API 7.3's entity for `<blockquote expandable>`; telegraf 4.16's typings predate it. */
function expandableBlockquote(offset: number, length: number): MessageEntity {
  return { type: 'expandable_blockquote', offset, length } as unknown as MessageEntity;
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** tdlib's fix_formatted_text trimming: whitespace off the end, spaces/newlines before the first entity. */
function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const end = text.trimEnd().length;
  const kept = entities
    .filter((entity) => entity.offset < end)
    .map((entity) => (entity.offset + entity.length > end ? { ...entity, length: end - entity.offset } : entity));
  const limit = Math.min(end, ...kept.map((entity) => entity.offset));
  let start = 0;
  while (start < limit && (text.charAt(start) === ' ' || text.charAt(start) === '\n')) start += 1;
  return {
    text: text.slice(start, end),
    entities: kept.map((entity) => (start === 0 ? entity : { ...entity, offset: entity.offset - start })),
  };
}

const MAX_MESSAGE_LENGTH = 4096;
const MAX_RAW_TEXT_BYTES = 1 << 15;
const COMMON_ENTITY_TYPES: readonly MessageEntity.CommonMessageEntity['type'][] = [
  'mention',
  'hashtag',
  'cashtag',
  'bot_command',
  'url',
  'email',
  'phone_number',
  'bold',
  'blockquote',
  'italic',
  'underline',
  'strikethrough',
  'spoiler',
  'code',
];

/** The `entities` parameter (telegraf's fmt helpers send it); unparsable JSON is ignored, as Telegram does. */
function inputEntities(params: Params): MessageEntity[] {
  let value: unknown;
  try {
    value = jsonParam(params, 'entities', '');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    try {
      return inputEntity(item);
    } catch (error) {
      throw badRequest(`can't parse MessageEntity: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function inputEntity(item: unknown): MessageEntity {
  if (!isObject(item)) throw new Error('expected an Object');
  const offset = integerField(item, 'offset');
  const length = integerField(item, 'length');
  const type = requiredStringField(item, 'type');
  if (type === 'pre') {
    const language = stringField(item, 'language');
    return { type, offset, length, ...(language === undefined ? {} : { language }) };
  }
  if (type === 'text_link') return { type, offset, length, url: requiredStringField(item, 'url') };
  if (type === 'custom_emoji') return { type, offset, length, custom_emoji_id: requiredStringField(item, 'custom_emoji_id') };
  const common = COMMON_ENTITY_TYPES.find((known) => known === type);
  if (common === undefined) throw new Error(`entity type "${type}" is not modeled by the fake Bot API`);
  return { type: common, offset, length };
}

/** text + parse_mode/entities → text and entities, before Telegram's trimming. */
function formatMessageText(params: Params): FormattedText {
  const text = stringParam(params, 'text');
  if (text === '') throw badRequest('message text is empty');
  if (Buffer.byteLength(text) > MAX_RAW_TEXT_BYTES) throw badRequest('text is too long');
  const parseMode = stringParam(params, 'parse_mode').toLowerCase();
  if (parseMode === '' || parseMode === 'none') return { text, entities: inputEntities(params) };
  if (parseMode === 'html') return parseHtml(text);
  // Markdown and MarkdownV2 are accepted but not parsed: the text is stored as sent.
  if (parseMode === 'markdown' || parseMode === 'markdownv2') return { text, entities: [] };
  throw badRequest('unsupported parse_mode');
}

/** Trims like Telegram, then checks what is left; the length counts Unicode characters. */
function finishMessageText(formatted: FormattedText): FormattedText {
  const trimmed = trimFormatted(formatted);
  if (trimmed.text === '') throw badRequest('text must be non-empty');
  if ([...trimmed.text].length > MAX_MESSAGE_LENGTH) throw badRequest('message is too long');
  return trimmed;
}

/** bot_command entities the way Telegram marks them in incoming messages. */
function commandEntities(text: string): MessageEntity[] {
  const pattern = /(?<=^|\s)\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?=$|[^A-Za-z0-9_@/])/g;
  return [...text.matchAll(pattern)].map((match) => ({ type: 'bot_command', offset: match.index, length: match[0].length }));
}

// ---------------------------------------------------------------------------------------------
// reply_markup (the Bot API's get_reply_markup + tdlib's button checks)
// ---------------------------------------------------------------------------------------------

const MAX_CALLBACK_DATA_BYTES = 64;

/** Parses and validates reply_markup; undefined when absent or when it names no keyboard at all. */
function parseReplyMarkup(params: Params): ReplyMarkup | undefined {
  const value = jsonParam(params, 'reply_markup', "can't parse reply keyboard markup JSON object");
  if (value === undefined) return undefined;
  if (!isObject(value)) throw badRequest('object expected as reply markup');
  return markupFrom(value);
}

function markupFrom(object: Record<string, unknown>): ReplyMarkup | undefined {
  const keyboard = rowsOf(object, 'keyboard', 'Field "keyboard" must be an Array of Arrays');
  const inline = rowsOf(object, 'inline_keyboard', 'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  const rows = keyboard ? buttonRows(keyboard, keyboardButton, "can't parse keyboard button") : [];
  const inlineRows = inline ? buttonRows(inline, inlineButton, "can't parse inline keyboard button") : [];
  const selective = Object.fromEntries(trueFlags(object, ['selective']));
  if (rows.length > 0) return replyKeyboard(object, rows);
  if (inlineRows.length > 0) return { inline_keyboard: inlineRows };
  if (trueFlags(object, ['remove_keyboard', 'hide_keyboard']).length > 0) return { remove_keyboard: true, ...selective };
  if (trueFlags(object, ['force_reply']).length > 0) return { force_reply: true, ...selective };
  return undefined;
}

/** The named Boolean fields that are true, as entries (tdlib rejects non-Boolean values). */
function trueFlags(object: Record<string, unknown>, names: readonly string[]): [string, true][] {
  return names.filter((name) => markupField(() => booleanField(object, name))).map((name) => [name, true]);
}

/** Reads a markup field, turning tdlib's field errors into Bad Request answers. */
function markupField<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw badRequest(lowerFirst(error instanceof Error ? error.message : String(error)));
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function rowsOf(object: Record<string, unknown>, field: string, rowError: string): unknown[][] | undefined {
  const value = object[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest(`field "${field}" must be of type Array`);
  return value.map((row: unknown) => {
    if (!Array.isArray(row)) throw badRequest(lowerFirst(rowError));
    return row;
  });
}

/** Buttons per row; tdlib drops buttons with empty text and then empty rows. */
function buttonRows<B>(rows: unknown[][], parse: (button: unknown) => B | undefined, errorPrefix: string): B[][] {
  const parsed = rows.map((row) =>
    row.flatMap((button) => {
      try {
        const result = parse(button);
        return result === undefined ? [] : [result];
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw badRequest(`${errorPrefix}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return parsed.filter((row) => row.length > 0);
}

function replyKeyboard(object: Record<string, unknown>, keyboard: KeyboardButton[][]): ReplyKeyboardMarkup {
  const placeholder = markupField(() => stringField(object, 'input_field_placeholder'));
  return {
    keyboard,
    ...Object.fromEntries(trueFlags(object, ['is_persistent', 'resize_keyboard', 'one_time_keyboard', 'selective'])),
    ...(placeholder === undefined ? {} : { input_field_placeholder: placeholder }),
  };
}

function keyboardButton(button: unknown): KeyboardButton | undefined {
  if (typeof button === 'string') return button === '' ? undefined : button;
  if (!isObject(button)) throw new Error('KeyboardButton must be a String or an Object');
  const text = requiredStringField(button, 'text');
  if (text === '') return undefined;
  if (booleanField(button, 'request_contact')) return { text, request_contact: true };
  if (booleanField(button, 'request_location')) return { text, request_location: true };
  const unmodeled = ['request_users', 'request_chat', 'request_poll', 'web_app'].find((field) => field in button);
  if (unmodeled) throw new Error(`keyboard buttons with "${unmodeled}" are not modeled by the fake Bot API`);
  return { text };
}

/** An inline button; like the Bot API, the first action field present (url, callback_data, ...) wins. */
function inlineButton(button: unknown): InlineKeyboardButton | undefined {
  if (!isObject(button)) throw new Error('InlineKeyboardButton must be an Object');
  const text = requiredStringField(button, 'text');
  if (text === '') return undefined;
  const url = stringField(button, 'url') ?? '';
  if (url !== '') return { text, url: checkedButtonUrl(url) };
  const data = stringField(button, 'callback_data') ?? '';
  if (data !== '') {
    if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
    return { text, callback_data: data };
  }
  if ('switch_inline_query' in button) return { text, switch_inline_query: requiredStringField(button, 'switch_inline_query') };
  if ('switch_inline_query_current_chat' in button) {
    return { text, switch_inline_query_current_chat: requiredStringField(button, 'switch_inline_query_current_chat') };
  }
  const unmodeled = ['callback_game', 'pay', 'switch_inline_query_chosen_chat', 'login_url', 'web_app', 'copy_text'].find(
    (field) => field in button,
  );
  if (unmodeled) throw new Error(`inline buttons with "${unmodeled}" are not modeled by the fake Bot API`);
  throw new Error('Text buttons are unallowed in the inline keyboard');
}

/** tdlib's check_link, roughly: a tg:// link, or an HTTP(S) URL with a dotted host (scheme optional). */
function checkedLink(url: string): string | undefined {
  if (/^(tg|ton):\/\//i.test(url)) return url;
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    const http = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return http && parsed.hostname.includes('.') ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A URL button's link, checked by tdlib (hence no "can't parse inline keyboard button" prefix). */
function checkedButtonUrl(url: string): string {
  const checked = checkedLink(url);
  if (checked === undefined) throw badRequest(`inline keyboard button URL '${url}' is invalid: Wrong HTTP URL`);
  return checked;
}

function sameMarkup(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

const CHAT_ACTIONS = new Set([
  'cancel',
  'typing',
  'record_video',
  'upload_video',
  'record_audio',
  'record_voice',
  'upload_audio',
  'upload_voice',
  'upload_photo',
  'upload_document',
  'choose_sticker',
  'pick_up_location',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
/** Update types Telegram leaves out unless allowed_updates names them. */
const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const LONG_POLL_MAX_SECONDS = 50;
const WEBHOOK_RETRY_DELAY_MS = 200;
const WEBHOOK_TIMEOUT_MS = 10_000;
const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]*$/;
const TERMINATED_BY_OTHER_GET_UPDATES = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const WEBHOOK_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';

interface ChatState {
  readonly chat: Chat.PrivateChat;
  /** The chat_instance of callback queries from this chat: stable per chat, like Telegram's. */
  readonly instance: string;
  nextMessageId: number;
  /** The bot's messages by id, with their current reply markup. */
  readonly botMessages: Map<number, Message.TextMessage>;
  /** Times (ms) of recent accepted sendMessage calls, for flood control. */
  recentSends: number[];
  blockedUntil: number;
}

/** What every message a user sends in the private chat carries. */
interface IncomingMessageBase {
  message_id: number;
  from: User;
  chat: Chat.PrivateChat;
  date: number;
}

interface QueuedUpdate {
  readonly update: Update;
  /** A redelivered update is confirmed by offset only once it was handed out again. */
  readonly redelivered: boolean;
  handedOut: boolean;
}

interface WaitingPoll {
  readonly limit: number;
  finish(outcome: Update[] | ApiError): void;
}

interface Webhook {
  /** The url as set (getWebhookInfo shows it). */
  readonly url: string;
  /** Where deliveries go: the url parsed, https:// when it named no scheme. */
  readonly target: string;
  readonly secretToken: string;
  readonly maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

/** A handler's result with the `description` Telegram adds to some ok answers. */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type ApiReply = { ok: true; result: unknown; description?: string } | ({ ok: false } & BotApiError);

interface MethodHandler {
  readonly name: string;
  readonly run: (params: Params, signal: AbortSignal) => unknown;
}

type MutableCall = { -readonly [K in keyof RecordedCall]: RecordedCall[K] };

class FakeTelegram implements FakeBotApi {
  apiRoot = '';
  readonly botUser: UserFromGetMe & { can_connect_to_business: boolean; has_main_web_app: boolean };
  private readonly token: string;
  private readonly floodControl: FloodControl | undefined;
  private readonly server: Server = createServer((req, res) => void this.serve(req, res));
  private readonly lifetime = new AbortController();
  private readonly chats = new Map<number, ChatState>();
  private readonly created = new Map<number, Update>();
  private queue: QueuedUpdate[] = [];
  private nextUpdateId = 100_000_001;
  private nextQueryId = 1;
  private allowedUpdates: string[] | undefined;
  private waitingPoll: WaitingPoll | undefined;
  private webhook: Webhook | undefined;
  private nextSetWebhookAt = 0;
  private delivering = false;
  private readonly openQueries = new Set<string>();
  private readonly injected = new Map<string, BotApiError[]>();
  private readonly callLog: MutableCall[] = [];
  private readonly sent: SentMessage[] = [];
  private readonly actions: ChatActionRecord[] = [];
  private readonly answered: AnsweredCallbackQuery[] = [];
  private readonly deliveries: WebhookDelivery[] = [];

  private readonly handlers = new Map<string, MethodHandler>(
    (
      [
        ['getMe', () => this.botUser],
        ['getUpdates', (params, signal) => this.getUpdates(params, signal)],
        ['setWebhook', (params) => this.setWebhook(params)],
        ['deleteWebhook', (params) => this.deleteWebhook(params)],
        ['getWebhookInfo', () => this.webhookInfo()],
        ['sendMessage', (params) => this.sendMessage(params)],
        ['sendChatAction', (params) => this.sendChatAction(params)],
        ['answerCallbackQuery', (params) => this.answerCallbackQuery(params)],
        ['editMessageReplyMarkup', (params) => this.editMessageReplyMarkup(params)],
        ['setMyCommands', () => true],
        ['deleteMyCommands', () => true],
      ] satisfies [string, MethodHandler['run']][]
    ).map(([name, run]) => [name.toLowerCase(), { name, run }]),
  );

  constructor(options: FakeBotApiOptions) {
    const botId = /^(\d+):[A-Za-z0-9_-]+$/.exec(options.token)?.[1];
    if (botId === undefined) throw misuse(`token must look like "<bot id>:<secret>", got ${JSON.stringify(options.token)}`);
    this.token = options.token;
    this.floodControl = options.floodControl;
    this.botUser = {
      id: Number(botId),
      is_bot: true,
      first_name: 'Fake Test Bot',
      username: options.botUsername ?? 'fake_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  /** Listens on 127.0.0.1 at a random port. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    if (this.lifetime.signal.aborted) return;
    this.lifetime.abort();
    this.waitingPoll?.finish([]);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // --- HTTP --------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const route = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    const call: MutableCall = { method: route?.[2] ?? url.pathname, params: {}, status: undefined, via: 'http' };
    const hungUp = new AbortController();
    res.on('close', () => hungUp.abort());
    const reply = await this.replyTo(req, url, route, call, hungUp.signal);
    if (hungUp.signal.aborted) return;
    res.writeHead(settle(call, reply), { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }

  private async replyTo(
    req: IncomingMessage,
    url: URL,
    route: RegExpExecArray | null,
    call: MutableCall,
    signal: AbortSignal,
  ): Promise<ApiReply> {
    const body = await readBody(req).catch((error: unknown) => (error instanceof ApiError ? error : badRequest(String(error))));
    call.params = { ...Object.fromEntries(url.searchParams), ...(body instanceof ApiError ? {} : body) };
    this.callLog.push(call);
    if (body instanceof ApiError) return errorReply(body);
    try {
      if (!route) throw notFound();
      if (route[1] !== this.token) throw unauthorized();
      return await this.invoke(route[2] ?? '', call, signal);
    } catch (error) {
      return errorReply(error);
    }
  }

  /** Runs a method by (case-insensitive) name; throws ApiError for Telegram's error answers. */
  private async invoke(name: string, call: MutableCall, signal: AbortSignal): Promise<ApiReply> {
    const handler = this.handlers.get(name.toLowerCase());
    if (!handler) throw notFound();
    call.method = handler.name;
    const injected = this.injected.get(handler.name.toLowerCase())?.shift();
    if (injected) throw new ApiError(injected);
    const outcome = await handler.run(call.params, signal);
    return outcome instanceof Described
      ? { ok: true, result: outcome.result, description: outcome.description }
      : { ok: true, result: outcome };
  }

  failNext(method: string, times: number, error: BotApiError): void {
    const key = method.toLowerCase();
    const queue = this.injected.get(key) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(structuredClone(error));
    this.injected.set(key, queue);
  }

  // --- getUpdates ------------------------------------------------------------------------------

  private async getUpdates(params: Params, signal: AbortSignal): Promise<Update[]> {
    if (this.webhook) throw conflict(WEBHOOK_ACTIVE);
    const offset = integerParam(params, 'offset') ?? 0;
    const limit = clamp(integerParam(params, 'limit') ?? 100, 1, 100);
    const timeout = clamp(integerParam(params, 'timeout') ?? 0, 0, LONG_POLL_MAX_SECONDS);
    this.updateAllowedUpdates(params);
    this.confirmBefore(offset);
    const ready = this.takeUpdates(limit);
    if (ready.length > 0 || timeout === 0 || signal.aborted || this.lifetime.signal.aborted) return ready;
    this.waitingPoll?.finish(conflict(TERMINATED_BY_OTHER_GET_UPDATES));
    return await this.waitForUpdates(limit, timeout, signal);
  }

  /** offset > 0 forgets updates below it; a negative offset keeps only the last -offset updates. */
  private confirmBefore(offset: number): void {
    if (offset < 0) this.queue = this.queue.slice(offset);
    else if (offset > 0) {
      this.queue = this.queue.filter((entry) => entry.update.update_id >= offset || (entry.redelivered && !entry.handedOut));
    }
  }

  private takeUpdates(limit: number): Update[] {
    const batch = this.queue.slice(0, limit);
    for (const entry of batch) entry.handedOut = true;
    return batch.map((entry) => entry.update);
  }

  private waitForUpdates(limit: number, timeoutSeconds: number, signal: AbortSignal): Promise<Update[]> {
    return new Promise((resolve, reject) => {
      const finish = (outcome: Update[] | ApiError): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', hangUp);
        if (this.waitingPoll === poll) this.waitingPoll = undefined;
        if (outcome instanceof ApiError) reject(outcome);
        else resolve(outcome);
      };
      const hangUp = (): void => finish([]);
      const poll: WaitingPoll = { limit, finish };
      const timer = setTimeout(() => finish([]), timeoutSeconds * 1000);
      signal.addEventListener('abort', hangUp, { once: true });
      this.waitingPoll = poll;
    });
  }

  /** allowed_updates is a stored setting: absent keeps it, `[]` restores Telegram's default. */
  private updateAllowedUpdates(params: Params): void {
    const value = jsonParam(params, 'allowed_updates', "can't parse allowed updates JSON array");
    if (!Array.isArray(value)) return;
    const types = value.filter((item): item is string => typeof item === 'string');
    this.allowedUpdates = types.length > 0 ? types : undefined;
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    return this.allowedUpdates ? this.allowedUpdates.includes(type) : !OPT_IN_UPDATE_TYPES.has(type);
  }

  /** Queues a new update (Telegram never creates updates the bot did not allow) and wakes its reader. */
  private enqueue<U extends Update>(update: U): U {
    this.created.set(update.update_id, update);
    if (this.isAllowed(update)) {
      this.queue.push({ update, redelivered: false, handedOut: false });
      this.wakeReader();
    }
    return update;
  }

  redeliver(updateId: number): void {
    const update = this.created.get(updateId);
    if (!update) throw misuse(`no update ${updateId} was ever created`);
    if (this.queue.some((entry) => entry.update.update_id === updateId && !entry.handedOut)) return;
    this.queue = this.queue.filter((entry) => entry.update.update_id !== updateId);
    this.queue.push({ update, redelivered: true, handedOut: false });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    this.wakeReader();
  }

  private wakeReader(): void {
    if (this.webhook) void this.pumpWebhook();
    else if (this.waitingPoll) this.waitingPoll.finish(this.takeUpdates(this.waitingPoll.limit));
  }

  // --- Webhook ---------------------------------------------------------------------------------

  private setWebhook(params: Params): Described {
    const url = stringParam(params, 'url');
    if (url === '') return this.deleteWebhook(params);
    const now = Date.now();
    if (now < this.nextSetWebhookAt) throw tooManyRequests(1);
    this.nextSetWebhookAt = now + 1000;
    const secretToken = stringParam(params, 'secret_token');
    const maxConnections = clamp(integerParam(params, 'max_connections') ?? 40, 1, 100);
    const drop = booleanParam(params, 'drop_pending_updates');
    const current = this.webhook;
    if (current && current.url === url && current.secretToken === secretToken && current.maxConnections === maxConnections && !drop) {
      this.updateAllowedUpdates(params);
      return new Described(true, 'Webhook is already set');
    }
    if (drop) this.queue = [];
    const target = checkWebhookUrl(url);
    if (secretToken.length > 256) throw badRequest('secret token is too long');
    if (!SECRET_TOKEN_PATTERN.test(secretToken)) throw badRequest('secret token contains unallowed characters');
    this.updateAllowedUpdates(params);
    this.webhook = { url, target, secretToken, maxConnections };
    this.waitingPoll?.finish(conflict('Conflict: terminated by setWebhook request'));
    void this.pumpWebhook();
    return new Described(true, 'Webhook was set');
  }

  private deleteWebhook(params: Params): Described {
    if (booleanParam(params, 'drop_pending_updates')) this.queue = [];
    const wasSet = this.webhook !== undefined;
    this.webhook = undefined;
    return new Described(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted');
  }

  private webhookInfo(): WebhookInfo {
    const hook = this.webhook;
    return {
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
      ...(hook?.lastErrorDate === undefined ? {} : { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage }),
      ...(hook ? { max_connections: hook.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(this.allowedUpdates ? { allowed_updates: [...this.allowedUpdates] } : {}),
    };
  }

  /** Delivers queued updates one at a time, in order, retrying each until the webhook answers 2xx. */
  private async pumpWebhook(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (;;) {
        const hook = this.webhook;
        const entry = this.queue[0];
        if (!hook || !entry || this.lifetime.signal.aborted) return;
        entry.handedOut = true;
        if (await this.deliver(hook, entry.update)) this.queue = this.queue.filter((queued) => queued !== entry);
        else await sleep(WEBHOOK_RETRY_DELAY_MS, undefined, { signal: this.lifetime.signal }).catch(() => undefined);
      }
    } finally {
      this.delivering = false;
    }
  }

  private async deliver(hook: Webhook, update: Update): Promise<boolean> {
    const delivery: WebhookDelivery = {
      update_id: update.update_id,
      status: undefined,
      secret_token: hook.secretToken === '' ? undefined : hook.secretToken,
    };
    this.deliveries.push(delivery);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (delivery.secret_token !== undefined) headers['x-telegram-bot-api-secret-token'] = delivery.secret_token;
    try {
      const response = await postJson(hook.target, JSON.stringify(update), headers, this.lifetime.signal);
      delivery.status = response.status;
      if (response.status >= 200 && response.status <= 299) {
        await this.runWebhookReply(response.body);
        return true;
      }
      this.webhookFailed(hook, `Wrong response from the webhook: ${response.status} ${response.statusText}`);
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
      this.webhookFailed(hook, delivery.error);
    }
    return false;
  }

  private webhookFailed(hook: Webhook, message: string): void {
    hook.lastErrorDate = nowSeconds();
    hook.lastErrorMessage = message;
  }

  /** Telegram executes a method a webhook puts in its 2xx response body (telegraf's webhookReply). */
  private async runWebhookReply(body: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return;
    }
    if (!isObject(parsed) || typeof parsed.method !== 'string') return;
    const { method, ...params } = parsed;
    const name = method.toLowerCase();
    if (['deletewebhook', 'setwebhook', 'close', 'logout'].includes(name) || name.startsWith('get')) return;
    const call: MutableCall = { method, params, status: undefined, via: 'webhook-reply' };
    this.callLog.push(call);
    settle(call, await this.invoke(method, call, this.lifetime.signal).catch(errorReply));
  }

  // --- Sending ---------------------------------------------------------------------------------

  /** chat_id of a chat whose user talked to the bot; anything else is "chat not found". */
  private chatFor(params: Params): ChatState {
    const text = stringParam(params, 'chat_id').trim();
    if (text === '') throw badRequest('chat_id is empty');
    const chat = /^-?\d+$/.test(text) ? this.chats.get(Number(text)) : undefined;
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  private sendMessage(params: Params): Message.TextMessage {
    const parsed = formatMessageText(params);
    const markup = parseReplyMarkup(params);
    const chat = this.chatFor(params);
    const formatted = finishMessageText(parsed);
    this.checkFlood(chat);
    const message: Message.TextMessage = {
      message_id: chat.nextMessageId++,
      from: this.botAsSender(),
      chat: chat.chat,
      date: nowSeconds(),
      text: formatted.text,
      ...(formatted.entities.length > 0 ? { entities: formatted.entities } : {}),
      ...(markup && 'inline_keyboard' in markup ? { reply_markup: markup } : {}),
    };
    chat.botMessages.set(message.message_id, message);
    this.sent.push({
      chat_id: chat.chat.id,
      message_id: message.message_id,
      text: message.text,
      sent_text: stringParam(params, 'text'),
      ...(params.parse_mode === undefined ? {} : { parse_mode: stringParam(params, 'parse_mode') }),
      ...(message.entities ? { entities: message.entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return structuredClone(message);
  }

  private botAsSender(): User {
    const { id, is_bot, first_name, username } = this.botUser;
    return { id, is_bot, first_name, username };
  }

  /** Sliding one-second window per chat; going over it blocks the chat for retryAfterSeconds. */
  private checkFlood(chat: ChatState): void {
    if (!this.floodControl) return;
    const now = Date.now();
    if (now < chat.blockedUntil) throw tooManyRequests(Math.ceil((chat.blockedUntil - now) / 1000));
    chat.recentSends = chat.recentSends.filter((time) => time > now - 1000);
    if (chat.recentSends.length >= this.floodControl.perChatPerSecond) {
      chat.blockedUntil = now + this.floodControl.retryAfterSeconds * 1000;
      throw tooManyRequests(this.floodControl.retryAfterSeconds);
    }
    chat.recentSends.push(now);
  }

  private sendChatAction(params: Params): boolean {
    const action = stringParam(params, 'action').toLowerCase();
    if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
    const chat = this.chatFor(params);
    this.actions.push({ chat_id: chat.chat.id, action });
    return true;
  }

  private answerCallbackQuery(params: Params): boolean {
    const id = stringParam(params, 'callback_query_id');
    if (!this.openQueries.delete(id)) throw badRequest(QUERY_INVALID);
    const text = params.text === undefined ? undefined : stringParam(params, 'text');
    const url = params.url === undefined ? undefined : stringParam(params, 'url');
    this.answered.push({
      callback_query_id: id,
      show_alert: booleanParam(params, 'show_alert'),
      ...(text === undefined ? {} : { text }),
      ...(url === undefined ? {} : { url }),
      ...(params.cache_time === undefined ? {} : { cache_time: integerParam(params, 'cache_time') ?? 0 }),
    });
    return true;
  }

  private editMessageReplyMarkup(params: Params): Message.TextMessage {
    const markup = parseReplyMarkup(params);
    if (markup && !('inline_keyboard' in markup)) throw badRequest('inline keyboard expected');
    const messageId = integerParam(params, 'message_id') ?? 0;
    if (stringParam(params, 'chat_id') === '' && messageId === 0) {
      if (stringParam(params, 'inline_message_id') === '') throw badRequest('message identifier is not specified');
      throw notModeled('inline messages (inline_message_id)');
    }
    const chat = this.chatFor(params);
    const message = messageId > 0 ? chat.botMessages.get(messageId) : undefined;
    if (!message) {
      throw badRequest(messageId > 0 && messageId < chat.nextMessageId ? "message can't be edited" : 'message to edit not found');
    }
    if (sameMarkup(message.reply_markup, markup)) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    message.edit_date = nowSeconds();
    return structuredClone(message);
  }

  // --- Simulated users ---------------------------------------------------------------------------

  private chatOf(user: FakeUser): ChatState {
    const known = this.chats.get(user.id);
    if (known) return known;
    const chat: ChatState = {
      chat: { id: user.id, type: 'private', first_name: user.firstName ?? `User ${user.id}` },
      instance: String(BigInt(user.id) * 7_919n + 1_000_003n),
      nextMessageId: 1,
      botMessages: new Map(),
      recentSends: [],
      blockedUntil: 0,
    };
    this.chats.set(user.id, chat);
    return chat;
  }

  private userOf(user: FakeUser): User {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.firstName ?? `User ${user.id}`,
      ...(user.languageCode === undefined ? {} : { language_code: user.languageCode }),
    };
  }

  private userMessageBase(user: FakeUser): IncomingMessageBase {
    const chat = this.chatOf(user);
    return { message_id: chat.nextMessageId++, from: this.userOf(user), chat: chat.chat, date: nowSeconds() };
  }

  userSends(user: FakeUser, text: string): Update.MessageUpdate<Message.TextMessage> {
    if (text.trim() === '') throw misuse('Telegram clients do not send empty messages');
    if ([...text].length > MAX_MESSAGE_LENGTH) throw misuse('Telegram clients split messages over 4096 characters');
    const entities = commandEntities(text);
    const message: Update.MessageUpdate<Message.TextMessage>['message'] = {
      ...this.userMessageBase(user),
      text,
      ...(entities.length > 0 ? { entities } : {}),
    };
    return this.enqueue({ update_id: this.nextUpdateId++, message });
  }

  userSharesContact(user: FakeUser, phoneNumber: string): Update.MessageUpdate<Message.ContactMessage> {
    const message: Update.MessageUpdate<Message.ContactMessage>['message'] = {
      ...this.userMessageBase(user),
      contact: { phone_number: phoneNumber, first_name: user.firstName ?? `User ${user.id}`, user_id: user.id },
    };
    return this.enqueue({ update_id: this.nextUpdateId++, message });
  }

  userPresses(user: FakeUser, messageId: number, callbackData: string): Update.CallbackQueryUpdate<CallbackQuery.DataQuery> {
    const chat = this.chats.get(user.id);
    const message = chat?.botMessages.get(messageId);
    if (!chat || !message) throw misuse(`user ${user.id} has no bot message ${messageId} to press a button on`);
    const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => 'callback_data' in button && button.callback_data === callbackData)) {
      const offered = buttons.flatMap((button) => ('callback_data' in button ? [button.callback_data] : []));
      throw misuse(
        `message ${messageId} has no inline button with callback_data ${JSON.stringify(callbackData)} (it has ${JSON.stringify(offered)})`,
      );
    }
    const id = `${this.botUser.id}${String(this.nextQueryId++).padStart(9, '0')}`;
    this.openQueries.add(id);
    const callbackQuery: CallbackQuery.DataQuery = {
      id,
      from: this.userOf(user),
      message: structuredClone(message),
      chat_instance: chat.instance,
      data: callbackData,
    };
    return this.enqueue({ update_id: this.nextUpdateId++, callback_query: callbackQuery });
  }

  // --- Inspection ------------------------------------------------------------------------------

  sentMessages(chatId?: number): SentMessage[] {
    return this.sent.filter((message) => chatId === undefined || message.chat_id === chatId);
  }

  chatActions(chatId?: number): ChatActionRecord[] {
    return this.actions.filter((action) => chatId === undefined || action.chat_id === chatId);
  }

  answeredCallbackQueries(): AnsweredCallbackQuery[] {
    return [...this.answered];
  }

  calls(method?: string): RecordedCall[] {
    const wanted = method?.toLowerCase();
    return this.callLog.filter((call) => wanted === undefined || call.method.toLowerCase() === wanted);
  }

  webhookDeliveries(): WebhookDelivery[] {
    return [...this.deliveries];
  }

  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) {
        const recent = this.callLog.slice(-10).map((call) => `${call.method} → ${call.status ?? 'pending'}`);
        throw new Error(
          `fake Bot API: waitFor timed out after ${timeoutMs} ms waiting for ${predicate.toString()}; last calls: ${recent.join(', ') || 'none'}`,
        );
      }
      await sleep(10);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

/** Records the answer on the call; returns its HTTP status. */
function settle(call: MutableCall, reply: ApiReply): number {
  const status = reply.ok ? 200 : reply.error_code;
  call.status = status;
  if (!reply.ok) call.description = reply.description;
  return status;
}

function errorReply(error: unknown): ApiReply {
  if (error instanceof ApiError) return { ok: false, ...error.body };
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, error_code: 500, description: `Internal Server Error: fake Bot API failed: ${detail}` };
}

/** The request body's parameters: JSON object or urlencoded form (multipart uploads are not modeled). */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const body = Buffer.concat(chunks).toString('utf8');
  if (body === '') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (!isObject(parsed)) throw badRequest('JSON object expected');
    return parsed;
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body));
  if (type === 'multipart/form-data') throw notModeled('multipart/form-data (file uploads)');
  return {};
}

/** http:// to a loopback host is the fake's one exception to Telegram's HTTPS-only webhooks. */
function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    throw badRequest('invalid webhook URL specified');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'http:' && loopback) return parsed.href;
  if (parsed.protocol !== 'https:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  if (!['', '80', '88', '443', '8443'].includes(parsed.port)) {
    throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
  }
  return parsed.href;
}

/** POSTs JSON on a fresh connection and reads the whole answer. */
function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; statusText: string; body: string }> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: 'POST', headers, agent: false, signal, timeout: WEBHOOK_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('timeout', () => request.destroy(new Error('Timeout expired')));
    request.on('error', reject);
    request.end(body);
  });
}
