// What a log line may carry (DESIGN §7, §11): every string goes through the one identity-data detector the
// transcript and the console use (ledger/privacy/mask), errors become name, code, message and stack, masked.
import { maskIdentityData } from '../ledger/index.js';

/** Whole values that are opaque identifiers or timestamps, never identity data, though they may hold digit runs. */
const opaqueValues = [
  /^(?:[a-z]+[-_])?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // a UUID, maybe prefixed ("conv-…")
  /^c[a-z0-9]{20,31}$/, // a cuid (ledger ids)
  /^(?=\d*[a-f])[0-9a-f]{8,64}$/, // a hex digest or tag with at least one letter (chat tags, hashes)
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, // an ISO instant (a birth date has no time)
  /^\d{14}_[a-z0-9_]+$/, // a migration's name
];
/** How deep `scrubForLog` follows nested objects and causes before cutting them off. */
const maxDepth = 8;

/** `text` with identity data (documents, dates of birth, phones, cards, e-mails) masked; opaque ids and instants kept. */
export function scrubText(text: string): string {
  return opaqueValues.some((shape) => shape.test(text)) ? text : maskIdentityData(text);
}

/** An error as a log line carries it: name, code and type when present, message and stack masked, its cause likewise. */
export interface LoggedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string | number;
  readonly type?: string;
  readonly stack?: string;
  readonly cause?: unknown;
}

/** `error` (an Error, anything thrown, or an error already shaped for a log) with every string in it masked by `mask`. */
export function errorForLog(error: unknown, mask: (text: string) => string = scrubText): LoggedError | Record<string, unknown> {
  return serializeError(error, mask, 0);
}

/** A copy of `value` safe to log: strings masked by `mask`, errors through `errorForLog`, depth bounded. */
export function scrubForLog(value: unknown, mask: (text: string) => string = scrubText, depth = 0): unknown {
  if (typeof value === 'string') return mask(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) return '[…]';
  if (value instanceof Error) return serializeError(value, mask, depth);
  if (Array.isArray(value)) return value.map((item: unknown) => scrubForLog(item, mask, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubForLog(item, mask, depth + 1);
  return copy;
}

function serializeError(error: unknown, mask: (text: string) => string, depth: number): LoggedError | Record<string, unknown> {
  if (!(error instanceof Error)) {
    if (typeof error === 'object' && error !== null && isPlainObject(error))
      return scrubForLog(error, mask, depth) as Record<string, unknown>;
    return { name: 'unknown', message: mask(String(error)) };
  }
  const { code, type } = error as { code?: unknown; type?: unknown };
  return {
    name: error.name,
    message: mask(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: typeof code === 'string' ? mask(code) : code } : {}),
    ...(typeof type === 'string' ? { type: mask(type) } : {}),
    ...(error.stack === undefined ? {} : { stack: mask(error.stack) }),
    ...(error.cause === undefined ? {} : { cause: depth + 1 >= maxDepth ? '[…]' : serializeError(error.cause, mask, depth + 1) }),
  };
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
