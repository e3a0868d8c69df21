// The Graph API's errors, sorted by what the sender must do about them (Meta's error codes for the Cloud API).

/** What a Graph API error means for the sender. */
export type WhatsAppCloudErrorKind = 'throughput' | 'pair_rate' | 're_engagement' | 'undeliverable' | 'auth' | 'other';

/** Too many messages from this number or app (130429, app limit 4, account limit 80007): everyone backs off. */
const throughputCodes = new Set([4, 80007, 130429]);
/** Too many messages to one user in a short time (131056): that user's line waits. */
const pairRateCodes = new Set([131056]);
/** The user has not written in the last 24 hours (131047): only an approved template may go out. */
const reEngagementCodes = new Set([131047]);
/** The message cannot be delivered to this user (131026: not on WhatsApp, old app, terms not accepted…). */
const undeliverableCodes = new Set([131026]);
/** The token is wrong, expired or lacks a permission (190 OAuth, 3/10 and 200–299 permissions; HTTP 401/403). */
const authCodes = new Set([3, 10, 190]);
/** Meta's own trouble (1, 2 unknown / unavailable; 131000 something went wrong; 131016, 133004 service unavailable). */
const transientCodes = new Set([1, 2, 131000, 131016, 133004]);

/** The kind of a Graph API error code, given the HTTP status it came with (0 for no answer). */
export function kindOf(code: number, httpStatus: number): WhatsAppCloudErrorKind {
  if (throughputCodes.has(code) || httpStatus === 429) return 'throughput';
  if (pairRateCodes.has(code)) return 'pair_rate';
  if (reEngagementCodes.has(code)) return 're_engagement';
  if (undeliverableCodes.has(code)) return 'undeliverable';
  if (authCodes.has(code) || (code >= 200 && code < 300) || httpStatus === 401 || httpStatus === 403) return 'auth';
  return 'other';
}

/**
 * A message the Cloud API did not accept: `code` is Meta's error code (or the HTTP status when the answer carried none,
 * 0 when nothing answered), `kind` what it means for the sender. The message holds Meta's short title, never the payload.
 */
export class WhatsAppCloudError extends Error {
  /** Meta's error code (e.g. 131047), else the HTTP status, else 0 (no answer). */
  readonly code: number;
  /** What the error means: back off for everyone, wait for this user, only a template, give up on this user, fix the token, or other. */
  readonly kind: WhatsAppCloudErrorKind;
  /** The HTTP status of the answer; 0 when the request got none (network error, timeout). */
  readonly httpStatus: number;
  /** Seconds the server asked to wait (a `Retry-After` header), if it did. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: number, httpStatus: number, title: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    const kind = kindOf(code, httpStatus);
    super(`WhatsApp Cloud API error ${code} (${kind}): ${title}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WhatsAppCloudError';
    this.code = code;
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** True when trying the same message again later may succeed: rate limits, Meta's server trouble, no answer. */
  get retryable(): boolean {
    if (this.kind === 'throughput' || this.kind === 'pair_rate') return true;
    if (this.kind !== 'other') return false;
    return this.httpStatus === 0 || this.httpStatus >= 500 || transientCodes.has(this.code);
  }
}

/** The shape of Meta's error answer: `{ error: { message, type, code, error_data, fbtrace_id } }`. */
interface GraphErrorBody {
  readonly error?: {
    readonly message?: unknown;
    readonly code?: unknown;
  };
}

/** The error of a Graph API answer that was not 2xx, from its status, JSON body (if any) and `Retry-After` header. */
export function errorFromAnswer(httpStatus: number, body: unknown, retryAfter: string | null): WhatsAppCloudError {
  const error = (body as GraphErrorBody | null)?.error;
  const code = typeof error?.code === 'number' && Number.isInteger(error.code) ? error.code : httpStatus;
  const title = typeof error?.message === 'string' && error.message ? error.message.slice(0, 200) : `HTTP ${httpStatus}`;
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return new WhatsAppCloudError(code, httpStatus, title, Number.isFinite(seconds) && seconds >= 0 ? { retryAfterSeconds: seconds } : {});
}

/** The error of a request that got no answer (network failure, timeout). */
export function errorFromNoAnswer(cause: unknown): WhatsAppCloudError {
  const what = cause instanceof Error && cause.name === 'TimeoutError' ? 'the request timed out' : 'the Graph API could not be reached';
  return new WhatsAppCloudError(0, 0, what, { cause });
}
