import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { DirectLineError } from './errors.js';

/** Request headers the official Direct Line client and Web Chat send (rxjs adds X-Requested-With). */
const directLineRequestHeaders = ['Authorization', 'Content-Type', 'Accept', 'X-Requested-With', 'x-ms-bot-agent'];
/** Seconds a browser may cache a preflight answer. */
const preflightMaxAgeSeconds = 600;

/**
 * CORS of the token-protected Direct Line endpoints: any origin may call them (the widget lives on the
 * operator's site; the bearer token is the credential and no cookie is used). Answers preflights itself (204).
 */
export const directLineCors: RequestHandler = cors({
  origin: '*',
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: directLineRequestHeaders,
  exposedHeaders: ['Retry-After'],
  maxAge: preflightMaxAgeSeconds,
});

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
 * CORS headers (their origin reflected); another browser origin gets 403 without them. Requests without an
 * Origin (not from a browser page) pass: CORS only governs browsers. Answers preflights itself (204).
 */
export function makeTokenOriginCheck(allowedOrigins: readonly string[]): RequestHandler {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.map(normalizeOrigin));
  const options: cors.CorsOptions = {
    origin: true,
    methods: ['POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type'],
    exposedHeaders: ['Retry-After'],
    maxAge: preflightMaxAgeSeconds,
  };
  return cors<Request>((request, callback) => {
    const origin = request.get('origin');
    if (origin !== undefined && !anyOrigin && !allowed.has(normalizeOrigin(origin)) && !isSameHost(request, origin)) {
      return callback(new DirectLineError(403, 'OriginNotAllowed', 'This origin may not request web chat tokens'));
    }
    callback(null, options);
  });
}
