// What /readyz reports: whether this instance can serve, i.e. its database answers and, when it uses Redis (REDIS_URL),
// Redis answers a PING within a second. A load balancer takes an instance out while either is down; /healthz stays
// the liveness check.
import { Redis } from 'ioredis';
import { withinTime } from '../lib/within-time.js';

/** Each dependency's state: "ok", "down", or "not used" (no REDIS_URL). */
export interface Readiness {
  readonly ready: boolean;
  /** The instance is shutting down: not ready whatever its dependencies say. */
  readonly stopping: boolean;
  readonly database: 'ok' | 'down';
  readonly redis: 'ok' | 'down' | 'not used';
}

/** Checks readiness on demand; `close` ends its Redis connection. */
export interface ReadinessProbe {
  check(): Promise<Readiness>;
  /** From now on the instance is not ready (it is shutting down), so the load balancer takes it out. */
  stop(): void;
  close(): Promise<void>;
}

/** How long a dependency may take to answer before it counts as down, in ms. */
const answerWithinMs = 1_000;

/** `promise`'s value, or false when it rejects or takes longer than `answerWithinMs`. */
function withinDeadline(promise: Promise<boolean>): Promise<boolean> {
  return withinTime(promise, answerWithinMs).catch(() => false);
}

/** A probe of the database (`isDatabaseReachable`) and, when `redisUrl` is set, of Redis. */
export function makeReadinessProbe(isDatabaseReachable: () => Promise<boolean>, redisUrl: string | undefined): ReadinessProbe {
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: answerWithinMs })
    : null;
  // A Redis that is down is reported by check(); its connection errors are not worth a log line each.
  redis?.on('error', () => undefined);
  const redisAnswers = async (): Promise<boolean> => {
    if (!redis) return false;
    if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
    return (await redis.ping()) === 'PONG';
  };
  let stopping = false;
  return {
    stop() {
      stopping = true;
    },
    async check() {
      const [database, redisUp] = await Promise.all([withinDeadline(isDatabaseReachable()), redis ? withinDeadline(redisAnswers()) : null]);
      const redisState = redisUp === null ? 'not used' : redisUp ? 'ok' : 'down';
      return { ready: !stopping && database && redisUp !== false, stopping, database: database ? 'ok' : 'down', redis: redisState };
    },
    async close() {
      redis?.disconnect();
    },
  };
}
