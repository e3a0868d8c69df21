// Brute-force protection of the login: a per-IP rate limit (express-rate-limit; counted in Redis with REDIS_URL, so
// one budget across server instances) and a per-account lock after repeated wrong passwords (kept in the ledger, so it
// holds across server instances).
import type { Response } from 'express';
import { MemoryStore, rateLimit, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import type pino from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';

/** Wrong passwords in a row that lock an account. */
export const maxFailedLogins = 5;
/** How long a locked account refuses every login, in minutes. */
export const lockoutMinutes = 15;

/** The per-IP login rate limit: at most `limit` failed attempts per `windowMs`. */
export interface LoginRateLimit {
  readonly windowMs: number;
  readonly limit: number;
  /**
   * Where the counts are kept: this process's memory by default; a store shared by the instances (Redis, REDIS_URL)
   * makes one budget per IP for the whole fleet. A store serves one limiter.
   */
  readonly store?: Store;
}

/** Default: 20 failed login attempts per IP per 15 minutes (successful logins are not counted, so an office behind one address is not blocked). */
export const defaultLoginRateLimit: LoginRateLimit = { windowMs: 15 * 60_000, limit: 20 };

/** The same answer for an unknown email, a wrong password and a locked account (no user enumeration). */
export const loginRefusedMessage = 'email or password not accepted (after 5 wrong passwords an account is locked for 15 minutes)';

/**
 * Builds the login rate limiter; `close` stops its in-memory store (a shared store given in `settings` belongs to its
 * owner). When the store fails (Redis down) the attempt is let through and the failure logged to `logger`: the
 * per-account lock still holds.
 */
export function makeLoginRateLimiter(
  settings: LoginRateLimit,
  logger?: Pick<pino.Logger, 'warn'>,
): { handler: RateLimitRequestHandler; close(): Promise<void> } {
  const ownStore = settings.store ? undefined : new MemoryStore();
  const logRateLimitError = (error: unknown, message = 'login rate limit error') => logger?.warn({ err: errorForLog(error) }, message);
  const handler = rateLimit({
    windowMs: settings.windowMs,
    limit: settings.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: settings.store ?? ownStore,
    passOnStoreError: true,
    ...(logger ? { logger: { error: logRateLimitError, warn: logRateLimitError } } : {}),
    handler: (_request, response: Response) => {
      response
        .status(429)
        .json({ error: { code: 'too_many_attempts', message: 'too many login attempts from this address; try again later' } });
    },
  });
  return { handler, close: async () => ownStore?.shutdown() };
}
