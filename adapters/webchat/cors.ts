import type { Request, RequestHandler } from 'express';
import { sendError } from './errors.js';

/** Request headers the official Direct Line client and Web Chat send (rxjs adds X-Requested-With). */
const directLineRequestHeaders = 'Authorization, Content-Type, Accept, X-Requested-With, x-ms-bot-agent';
/** Seconds a browser may cache a preflight answer. */
const preflightMaxAgeSeconds = 600;

/**
 * CORS of the token-protected Direct Line endpoints: any origin may call them (the widget lives on the
 * operator's site; the bearer token is the credential and no cookie is used). Answers preflights itself.
 */
export const directLineCors: RequestHandler = (request, response, next) => {
  response.set('Access-Control-Allow-Origin', '*');
  response.set('Access-Control-Expose-Headers', 'Retry-After');
  if (request.method !== 'OPTIONS') return next();
  response.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  response.set('Access-Control-Allow-Headers', directLineRequestHeaders);
  response.set('Access-Control-Max-Age', String(preflightMaxAgeSeconds));
  response.status(204).end();
};

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** True when the Origin is the server's own host (the demo page, whatever name it is reached by). */
function isSameHost(request: Request, origin: string): boolean {
  try {
    return new URL(origin).host === (request.get('host') ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/**
 * CORS of POST /api/webchat/token: only `allowedOrigins` ('*' allows any) and the server's own pages get
 * CORS headers; another browser origin gets 403 without them. Requests without an Origin (not from a
 * browser page) pass: CORS only governs browsers.
 */
export function makeTokenOriginCheck(allowedOrigins: readonly string[]): RequestHandler {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.map(normalizeOrigin));
  return (request, response, next) => {
    response.vary('Origin');
    const origin = request.get('origin');
    if (origin === undefined) return next();
    if (!anyOrigin && !allowed.has(normalizeOrigin(origin)) && !isSameHost(request, origin)) {
      return sendError(response, 403, 'OriginNotAllowed', 'This origin may not request web chat tokens');
    }
    response.set('Access-Control-Allow-Origin', origin);
    response.set('Access-Control-Expose-Headers', 'Retry-After');
    if (request.method !== 'OPTIONS') return next();
    response.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    response.set('Access-Control-Allow-Headers', 'Content-Type');
    response.set('Access-Control-Max-Age', String(preflightMaxAgeSeconds));
    response.status(204).end();
  };
}
