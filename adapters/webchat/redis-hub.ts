// The web chat's conversations shared by a fleet of instances through Redis (DESIGN §15), with no sticky sessions:
// any instance answers any Direct Line request, and a conversation's WebSocket may be on any instance.
//
// Per conversation, under `<prefix>dl:{<id>}:` (one hash slot): `meta` (a hash: `started`), `seq` (the newest
// sequence number), `log` (a sorted set of activity JSON texts scored by sequence number, the newest
// `maxActivities` kept) and `socket` (the generation of its newest WebSocket). Every key expires after
// `idleMs` without use (`unstartedIdleMs` for a token nobody used); an open WebSocket keeps them alive.
//
// An activity is numbered and stored in one script, so sequence numbers are given in the order activities are
// stored and a reader never sees a later one without the earlier ones; the same script publishes it on the
// conversation's channel `<prefix>dl:<id>`, which an instance subscribes to while it holds that conversation's
// WebSocket. Attaching a WebSocket publishes its generation: every instance closes its own older socket of that
// conversation (Direct Line's `collision`), so one WebSocket per conversation holds fleet-wide.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { activitySetJson, type StreamSubscriber } from './conversation.js';
import type { ConversationHub } from './conversation-hub.js';
import { watermarkSeq } from './conversation-log.js';

/** Where and how the hub keeps conversations. */
export interface RedisHubOptions {
  readonly url: string;
  /** What every key and channel starts with (REDIS_PREFIX). */
  readonly prefix: string;
  /** Activities kept per conversation. */
  readonly maxActivities: number;
  /** A conversation unused this long is forgotten, in ms. */
  readonly idleMs: number;
  /** A conversation never started (a token nobody used) is forgotten after this long, in ms. */
  readonly unstartedIdleMs: number;
  /** Reports a Redis error that no request is waiting on (the subscriber's connection). */
  readonly onError: (error: Error) => void;
}

// Keys: 1 meta, 2 seq, 3 log. ARGV: 1 the activity JSON before its id, 2 after it, 3 the conversation id,
// 4 activities kept, 5 idle ms, 6 the channel. A forgotten conversation's numbering restarts at Redis's clock in ms,
// past anything it used (the in-memory store does the same after an eviction). Returns the sequence number.
const appendScript = `
local seq
if redis.call('EXISTS', KEYS[2]) == 0 then
  local now = redis.call('TIME')
  seq = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  redis.call('SET', KEYS[2], string.format('%d', seq))
  if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'started', '1') end
else
  seq = redis.call('INCR', KEYS[2])
end
local text = string.format('%d', seq)
local json = ARGV[1] .. ARGV[3] .. '|' .. string.format('%07d', seq) .. ARGV[2]
redis.call('ZADD', KEYS[3], seq, json)
local kept = tonumber(ARGV[4])
local count = redis.call('ZCARD', KEYS[3])
if count > kept then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, count - kept - 1) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
redis.call('PUBLISH', ARGV[6], 'a ' .. text .. ' ' .. json)
return text
`;

// Keys: 1 meta, 2 seq, 3 log. ARGV: 1 the last sequence number the client has (-1 for none), 2 idle ms.
// Returns the newest sequence number ('' while none) followed by the activities after the one the client has, or
// every kept one when it claims one beyond the newest (its conversation was forgotten and recreated).
const readScript = `
local newest = redis.call('GET', KEYS[2])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
if not newest or tonumber(newest) < 0 then return {''} end
local seen = tonumber(ARGV[1])
if seen > tonumber(newest) then seen = -1 end
local entries = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. string.format('%d', seen), '+inf')
table.insert(entries, 1, newest)
return entries
`;

// Keys: 1 meta, 2 seq, 3 log. ARGV: 1 idle ms. A forgotten conversation comes back as started. Returns 1 when it was known.
const restoreScript = `
local known = redis.call('EXISTS', KEYS[1])
if known == 0 then redis.call('HSET', KEYS[1], 'started', '1') end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return known
`;

// Keys: 1 meta, 2 seq, 3 log. ARGV: 1 idle ms. Returns 1 for the one call that starts a known, unstarted conversation.
const startScript = `
if redis.call('HGET', KEYS[1], 'started') == '0' then
  redis.call('HSET', KEYS[1], 'started', '1')
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  return 1
end
return 0
`;

// Keys: 1 meta, 2 seq, 3 log. ARGV: 1 idle ms. Refreshes what exists; returns 1 when the conversation is known.
const touchScript = `
local known = redis.call('EXISTS', KEYS[1])
if known == 1 then for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end end
return known
`;

/** The ioredis client with this hub's scripts. */
interface HubCommands extends Redis {
  dlAppend(meta: string, seq: string, log: string, ...args: (string | number)[]): Promise<string>;
  dlRead(meta: string, seq: string, log: string, seen: number, idleMs: number): Promise<string[]>;
  dlRestore(meta: string, seq: string, log: string, idleMs: number): Promise<number>;
  dlStart(meta: string, seq: string, log: string, idleMs: number): Promise<number>;
  dlTouch(meta: string, seq: string, log: string, idleMs: number): Promise<number>;
}

/** A WebSocket this instance holds, and how far it was sent the log. */
interface HeldSocket {
  readonly subscriber: StreamSubscriber;
  /** Its generation: a newer one of the same conversation, anywhere in the fleet, closes it. */
  readonly generation: number;
  /** The newest sequence number it was sent. */
  sentSeq: number;
  /** Published activities that arrived before its backlog was sent; undefined once it was. */
  pending: Array<{ readonly seq: number; readonly json: string }> | undefined;
}

/** How often the keys of conversations with an open WebSocket here are kept from expiring, in ms. */
const keepAliveMs = 60_000;

/** Builds an activity with a placeholder id and returns its JSON split around that id. */
function splitAroundId<T extends object>(build: (activityId: string) => T): { activity: T; before: string; after: string } {
  const placeholder = `dl-${randomBytes(12).toString('hex')}`;
  const activity = build(placeholder);
  const json = JSON.stringify(activity);
  const at = json.indexOf(placeholder);
  if (at < 0) throw new Error('web chat: an activity must carry the id it is given');
  return { activity, before: json.slice(0, at), after: json.slice(at + placeholder.length) };
}

/** The web chat's conversations in Redis, shared by every instance on the same Redis and prefix. */
export class RedisConversationHub implements ConversationHub {
  private readonly commands: HubCommands;
  private readonly subscriptions: Redis;
  private readonly held = new Map<string, HeldSocket>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(private readonly options: RedisHubOptions) {
    this.commands = new Redis(options.url) as HubCommands;
    this.commands.defineCommand('dlAppend', { numberOfKeys: 3, lua: appendScript });
    this.commands.defineCommand('dlRead', { numberOfKeys: 3, lua: readScript });
    this.commands.defineCommand('dlRestore', { numberOfKeys: 3, lua: restoreScript });
    this.commands.defineCommand('dlStart', { numberOfKeys: 3, lua: startScript });
    this.commands.defineCommand('dlTouch', { numberOfKeys: 3, lua: touchScript });
    this.commands.on('error', options.onError);
    this.subscriptions = new Redis(options.url);
    this.subscriptions.on('error', options.onError);
    this.subscriptions.on('message', (channel: string, message: string) => this.received(channel, message));
    this.keepAlive = setInterval(() => {
      for (const id of this.held.keys()) void this.commands.dlTouch(...this.keys(id), options.idleMs).catch(options.onError);
    }, keepAliveMs);
    this.keepAlive.unref();
  }

  async create(id: string): Promise<void> {
    const [meta, seq] = this.keys(id);
    await this.commands
      .multi()
      .hset(meta, 'started', '0')
      .pexpire(meta, this.options.unstartedIdleMs)
      .set(seq, '-1', 'PX', this.options.unstartedIdleMs)
      .exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.commands.dlTouch(...this.keys(id), this.options.idleMs)) === 1;
  }

  async restore(id: string): Promise<void> {
    await this.commands.dlRestore(...this.keys(id), this.options.idleMs);
  }

  async start(id: string): Promise<boolean> {
    return (await this.commands.dlStart(...this.keys(id), this.options.idleMs)) === 1;
  }

  async watermark(id: string): Promise<string | undefined> {
    const newest = await this.commands.get(this.keys(id)[1]);
    return newest === null || newest.startsWith('-') ? undefined : newest;
  }

  async append<T extends object>(id: string, build: (activityId: string) => T): Promise<T> {
    const { activity, before, after } = splitAroundId(build);
    const seq = await this.commands.dlAppend(
      ...this.keys(id),
      before,
      after,
      id,
      this.options.maxActivities,
      this.options.idleMs,
      this.channel(id),
    );
    return { ...activity, id: `${id}|${seq.padStart(7, '0')}` } as T;
  }

  async pushEphemeral(id: string, activity: object): Promise<void> {
    await this.commands.publish(this.channel(id), `e ${JSON.stringify(activity)}`);
  }

  async activitiesAfter(id: string, watermark: string | undefined): Promise<string> {
    const [newest, ...activities] = await this.read(id, watermark);
    return activitySetJson(activities, newest || undefined);
  }

  async attach(id: string, subscriber: StreamSubscriber, watermark: string | undefined): Promise<void> {
    const generation = await this.newSocketGeneration(id);
    const socket: HeldSocket = { subscriber, generation, sentSeq: -1, pending: [] };
    const previous = this.held.get(id);
    this.held.set(id, socket);
    if (previous) previous.subscriber.replaced();
    else await this.subscriptions.subscribe(this.channel(id));
    await this.commands.publish(this.channel(id), `w ${generation}`);
    const [newest, ...backlog] = await this.read(id, watermark);
    if (this.held.get(id) !== socket) return;
    if (backlog.length > 0) subscriber.deliver(activitySetJson(backlog, newest || undefined));
    socket.sentSeq = watermarkSeq(newest) ?? -1;
    const arrived = socket.pending ?? [];
    socket.pending = undefined;
    for (const { seq, json } of arrived) this.send(socket, seq, json);
  }

  detach(id: string, subscriber: StreamSubscriber): void {
    if (this.held.get(id)?.subscriber !== subscriber) return;
    this.held.delete(id);
    void this.subscriptions.unsubscribe(this.channel(id)).catch(this.options.onError);
    void this.commands.dlTouch(...this.keys(id), this.options.idleMs).catch(this.options.onError);
  }

  async close(): Promise<void> {
    clearInterval(this.keepAlive);
    this.held.clear();
    await Promise.allSettled([this.subscriptions.quit(), this.commands.quit()]);
  }

  /** Reads the newest sequence number and what came after `watermark`. */
  private read(id: string, watermark: string | undefined): Promise<string[]> {
    return this.commands.dlRead(...this.keys(id), watermarkSeq(watermark) ?? -1, this.options.idleMs);
  }

  /** A message on a conversation's channel: an activity (`a <seq> <json>`), a typing (`e <json>`) or a new socket (`w <generation>`). */
  private received(channel: string, message: string): void {
    const id = channel.slice(this.channel('').length);
    const socket = this.held.get(id);
    if (!socket) return;
    const kind = message.slice(0, 2);
    const body = message.slice(2);
    if (kind === 'w ') {
      if (Number(body) <= socket.generation) return;
      this.detach(id, socket.subscriber);
      socket.subscriber.replaced();
    } else if (kind === 'e ') {
      if (!socket.pending) socket.subscriber.deliver(activitySetJson([body], undefined));
    } else if (kind === 'a ') {
      const space = body.indexOf(' ');
      const entry = { seq: Number(body.slice(0, space)), json: body.slice(space + 1) };
      if (socket.pending) socket.pending.push(entry);
      else this.send(socket, entry.seq, entry.json);
    }
  }

  /** Sends one activity to a socket that does not have it yet. */
  private send(socket: HeldSocket, seq: number, json: string): void {
    if (seq <= socket.sentSeq) return;
    socket.sentSeq = seq;
    socket.subscriber.deliver(activitySetJson([json], String(seq)));
  }

  /** Numbers a new WebSocket of the conversation, fleet-wide. */
  private async newSocketGeneration(id: string): Promise<number> {
    const key = `${this.base(id)}socket`;
    const [[, generation] = []] = (await this.commands.multi().incr(key).pexpire(key, this.options.idleMs).exec()) ?? [];
    if (typeof generation !== 'number') throw new Error('web chat: Redis did not number the WebSocket');
    return generation;
  }

  private base(id: string): string {
    return `${this.options.prefix}dl:{${id}}:`;
  }

  private keys(id: string): [meta: string, seq: string, log: string] {
    const base = this.base(id);
    return [`${base}meta`, `${base}seq`, `${base}log`];
  }

  private channel(id: string): string {
    return `${this.options.prefix}dl:${id}`;
  }
}
