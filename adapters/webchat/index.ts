// The web-chat channel (DESIGN §6): a Direct Line 3.0–compatible API served by a botbuilder BotAdapter,
// the token endpoint the widget uses, the demo page and the embeddable widget.
import type { Server } from 'node:http';
import type { TurnContext } from 'botbuilder-core';
import express, { type Router } from 'express';
import { errorForLog } from '../../bot/log-scrub.js';
import type { ConversationHub } from './conversation-hub.js';
import { defaultRetention } from './conversation-store.js';
import { DirectLineAdapter } from './direct-line-adapter.js';
import { LocalConversationHub } from './local-hub.js';
import type { WebChatLogger } from './logger.js';
import { makeDirectLineRouter } from './routes.js';
import { RedisConversationHub } from './redis-hub.js';
import { makeStaticPagesRouter } from './static-pages.js';
import { makeStreamServer } from './stream.js';
import { defaultTokenRateLimit, makeTokenEndpointRouter, type TokenRateLimit } from './token-endpoint.js';
import { makeTokenService } from './tokens.js';

export { DirectLineAdapter } from './direct-line-adapter.js';
export type { WebChatLogger } from './logger.js';
export type { TokenRateLimit } from './token-endpoint.js';

/** Interval of WebSocket keep-alives (empty messages and pings), in ms. */
const keepAliveMs = 30_000;

/** Settings of the web-chat channel. */
export interface WebChatOptions {
  /** Runs one turn (the bot's ActivityHandler.run); called for every incoming activity. */
  readonly logic: (context: TurnContext) => Promise<void>;
  /** HMAC key for tokens, at least 32 characters (WEBCHAT_TOKEN_SECRET). */
  readonly tokenSecret: string;
  /** Direct Line secret accepted as `Authorization: Bearer <secret>` by /tokens/generate and /conversations (the operator's backend), optional. */
  readonly directLineSecret?: string;
  /** Origins allowed to call POST /api/webchat/token (WEBCHAT_ALLOWED_ORIGINS); '*' allows any. */
  readonly allowedOrigins: readonly string[];
  /** Per-IP limit of POST /api/webchat/token (default 20 per minute). */
  readonly tokenRateLimit?: TokenRateLimit;
  /** Where failed turns and requests are logged (never message text or tokens). */
  readonly logger: WebChatLogger;
  /** Cap of the memory all conversations' activity logs may take, in bytes (WEBCHAT_ACTIVITY_CACHE_MB; default 8 MB). */
  readonly activityCacheBytes?: number;
  /** Clock in ms since the epoch, for token expiry and timestamps (default Date.now). */
  readonly nowMs?: () => number;
  /** Shares the conversations with every instance on this Redis and key prefix (REDIS_URL, REDIS_PREFIX; DESIGN §15). */
  readonly redis?: { readonly url: string; readonly prefix: string };
}

/** The conversations' home: shared through Redis when given, else this process's memory. */
function makeHub(options: WebChatOptions, nowMs: () => number): ConversationHub {
  if (!options.redis) {
    return new LocalConversationHub(nowMs, { ...defaultRetention, maxBytes: options.activityCacheBytes ?? defaultRetention.maxBytes });
  }
  return new RedisConversationHub({
    ...options.redis,
    maxActivities: defaultRetention.maxActivities,
    idleMs: defaultRetention.evictAfterIdleMs,
    unstartedIdleMs: defaultRetention.evictUnstartedAfterIdleMs,
    onError: (error) => options.logger.warn({ err: errorForLog(error) }, 'web chat Redis error'),
  });
}

/** The web-chat channel, ready to be mounted. */
export interface WebChat {
  /** The BotAdapter: register middleware with adapter.use(...) and set adapter.onTurnError. */
  readonly adapter: DirectLineAdapter;
  /** Router to mount at the app root: /v3/directline/*, POST /api/webchat/token, GET / (demo page), GET /widget.js. */
  readonly router: Router;
  /** Handles WebSocket upgrades of the stream URLs on the given HTTP server. */
  attach(server: Server): void;
  /**
   * Takes no more WebSocket upgrades and closes every open stream (1001, going away): Web Chat reconnects with its
   * watermark, to another instance in a fleet. Requests and turns still go on until `close`.
   */
  stopStreaming(): Promise<void>;
  /** Stops streaming, then the timers and connections, and forgets the conversations this process holds. */
  close(): Promise<void>;
}

/** Builds the web-chat channel. Throws if `tokenSecret` is shorter than 32 characters. */
export function makeWebChat(options: WebChatOptions): WebChat {
  const nowMs = options.nowMs ?? Date.now;
  const tokens = makeTokenService(options.tokenSecret, nowMs);
  const hub = makeHub(options, nowMs);
  const adapter = new DirectLineAdapter({ hub, logic: options.logic, nowMs });
  const stream = makeStreamServer({ hub, tokens, logger: options.logger, keepAliveMs });

  const router = express.Router();
  router.use(makeDirectLineRouter({ adapter, hub, tokens, directLineSecret: options.directLineSecret, logger: options.logger, nowMs }));
  router.use(
    makeTokenEndpointRouter({
      hub,
      tokens,
      allowedOrigins: options.allowedOrigins,
      rateLimit: options.tokenRateLimit ?? defaultTokenRateLimit,
      logger: options.logger,
    }),
  );
  router.use(makeStaticPagesRouter());

  const servers = new Set<Server>();
  const onUpgrade = (...[request, socket, head]: Parameters<typeof stream.handleUpgrade>) =>
    void stream.handleUpgrade(request, socket, head);

  let streamsClosed: Promise<void> | undefined;
  const stopStreaming = () => {
    for (const server of servers) server.off('upgrade', onUpgrade);
    servers.clear();
    streamsClosed ??= stream.close();
    return streamsClosed;
  };

  return {
    adapter,
    router,
    attach(server) {
      if (servers.has(server)) return;
      servers.add(server);
      server.on('upgrade', onUpgrade);
    },
    stopStreaming,
    async close() {
      await stopStreaming();
      await hub.close();
    },
  };
}
