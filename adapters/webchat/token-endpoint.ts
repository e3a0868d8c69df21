import express, { type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { errorForLog } from '../../bot/log-scrub.js';
import type { ConversationHub } from './conversation-hub.js';
import { issueConversation } from './conversation-start.js';
import { makeTokenOriginCheck } from './cors.js';
import { makeErrorHandler, sendError } from './errors.js';
import { newUserId } from './ids.js';
import type { WebChatLogger } from './logger.js';
import type { TokenService } from './tokens.js';

/** Requests per window and window length of the per-IP limit on POST /api/webchat/token. */
export interface TokenRateLimit {
  readonly windowMs: number;
  readonly max: number;
  /**
   * Where the counts are kept: this process's memory by default; a store shared by the instances (Redis, REDIS_URL)
   * makes one budget per IP for the whole fleet. A store serves one limiter.
   */
  readonly store?: Store;
}

/** Default limit: 20 tokens per minute per client IP. */
export const defaultTokenRateLimit: TokenRateLimit = { windowMs: 60_000, max: 20 };

/** What the token endpoint needs. */
export interface TokenEndpointOptions {
  readonly hub: ConversationHub;
  readonly tokens: TokenService;
  readonly allowedOrigins: readonly string[];
  readonly rateLimit: TokenRateLimit;
  readonly logger: WebChatLogger;
}

/**
 * POST /api/webchat/token: what the widget calls instead of holding a secret. Each call creates a new
 * conversation for a new server-generated user id (`dl_…`) and answers `{ conversationId, token, expires_in, userId }`.
 * CORS for the allowed origins only; rate-limited per client IP (429 with Retry-After). When the limit's store fails
 * (Redis down) the request is let through and the failure logged: debtors keep getting tokens.
 */
export function makeTokenEndpointRouter(options: TokenEndpointOptions): Router {
  const router = express.Router();
  const originCheck = makeTokenOriginCheck(options.allowedOrigins);
  const logRateLimitError = (error: unknown, message = 'token rate limit error') =>
    options.logger.warn({ err: errorForLog(error) }, message);
  const limiter = rateLimit({
    windowMs: options.rateLimit.windowMs,
    limit: options.rateLimit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.rateLimit.store ? { store: options.rateLimit.store } : {}),
    passOnStoreError: true,
    logger: { error: logRateLimitError, warn: logRateLimitError },
    handler: (_request, response) => sendError(response, 429, 'TooManyRequests', 'Too many token requests: try again later'),
  });

  router.options('/api/webchat/token', originCheck);
  router.post('/api/webchat/token', originCheck, limiter, async (_request, response) => {
    const userId = newUserId();
    const issued = await issueConversation(options.hub, options.tokens, { id: userId });
    response
      .set('Cache-Control', 'no-store')
      .status(200)
      .json({ conversationId: issued.conversationId, token: issued.token, expires_in: issued.expiresInSeconds, userId });
  });
  router.use('/api/webchat', makeErrorHandler(options.logger));
  return router;
}
