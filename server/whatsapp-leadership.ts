// One WhatsApp socket per number across the fleet (DESIGN §15): with REDIS_URL the socket is held by the instance that
// holds the WhatsApp lock (server/fleet-lock.ts); without it the channel starts as on one instance. WhatsApp's sends
// need the socket, so every instance puts the bot's WhatsApp texts in one line on Redis and the socket's holder takes
// them from it, acknowledging each once delivered.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { OutgoingText, WhatsAppChannel, WhatsAppOutbox, WhatsAppStatus } from '../adapters/whatsapp/index.js';
import { connectFleetRedis, defaultLockTiming, fleetKey, lockKey, runAsLeader, type FleetSettings, type Leadership } from './fleet-lock.js';
import { errorForLog } from './logger.js';

/** Most texts the holder takes from the fleet's line into its own send queue at once (the rest wait on Redis). */
const localBacklog = 20;
/** How often the holder looks at the fleet's line when nothing woke it, in ms. */
const relayPollMs = 250;
/** A pairing request older than this (no holder took it in time) is dropped, in ms. */
const commandMaxAgeMs = 60_000;

/** Takes up to ARGV[2] texts from the line into the "being sent" list, for the lock's holder only (nil for anyone else). */
const takeScript = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return false end
local taken = {}
for i = 1, tonumber(ARGV[2]) do
  local item = redis.call('rpoplpush', KEYS[2], KEYS[3])
  if not item then break end
  taken[#taken + 1] = item
end
return taken`;

/** A new holder puts what a former one was sending back at the front of the line, oldest first. */
const recoverScript = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return false end
local moved = 0
while true do
  local item = redis.call('lpop', KEYS[3])
  if not item then break end
  redis.call('rpush', KEYS[2], item)
  moved = moved + 1
end
return moved`;

/** The holder takes the oldest request (e.g. pair again) addressed to it. */
const takeCommandScript = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return false end
return redis.call('rpop', KEYS[2])`;

/** The holder publishes the socket's status for the other instances' consoles. */
const publishStatusScript = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`;

/** One text in the fleet's line; `id` makes every entry unique, so its acknowledgement removes exactly it. */
interface LineEntry extends OutgoingText {
  readonly id: string;
}

function isLineEntry(value: unknown): value is LineEntry {
  const entry = value as Partial<LineEntry> | null;
  return typeof entry?.id === 'string' && typeof entry.jid === 'string' && typeof entry.text === 'string';
}

const nobodyHolds: WhatsAppStatus = { state: 'stopped', qr: null, reconnectAttempt: 0 };

/**
 * The WhatsApp channel with its socket held by one instance of the fleet. `make` builds the channel, given the outbox
 * its adapter must use: the fleet's line on Redis when there is a Redis (else nothing: the channel's own queue).
 * `start()` competes for the lock `whatsapp`; the holder puts back what a dead holder was sending, opens the socket and
 * feeds the line into its send queue, acknowledging each text once delivered (or given up). A holder that loses the lock
 * stops feeding and closes the socket at once; what it had not delivered is still on Redis for the next holder.
 * `status()` and `pairAgain()` work on every instance: the holder publishes its status, and takes pairing requests.
 */
export function oneSocketPerFleet(
  make: (fleetOutbox: WhatsAppOutbox | undefined) => WhatsAppChannel,
  fleet: FleetSettings,
  logger: Logger,
): WhatsAppChannel {
  const { redisUrl } = fleet;
  if (!redisUrl) return make(undefined);
  return new WhatsAppFleet(make, redisUrl, fleet, logger).channel;
}

class WhatsAppFleet {
  readonly channel: WhatsAppChannel;
  private readonly local: WhatsAppChannel;
  private readonly redis: Redis;
  private readonly keys: {
    readonly lock: string;
    readonly line: string;
    readonly sending: string;
    readonly commands: string;
    readonly status: string;
  };
  private readonly statusTtlMs: number;
  private leadership: Leadership | undefined;
  private stopping = false;
  /** After `stop()`: the Redis connection is closed. */
  private stopped = false;
  /** The holder's feeding loop, and how to end it. */
  private relay: { readonly done: Promise<void>; readonly abort: AbortController } | undefined;
  /** Wakes the feeding loop when this instance put a text in the line. */
  private wake: (() => void) | undefined;
  /** The holder's status as last read from Redis (for an instance that does not hold the socket). */
  private remoteStatus: WhatsAppStatus = nobodyHolds;
  private remoteStatusTimer: NodeJS.Timeout | undefined;

  constructor(
    make: (fleetOutbox: WhatsAppOutbox) => WhatsAppChannel,
    redisUrl: string,
    private readonly fleet: FleetSettings,
    private readonly logger: Logger,
  ) {
    this.redis = connectFleetRedis(redisUrl, logger);
    const part = (name: string) => fleetKey(fleet.redisPrefix, 'whatsapp', name);
    this.keys = {
      lock: lockKey(fleet.redisPrefix, 'whatsapp'),
      line: part('outbox'),
      sending: part('sending'),
      commands: part('commands'),
      status: part('status'),
    };
    this.statusTtlMs = 3 * (fleet.lockTiming?.ttlMs ?? defaultLockTiming.ttlMs);
    this.local = make({ push: (item) => this.push(item) });
    const holds = (): boolean => this.leadership?.isLeader() === true;
    this.channel = {
      adapter: this.local.adapter,
      start: () => this.start(),
      stop: () => this.stop(),
      status: () => (holds() ? this.local.status() : this.remoteStatus),
      pairAgain: () => (holds() ? this.local.pairAgain() : this.requestPairing()),
      enqueue: (item, settled) => this.local.enqueue(item, settled),
      queued: () => this.local.queued(),
      dropQueued: () => this.local.dropQueued(),
    };
  }

  /** Any instance: the text goes at the end of the fleet's line (LPUSH; the holder takes from the other end). */
  private async push(item: OutgoingText): Promise<void> {
    if (this.stopped) throw new Error('WhatsApp: this instance has stopped its channel; the text was not put in line');
    const entry: LineEntry = { id: randomBytes(8).toString('hex'), jid: item.jid, text: item.text };
    await this.redis.lpush(this.keys.line, JSON.stringify(entry));
    this.wake?.();
  }

  private async start(): Promise<void> {
    if (this.stopped) throw new Error('WhatsApp: a stopped fleet channel cannot start again');
    this.stopping = false;
    this.leadership = runAsLeader(
      'whatsapp',
      { onAcquired: (fence) => this.lead(fence), onLost: () => this.stepDown() },
      { redis: this.redis, prefix: this.fleet.redisPrefix, logger: this.logger, ...this.fleet.lockTiming },
    );
    this.remoteStatusTimer = setInterval(() => void this.readRemoteStatus(), 1_000);
    this.remoteStatusTimer.unref();
    await this.readRemoteStatus();
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.remoteStatusTimer);
    await this.leadership?.stop();
    this.leadership = undefined;
    this.stopped = true;
    this.redis.disconnect();
  }

  /** Just took the lock: what a former holder was sending goes back in line, the socket opens, the feeding starts. */
  private async lead(fence: number): Promise<void> {
    const token = this.leadership?.token();
    if (!token) throw new Error('whatsapp: the socket lock ran out while taking it');
    const moved = (await this.redis.eval(recoverScript, 3, this.keys.lock, this.keys.line, this.keys.sending, token)) as number | null;
    if (moved) this.logger.info({ fence, texts: moved }, 'whatsapp: texts a former socket holder had not sent are back in line');
    await this.local.start();
    const abort = new AbortController();
    this.relay = { abort, done: this.feed(token, abort.signal) };
    this.logger.info({ fence }, 'whatsapp: this instance holds the socket');
  }

  /** Lost the lock (or stopping): no more feeding, the socket closes; what was not delivered stays on Redis. */
  private async stepDown(): Promise<void> {
    const relay = this.relay;
    this.relay = undefined;
    relay?.abort.abort();
    this.wake?.();
    await relay?.done;
    // Stopping in order (a restart) lets the socket send what it already has, for up to 5 s; a lost lock does not wait.
    if (!this.stopping) this.local.dropQueued();
    await this.local.stop();
    this.local.dropQueued();
  }

  /** The holder's loop: pairing requests, then texts from the line into the send queue, and the status for the others. */
  private async feed(token: string, signal: AbortSignal): Promise<void> {
    let published = '';
    let publishedAtMs = 0;
    while (!signal.aborted) {
      let took = 0;
      try {
        await this.runCommands(token);
        const room = localBacklog - this.local.queued();
        if (room > 0) {
          const taken = (await this.redis.eval(takeScript, 3, this.keys.lock, this.keys.line, this.keys.sending, token, room)) as
            string[] | null;
          if (taken === null) return;
          took = taken.length;
          for (const raw of taken) this.enqueueEntry(raw);
        }
        const status = JSON.stringify(this.local.status());
        if (status !== published || Date.now() - publishedAtMs > this.statusTtlMs / 3) {
          await this.redis.eval(publishStatusScript, 2, this.keys.lock, this.keys.status, token, status, this.statusTtlMs);
          published = status;
          publishedAtMs = Date.now();
        }
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn({ err: errorForLog(error) }, 'whatsapp: the fleet line on Redis could not be read; trying again');
      }
      if (took === 0) await this.pause(relayPollMs, signal);
    }
  }

  private enqueueEntry(raw: string): void {
    const acknowledge = (): void => {
      this.redis.lrem(this.keys.sending, 1, raw).catch((error: unknown) => {
        this.logger.warn({ err: errorForLog(error) }, 'whatsapp: a delivered text could not be acknowledged (it may go twice)');
      });
    };
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      entry = null;
    }
    if (!isLineEntry(entry)) {
      this.logger.error('whatsapp: dropped an entry of the fleet line that is no text');
      acknowledge();
      return;
    }
    this.local.enqueue({ jid: entry.jid, text: entry.text }, acknowledge);
  }

  private async runCommands(token: string): Promise<void> {
    for (;;) {
      const raw = (await this.redis.eval(takeCommandScript, 2, this.keys.lock, this.keys.commands, token)) as string | null;
      if (raw === null) return;
      const command = JSON.parse(raw) as { readonly name?: unknown; readonly atMs?: unknown };
      if (command.name !== 'pair-again' || typeof command.atMs !== 'number' || Date.now() - command.atMs > commandMaxAgeMs) continue;
      this.logger.info('whatsapp: pairing again, as asked from another instance');
      await this.local.pairAgain();
    }
  }

  /** An instance without the socket asks the holder to pair again. */
  private async requestPairing(): Promise<void> {
    await this.redis.lpush(this.keys.commands, JSON.stringify({ name: 'pair-again', atMs: Date.now() }));
    this.remoteStatus = { ...this.remoteStatus, state: 'connecting', qr: null };
  }

  private async readRemoteStatus(): Promise<void> {
    if (this.leadership?.isLeader()) return;
    try {
      const raw = await this.redis.get(this.keys.status);
      this.remoteStatus = raw ? (JSON.parse(raw) as WhatsAppStatus) : nobodyHolds;
    } catch {
      // The status shown stays the last one read; the lock's own logs say when Redis is away.
    }
  }

  /** Waits `ms`, or less when woken (a text was put in line here) or stopped. */
  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}
