// How the shell reaches the fleet's Redis (REDIS_URL, DESIGN §15): a connection that logs each outage once, and the
// settings the BullMQ queues (the reminder queue, the transcript purge) open their own connections with.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { errorForLog } from './logger.js';

/** Who a connection serves, for its log lines: `<name>: Redis connection failed; <whileDown>` and `<name>: Redis connection back`. */
export interface ConnectionLabel {
  readonly name: string;
  /** What happens while Redis is away (e.g. "retrying"). */
  readonly whileDown: string;
}

/**
 * A connection to the Redis at `url` with `options`, whose connection errors are logged once per outage (a warning when
 * it is lost, a line when it is back), not at each failed reconnection.
 */
export function connectRedis(url: string, options: RedisOptions, label: ConnectionLabel, logger: Pick<Logger, 'info' | 'warn'>): Redis {
  const redis = new Redis(url, options);
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: errorForLog(error) }, `${label.name}: Redis connection failed; ${label.whileDown}`);
  });
  redis.on('ready', () => {
    if (down) logger.info(`${label.name}: Redis connection back`);
    down = false;
  });
  return redis;
}

/** The connection settings BullMQ opens its connections with. */
export interface BullConnection {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  /** The Redis database number (the URL's path, default 0). */
  readonly db: number;
  /** Present (empty: the system's certificates) for a `rediss://` URL. */
  readonly tls?: Record<string, never>;
  /** BullMQ needs null: its workers wait for a Redis that went away to come back instead of failing their commands. */
  readonly maxRetriesPerRequest: null;
}

/** The BullMQ connection settings of a `redis://` or `rediss://` URL (user, password and database number included). */
export function bullConnectionOf(redisUrl: string): BullConnection {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    db: Number(url.pathname.slice(1) || 0),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
