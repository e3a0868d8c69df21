// Calls the console API: JSON in and out, the CSRF token on every state-changing call, and one place
// that notices an ended session.
/* global fetch */

let csrfToken = null;
let onSessionEnded = () => {};

/** An API refusal: HTTP status plus the server's `{ code, message, … }`. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 'network';
    this.body = body ?? {};
  }
}

/** Remembers the session's CSRF token (from login or /me). */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** Registers what to do when the server says the session is gone (401). */
export function whenSessionEnds(handler) {
  onSessionEnded = handler;
}

/**
 * Calls `method path` under /agent/api with an optional JSON body and, for a recording action, its
 * idempotency key (made once per action, sent again on a retry); resolves to the JSON answer or throws ApiError.
 */
export async function api(method, path, body, idempotencyKey) {
  const headers = { Accept: 'application/json' };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(`/agent/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network', message: 'network error' });
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && path !== '/login') onSessionEnded();
  if (!response.ok) throw new ApiError(response.status, data?.error);
  return data;
}
