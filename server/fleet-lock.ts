// The fleet's leader locks (DESIGN §15): what only one instance may do at a time (poll a Telegram bot, hold a WhatsApp
// socket) is done by whoever holds a lock on the shared Redis. The lock is a key with a time to live that its holder
// renews; a holder that dies stops renewing and the key expires, so another instance takes over without anyone's help.
// Each holding gets a fencing number, larger than every earlier one: scripts that act on the fleet's shared state check
// the holder's token first, so an instance that lost the lock without knowing it yet cannot act on it.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorForLog } from './logger.js';
import { connectRedis } from './redis-connection.js';

/** Where the fleet meets: its Redis (none: this instance works alone) and the prefix of its keys. */
export interface FleetSettings {
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  /** The locks' timing (default {@link defaultLockTiming}). */
  readonly lockTiming?: Partial<LockTiming>;
}

/** How long a lock lives without renewal, and how often a non-holder tries to take it, in ms. */
export interface LockTiming {
  /** The lock's time to live: a dead holder's lock is free this long after its last renewal at most. */
  readonly ttlMs: number;
  /** How often an instance that does not hold the lock tries to take it. */
  readonly retryMs: number;
}

/** The production timing: a dead holder is replaced within ttl + retry = 12 s. */
export const defaultLockTiming: LockTiming = { ttlMs: 10_000, retryMs: 2_000 };

/** What the holder does: start acting when it gets the lock, stop at once when it no longer has it. */
export interface LeaderCallbacks {
  /** This instance now holds the lock, with fencing number `fence` (larger than every earlier holder's). */
  onAcquired(fence: number): Promise<void> | void;
  /**
   * This instance no longer holds the lock (another instance has it, Redis could not confirm it in time, or this
   * instance is stopping): stop acting now. The lock is released only once this resolves.
   */
  onLost(): Promise<void> | void;
}

/** Options of {@link runAsLeader}. */
export interface LeaderOptions extends Partial<LockTiming> {
  /** The fleet's Redis (see {@link connectFleetRedis}). */
  readonly redis: Redis;
  /** What every key of this bot starts with (REDIS_PREFIX, e.g. `debtbot:`), so several bots (and tests) can share a Redis. */
  readonly prefix: string;
  readonly logger: Logger;
  /** This instance's name in the lock's value (default: host name, process id and a random part). */
  readonly instanceId?: string;
}

/** One instance's part in a lock: whether it holds it, and how to stop taking part. */
export interface Leadership {
  /** True while this instance holds the lock and its lease has not run out. */
  isLeader(): boolean;
  /** The lock's value while this instance holds it (`<fence>:<instance id>`), for scripts that check it; else null. */
  token(): string | null;
  /** The fencing number while this instance holds the lock; else null. */
  fence(): number | null;
  /** Stops taking part: a holder runs `onLost` and then releases the lock, so another instance takes over at once. */
  stop(): Promise<void>;
}

/**
 * The Redis key `part` of the lock named `name`: `<prefix>fleet:{<name>}:<part>` (REDIS_PREFIX ends with its own
 * separator, `debtbot:` by default). Every key of one name hashes to the same Redis Cluster slot, so one script may use them all.
 */
export function fleetKey(prefix: string, name: string, part: string): string {
  return `${prefix}fleet:{${name}}:${part}`;
}

/** The key of the lock `name`, its value the holder's token. */
export function lockKey(prefix: string, name: string): string {
  return fleetKey(prefix, name, 'lock');
}

/** Takes the lock when free: a new fencing number from the counter, the token `<fence>:<instance id>`, SET PX. */
const acquireScript = `
if redis.call('exists', KEYS[1]) == 1 then return false end
local fence = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], fence .. ':' .. ARGV[1], 'PX', ARGV[2])
return fence`;

/** Extends the lock's life when it still holds the caller's token; 0 when it does not. */
const renewScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/** Deletes the lock when it still holds the caller's token. */
const releaseScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** A new instance id: host, process and a random part (no personal data). */
function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * A Redis connection for the fleet's locks: commands fail after `commandTimeoutMs` instead of waiting for a Redis that
 * does not answer (a renewal that cannot be confirmed must count as one that failed), connection errors are logged once
 * per outage.
 */
export function connectFleetRedis(redisUrl: string, logger: Logger, commandTimeoutMs = 2_000): Redis {
  return connectRedis(
    redisUrl,
    { commandTimeout: commandTimeoutMs, maxRetriesPerRequest: 1, lazyConnect: false },
    { name: 'fleet', whileDown: 'retrying' },
    logger,
  );
}

/**
 * Takes part in the lock `name` (e.g. `telegram:<bot id>`, `whatsapp`; its key is {@link lockKey}): tries to take it
 * now and then every `retryMs` while another instance holds it; the holder renews it every ttl/3 and calls
 * `onAcquired(fence)`. The holder learns it lost the lock — `onLost` — as soon as a renewal finds another token, or
 * when no renewal was confirmed before its lease (counted from before the request that set it) ran out, whatever Redis
 * says later. Callbacks run one at a time, in order; after `onLost` this instance competes again. `onAcquired`
 * throwing gives the lock up (and runs `onLost`).
 */
export function runAsLeader(name: string, callbacks: LeaderCallbacks, options: LeaderOptions): Leadership {
  const leader = new LeaderRun(options.redis, lockKey(options.prefix, name), fleetKey(options.prefix, name, 'fence'), callbacks, {
    ttlMs: options.ttlMs ?? defaultLockTiming.ttlMs,
    retryMs: options.retryMs ?? defaultLockTiming.retryMs,
    // Logged by name (a bot id in it is masked like any long number).
    logger: options.logger.child({ lock: name }),
    instanceId: options.instanceId ?? newInstanceId(),
  });
  leader.start();
  return {
    isLeader: () => leader.holding() !== null,
    token: () => leader.holding()?.token ?? null,
    fence: () => leader.holding()?.fence ?? null,
    stop: () => leader.stop(),
  };
}

/** What the holder knows of its holding. */
interface Holding {
  readonly fence: number;
  readonly token: string;
  /** When the lease runs out by this process's clock, in epoch ms (measured from before the confirming request). */
  leaseUntilMs: number;
}

class LeaderRun {
  private state: 'candidate' | 'leader' | 'stopped' = 'candidate';
  private held: Holding | null = null;
  /** The next attempt (candidate) or renewal (leader). */
  private timer: NodeJS.Timeout | null = null;
  /** Fires when the lease runs out without a confirmed renewal. */
  private leaseTimer: NodeJS.Timeout | null = null;
  /** The callbacks, one after the other. */
  private callbacks: Promise<void> = Promise.resolve();
  /** The acquisition attempt waiting for Redis, if any. */
  private attempting: Promise<void> | null = null;
  private readonly renewEveryMs: number;
  /** A lease is given up this long before it runs out by the local clock: room for the clocks' drift. */
  private readonly marginMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fenceKey: string,
    private readonly handlers: LeaderCallbacks,
    private readonly options: LockTiming & { readonly logger: Logger; readonly instanceId: string },
  ) {
    if (!(options.ttlMs >= 30 && options.retryMs > 0)) throw new RangeError('a lock needs a ttl of at least 30 ms and a positive retry');
    this.renewEveryMs = Math.floor(options.ttlMs / 3);
    this.marginMs = Math.min(1_000, Math.floor(options.ttlMs / 10));
    this.logger = options.logger;
  }

  start(): void {
    this.schedule(0, () => this.attempt());
  }

  private attempt(): Promise<void> {
    const attempt = this.tryToAcquire().finally(() => {
      if (this.attempting === attempt) this.attempting = null;
    });
    this.attempting = attempt;
    return attempt;
  }

  /** The holding while this instance is the leader with a lease not run out. */
  holding(): Holding | null {
    if (this.state !== 'leader' || !this.held || Date.now() >= this.held.leaseUntilMs - this.marginMs) return null;
    return this.held;
  }

  async stop(): Promise<void> {
    const held = this.state === 'leader' ? this.held : null;
    this.state = 'stopped';
    this.held = null;
    this.clearTimers();
    if (!held) {
      await this.attempting;
      await this.callbacks;
      return;
    }
    await this.serially(() => this.handlers.onLost());
    await this.release(held.token);
    this.logger.info({ fence: held.fence }, 'fleet lock released');
  }

  private async tryToAcquire(): Promise<void> {
    if (this.state !== 'candidate') return;
    const sentAtMs = Date.now();
    let fence: number | null;
    try {
      fence = (await this.redis.eval(acquireScript, 2, this.key, this.fenceKey, this.options.instanceId, this.options.ttlMs)) as
        number | null;
    } catch (error) {
      this.logger.debug({ err: errorForLog(error) }, 'fleet lock: Redis did not answer; trying again');
      this.schedule(this.options.retryMs, () => this.attempt());
      return;
    }
    if (fence === null) {
      if (this.state === 'candidate') this.schedule(this.options.retryMs, () => this.attempt());
      return;
    }
    const held: Holding = { fence, token: `${fence}:${this.options.instanceId}`, leaseUntilMs: sentAtMs + this.options.ttlMs };
    if (this.state !== 'candidate') {
      await this.release(held.token);
      return;
    }
    this.state = 'leader';
    this.held = held;
    this.armLease(held);
    this.schedule(this.renewEveryMs, () => this.renew(held));
    this.logger.info({ fence }, 'fleet lock acquired: this instance leads');
    await this.serially(async () => {
      try {
        await this.handlers.onAcquired(fence);
      } catch (error) {
        this.logger.error({ fence, err: errorForLog(error) }, 'fleet lock: could not start leading; giving the lock up');
        if (this.held === held) this.lose(held, 'start failed');
      }
    });
  }

  private async renew(held: Holding): Promise<void> {
    if (this.held !== held) return;
    const sentAtMs = Date.now();
    let renewed: number;
    try {
      renewed = (await this.redis.eval(renewScript, 1, this.key, held.token, this.options.ttlMs)) as number;
    } catch (error) {
      if (this.held !== held) return;
      this.logger.warn({ fence: held.fence, err: errorForLog(error) }, 'fleet lock: renewal not confirmed; trying again');
      this.schedule(Math.min(1_000, this.renewEveryMs), () => this.renew(held));
      return;
    }
    if (this.held !== held) return;
    if (renewed !== 1) {
      this.lose(held, 'another instance holds the lock');
      return;
    }
    held.leaseUntilMs = sentAtMs + this.options.ttlMs;
    this.armLease(held);
    this.schedule(this.renewEveryMs, () => this.renew(held));
  }

  /** Stops leading: `onLost` now, then (once it is done) a best-effort release and competing again. */
  private lose(held: Holding, reason: string): void {
    if (this.held !== held) return;
    this.state = 'candidate';
    this.held = null;
    this.clearTimers();
    this.logger.warn({ fence: held.fence, reason }, 'fleet lock lost: this instance stops leading');
    void this.serially(async () => {
      await this.handlers.onLost();
      await this.release(held.token);
      if (this.state === 'candidate') this.schedule(this.options.retryMs, () => this.attempt());
    });
  }

  private armLease(held: Holding): void {
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    const delayMs = Math.max(0, held.leaseUntilMs - this.marginMs - Date.now());
    this.leaseTimer = setTimeout(() => this.lose(held, 'no renewal confirmed in time'), delayMs);
    this.leaseTimer.unref();
  }

  private async release(token: string): Promise<void> {
    try {
      await this.redis.eval(releaseScript, 1, this.key, token);
    } catch (error) {
      this.logger.warn({ err: errorForLog(error) }, 'fleet lock: release not confirmed (it expires by itself)');
    }
  }

  private schedule(delayMs: number, work: () => Promise<void>): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.state === 'stopped') return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void work();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    this.timer = null;
    this.leaseTimer = null;
  }

  /** Runs `work` after the callbacks before it; a failure is logged, never thrown at the next one. */
  private serially(work: () => Promise<void> | void): Promise<void> {
    const next = this.callbacks.then(work).catch((error: unknown) => {
      this.logger.error({ err: errorForLog(error) }, 'fleet lock: a leader callback failed');
    });
    this.callbacks = next;
    return next;
  }
}
