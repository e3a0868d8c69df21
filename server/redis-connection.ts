// How the shell's BullMQ queues reach the fleet's Redis (REDIS_URL, DESIGN §15): the reminder queue and the periodic
// jobs (the transcript purge) open their own connections from these settings.

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
