// CSRF protection: every state-changing API call carries the session's token in `X-CSRF-Token`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ConsoleError } from './errors.js';
import { sessionOf } from './sessions.js';

/** The header a state-changing request must carry. */
export const csrfHeaderName = 'x-csrf-token';

/** True when the token the client sent equals the session's token (constant time, any lengths). */
export function csrfTokensMatch(expected: string, provided: string | undefined): boolean {
  if (!provided || expected.length === 0) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(provided));
}

/** Refuses (403) a request whose `X-CSRF-Token` header is not the session's token; runs after requireSession. */
export const requireCsrf: RequestHandler = (request, _response, next) => {
  const provided = request.get(csrfHeaderName);
  if (!csrfTokensMatch(sessionOf(request).csrfToken, provided)) {
    throw new ConsoleError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header; reload the console');
  }
  next();
};
