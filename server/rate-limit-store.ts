// Rate-limit counts the instances share (REDIS_URL, DESIGN §15): with Redis, the per-IP limits of the token endpoint
// and the console login count in Redis (rate-limit-redis), so requests spread round-robin over N instances draw on one
// budget instead of N. Without Redis each limiter keeps its counts in this process's memory, as a single instance does.
//
// When Redis is down a limiter lets requests through (express-rate-limit's passOnStoreError, set by the limiters) and
// logs it: the token endpoint keeps serving debtors, and the console login keeps its per-account lock (in the database).
// A command waits at most half a second for Redis (while it connects or when it does not answer), so an outage adds
// at most that to a limited request.
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { connectRedis } from './redis-connection.js';

/** How long a rate-limit command may wait for Redis before the request is let through, in ms. */
const commandTimeoutMs = 500;

/** The stores of the app's rate limiters, and the Redis connection behind them. */
export interface RateLimitStores {
  /**
   * `limit` with a new store for the limiter `name` (its counts under `<prefix>rate-limit:<name>:`) when Redis is on;
   * `limit` as given otherwise (the limiter counts in memory). Call once per limiter: a store serves one limiter.
   */
  shared<T extends object>(name: string, limit: T): T & { readonly store?: Store };
  /** Ends the Redis connection (after the HTTP server stopped taking requests). */
  close(): Promise<void>;
}

/**
 * The rate-limit stores of an instance: in Redis at `redisUrl` with every key under `prefix` (REDIS_PREFIX), or none
 * (in memory) without a URL. Opens one connection, shared by the stores; connection errors are logged once per outage.
 */
export function makeRateLimitStores(redisUrl: string | undefined, prefix: string, logger: Pick<Logger, 'info' | 'warn'>): RateLimitStores {
  if (!redisUrl) return { shared: (_name, limit) => limit, close: async () => undefined };
  // Commands sent while it connects wait for the connection (the first requests after a start count too), each within
  // commandTimeoutMs; while Redis is away, the waiting ones fail at each failed reconnection.
  const redis = connectRedis(
    redisUrl,
    { maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs },
    { name: 'rate limits', whileDown: 'requests pass unlimited until it is back' },
    logger,
  );
  const sendCommand = async (command: string, ...args: string[]) => (await redis.call(command, ...args)) as RedisReply;
  return {
    shared: (name, limit) => ({ ...limit, store: new ScriptReloadingRedisStore({ sendCommand, prefix: `${prefix}rate-limit:${name}:` }) }),
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/**
 * rate-limit-redis's store, loading its two scripts at the first request and again after a load failed. (The library
 * loads them when the limiter is built and keeps a failed load for good: a Redis that was down at start would leave
 * the limiter failing every request until a restart.)
 */
class ScriptReloadingRedisStore extends RedisStore {
  override async init(options: Options): Promise<void> {
    this.windowMs = options.windowMs;
    this.incrementScriptSha = notLoaded();
    this.getScriptSha = notLoaded();
  }

  override async increment(key: string): Promise<IncrementResponse> {
    this.incrementScriptSha = this.incrementScriptSha.catch(() => this.loadIncrementScript());
    return super.increment(key);
  }

  override async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    this.getScriptSha = this.getScriptSha.catch(() => this.loadGetScript());
    return super.get(key);
  }
}

/** A script id not loaded yet: a rejected promise, already handled (the next use loads the script). */
function notLoaded(): Promise<string> {
  const promise = Promise.reject(new Error('rate-limit script not loaded yet'));
  promise.catch(() => undefined);
  return promise;
}
