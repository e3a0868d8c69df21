// Conversations live in this process's memory when one instance serves the web chat (LocalConversationHub; a fleet
// keeps them in Redis instead: redis-hub.ts),
// in one cache with a global byte cap (`maxBytes`, WEBCHAT_ACTIVITY_CACHE_MB): what a conversation costs is its
// activities' JSON as UTF-8 plus a fixed overhead per activity and per conversation. Past the cap the least
// recently used conversation is evicted, choosing first among those whose client has received every activity
// (each went out on its open stream, or the client sent back a watermark past it): activities nobody received yet
// are evicted only when every conversation held has some. A single conversation larger than the cap keeps only its
// newest activities. Besides, each conversation keeps its last `maxActivities` activities; its log is deflated
// after `packAfterIdleMs` idle; it is forgotten after `evictAfterIdleMs` idle without an open WebSocket, or after
// `evictUnstartedAfterIdleMs` when it was never started (a token nobody used).
//
// After an eviction, a client whose token is still valid finds its conversation again (the token proves it
// exists): recreated as already started (no second greeting), with an empty log numbered from the clock's
// milliseconds (at least past every log this process evicted), so new activities never reuse an earlier id or
// watermark. Get Activities with the client's old watermark then answers the activities stored since, with the
// new watermark, and never one from before the eviction again; a stream open at the time keeps receiving. What
// the client had not received when its conversation was evicted is not sent again (the transcript in the
// database still has the messages). The operator's backend, calling with the Direct Line secret, gets 404 for a
// conversation no longer held. The bot keeps its own state and transcript in the database.
import { activitySetJson, Conversation, type StreamSubscriber } from './conversation.js';

/** Retention limits of the in-memory conversations. */
export interface RetentionOptions {
  /** Cap of what all conversations held cost together, in bytes (activity JSON as UTF-8 plus fixed overheads). */
  readonly maxBytes: number;
  /** Activities kept per conversation (older ones are dropped). */
  readonly maxActivities: number;
  /** Idle time after which a conversation's log is deflated. */
  readonly packAfterIdleMs: number;
  /** Idle time after which a conversation without an open WebSocket is forgotten. */
  readonly evictAfterIdleMs: number;
  /** Idle time after which a conversation whose token was issued but never used to start it is forgotten. */
  readonly evictUnstartedAfterIdleMs: number;
}

/**
 * Default retention: 8 MB in all (about 1,000 conversations of a dozen activities, some 4,000 once packed), 500
 * activities each, packed after 10 minutes idle, forgotten after 6 hours idle (30 minutes if never started).
 */
export const defaultRetention: RetentionOptions = {
  maxBytes: 8 * 1024 * 1024,
  maxActivities: 500,
  packAfterIdleMs: 10 * 60_000,
  evictAfterIdleMs: 6 * 60 * 60_000,
  evictUnstartedAfterIdleMs: 30 * 60_000,
};

/** The first entry of `map` other than `except`, if any. */
function firstOther(map: ReadonlyMap<string, Conversation>, except: Conversation): Conversation | undefined {
  for (const conversation of map.values()) if (conversation !== except) return conversation;
  return undefined;
}

/** The web-chat conversations of this process and their open WebSockets. */
export class ConversationStore {
  /** Conversations whose client received every activity, least recently used first. */
  private readonly delivered = new Map<string, Conversation>();
  /** Conversations holding activities their client has not received, least recently used first. */
  private readonly undelivered = new Map<string, Conversation>();
  /** The open WebSocket of each streaming conversation (held or not). */
  private readonly subscribers = new Map<string, StreamSubscriber>();
  /** What the conversations held cost, in bytes. */
  private heldBytes = 0;
  /** Every sequence number an evicted log used is below this. */
  private evictedSeqCeiling = 0;

  constructor(
    private readonly nowMs: () => number,
    private readonly retention: RetentionOptions = defaultRetention,
  ) {}

  /** Number of conversations held. */
  get size(): number {
    return this.delivered.size + this.undelivered.size;
  }

  /** What the conversations held cost together, in bytes (never more than `maxBytes` after an operation). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Creates a conversation the bot has not heard of yet (its `conversationUpdate` is still due). */
  create(id: string): Conversation {
    const conversation = new Conversation(id, {
      started: false,
      nowMs: this.nowMs(),
      maxActivities: this.retention.maxActivities,
      firstSeq: 0,
    });
    this.admit(conversation);
    return conversation;
  }

  /** The conversation, marked as used now; undefined if not held. */
  get(id: string): Conversation | undefined {
    const conversation = this.delivered.get(id) ?? this.undelivered.get(id);
    if (!conversation) return undefined;
    conversation.lastActiveMs = this.nowMs();
    this.place(conversation);
    return conversation;
  }

  /**
   * The conversation, marked as used now; recreated empty (as already started, numbered after anything it may
   * have used) when this process does not hold it: the caller proved it exists (a signed token, or the bot's own
   * conversation reference).
   */
  restore(id: string): Conversation {
    const existing = this.get(id);
    if (existing) return existing;
    const conversation = new Conversation(id, {
      started: true,
      nowMs: this.nowMs(),
      maxActivities: this.retention.maxActivities,
      firstSeq: Math.max(this.nowMs(), this.evictedSeqCeiling),
    });
    this.admit(conversation);
    return conversation;
  }

  /** Stores an activity in the conversation (`build` gets its id), pushes it to its open WebSocket, and returns it. */
  append<T extends object>(id: string, build: (id: string) => T): T {
    const conversation = this.restore(id);
    const stored = this.change(conversation, () => conversation.log.append(build));
    if (this.subscribers.get(id)?.deliver(activitySetJson([stored.json], stored.watermark))) conversation.receivedAll();
    this.place(conversation);
    this.fit(conversation);
    return stored.activity;
  }

  /** Pushes an activity that Direct Line does not keep (typing) to the conversation's open WebSocket only, without a watermark. */
  pushEphemeral(id: string, activity: object): void {
    this.subscribers.get(id)?.deliver(activitySetJson([JSON.stringify(activity)], undefined));
  }

  /** The ActivitySet JSON of the activities after `watermark` (Get Activities); the client is known to have everything up to it. */
  activitiesAfter(id: string, watermark: string | undefined): string {
    const conversation = this.restore(id);
    conversation.received(watermark);
    const set = this.change(conversation, () => conversation.activitiesAfter(watermark));
    this.place(conversation);
    this.fit(conversation);
    return set.json;
  }

  /** Attaches a WebSocket: closes the conversation's previous one and first sends what came after `watermark`. */
  attach(id: string, subscriber: StreamSubscriber, watermark: string | undefined): void {
    const conversation = this.restore(id);
    const previous = this.subscribers.get(id);
    this.subscribers.set(id, subscriber);
    previous?.replaced();
    conversation.received(watermark);
    const backlog = this.change(conversation, () => conversation.activitiesAfter(watermark));
    if (backlog.count === 0 || subscriber.deliver(backlog.json)) conversation.receivedAll();
    this.place(conversation);
    this.fit(conversation);
  }

  /** Detaches a WebSocket that closed (no-op if another one already replaced it); marks the conversation as used. */
  detach(id: string, subscriber: StreamSubscriber): void {
    if (this.subscribers.get(id) === subscriber) this.subscribers.delete(id);
    this.get(id);
  }

  /** Applies the retention rules now: packs idle logs and forgets long-idle conversations. */
  sweep(): void {
    const nowMs = this.nowMs();
    for (const conversation of [...this.delivered.values(), ...this.undelivered.values()]) {
      if (this.subscribers.has(conversation.id)) continue;
      const idleMs = nowMs - conversation.lastActiveMs;
      const evictAfterIdleMs = conversation.started ? this.retention.evictAfterIdleMs : this.retention.evictUnstartedAfterIdleMs;
      if (idleMs >= evictAfterIdleMs) this.evict(conversation);
      else if (idleMs >= this.retention.packAfterIdleMs) this.change(conversation, () => conversation.log.pack());
    }
  }

  /** Forgets every conversation and WebSocket. */
  clear(): void {
    this.delivered.clear();
    this.undelivered.clear();
    this.subscribers.clear();
    this.heldBytes = 0;
  }

  /** Starts holding a new conversation. */
  private admit(conversation: Conversation): void {
    this.heldBytes += conversation.bytes;
    this.place(conversation);
    this.fit(conversation);
  }

  /** Runs `work` on a held conversation and accounts for the bytes it added or freed. */
  private change<T>(conversation: Conversation, work: () => T): T {
    const before = conversation.bytes;
    const result = work();
    this.heldBytes += conversation.bytes - before;
    return result;
  }

  /** Moves the conversation to the most recently used end of its tier. */
  private place(conversation: Conversation): void {
    this.delivered.delete(conversation.id);
    this.undelivered.delete(conversation.id);
    (conversation.undelivered ? this.undelivered : this.delivered).set(conversation.id, conversation);
  }

  /** Evicts the least recently used conversations other than `current` until the cap holds, then trims `current` if it alone is over. */
  private fit(current: Conversation): void {
    while (this.heldBytes > this.retention.maxBytes) {
      const victim = firstOther(this.delivered, current) ?? firstOther(this.undelivered, current);
      if (victim) this.evict(victim);
      else if (!this.change(current, () => current.log.dropOldest())) return;
    }
  }

  private evict(conversation: Conversation): void {
    this.delivered.delete(conversation.id);
    this.undelivered.delete(conversation.id);
    this.heldBytes -= conversation.bytes;
    this.evictedSeqCeiling = Math.max(this.evictedSeqCeiling, conversation.log.endSeq);
  }
}
