// Brute-force protection of the login: a per-IP rate limit (express-rate-limit) and a per-account
// lock after repeated wrong passwords (kept in the ledger, so it holds across server instances).
import type { Response } from 'express';
import { MemoryStore, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';

/** Wrong passwords in a row that lock an account. */
export const maxFailedLogins = 5;
/** How long a locked account refuses every login, in minutes. */
export const lockoutMinutes = 15;

/** The per-IP login rate limit: at most `limit` failed attempts per `windowMs`. */
export interface LoginRateLimit {
  readonly windowMs: number;
  readonly limit: number;
}

/** Default: 20 failed login attempts per IP per 15 minutes (successful logins are not counted, so an office behind one address is not blocked). */
export const defaultLoginRateLimit: LoginRateLimit = { windowMs: 15 * 60_000, limit: 20 };

/** The same answer for an unknown email, a wrong password and a locked account (no user enumeration). */
export const loginRefusedMessage = 'email or password not accepted (after 5 wrong passwords an account is locked for 15 minutes)';

/** Builds the login rate limiter and its store (shut down with the console). */
export function makeLoginRateLimiter(settings: LoginRateLimit): { handler: RateLimitRequestHandler; store: MemoryStore } {
  const store = new MemoryStore();
  const handler = rateLimit({
    windowMs: settings.windowMs,
    limit: settings.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store,
    handler: (_request, response: Response) => {
      response
        .status(429)
        .json({ error: { code: 'too_many_attempts', message: 'too many login attempts from this address; try again later' } });
    },
  });
  return { handler, store };
}
