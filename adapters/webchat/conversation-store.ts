// Conversations live in this process's memory (single instance: a shared store, e.g. Redis, is future
// work). Retention is bounded: the last `maxActivities` activities per conversation; the log of a
// conversation idle for `packAfterIdleMs` is deflated (about 2 KB for 20 activities instead of 14 KB);
// a conversation idle for `evictAfterIdleMs` with no open WebSocket is forgotten, and one that was never
// started (a token nobody used) after `evictUnstartedAfterIdleMs`. A client that comes back later with a
// still-valid token finds its conversation again, empty (the bot keeps its own state and transcript).
import { Conversation } from './conversation.js';

/** Retention limits of the in-memory conversations. */
export interface RetentionOptions {
  /** Activities kept per conversation (older ones are dropped). */
  readonly maxActivities: number;
  /** Idle time after which a conversation's log is deflated. */
  readonly packAfterIdleMs: number;
  /** Idle time after which a conversation without an open WebSocket is forgotten. */
  readonly evictAfterIdleMs: number;
  /** Idle time after which a conversation whose token was issued but never used to start it is forgotten. */
  readonly evictUnstartedAfterIdleMs: number;
}

/** Default retention: 500 activities, packed after 10 minutes idle, forgotten after 6 hours idle (30 minutes if never started). */
export const defaultRetention: RetentionOptions = {
  maxActivities: 500,
  packAfterIdleMs: 10 * 60_000,
  evictAfterIdleMs: 6 * 60 * 60_000,
  evictUnstartedAfterIdleMs: 30 * 60_000,
};

/** The web-chat conversations of this process. */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();

  constructor(
    private readonly nowMs: () => number,
    private readonly retention: RetentionOptions = defaultRetention,
  ) {}

  /** Number of conversations held. */
  get size(): number {
    return this.conversations.size;
  }

  /** Creates a conversation the bot has not heard of yet (its `conversationUpdate` is still due). */
  create(id: string): Conversation {
    const conversation = new Conversation(id, { started: false, nowMs: this.nowMs(), maxActivities: this.retention.maxActivities });
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** The conversation, marked as used now; undefined if unknown. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (conversation) conversation.lastActiveMs = this.nowMs();
    return conversation;
  }

  /**
   * The conversation, marked as used now; recreated empty (as already started) when this process does not
   * hold it: the caller proved it exists (a signed token, or the bot's own conversation reference).
   */
  restore(id: string): Conversation {
    const existing = this.get(id);
    if (existing) return existing;
    const conversation = new Conversation(id, { started: true, nowMs: this.nowMs(), maxActivities: this.retention.maxActivities });
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Applies the retention rules now: packs idle logs and forgets long-idle conversations. */
  sweep(): void {
    const nowMs = this.nowMs();
    for (const [id, conversation] of this.conversations) {
      if (conversation.streaming) continue;
      const idleMs = nowMs - conversation.lastActiveMs;
      const evictAfterIdleMs = conversation.started ? this.retention.evictAfterIdleMs : this.retention.evictUnstartedAfterIdleMs;
      if (idleMs >= evictAfterIdleMs) this.conversations.delete(id);
      else if (idleMs >= this.retention.packAfterIdleMs) conversation.pack();
    }
  }

  /** Forgets every conversation. */
  clear(): void {
    this.conversations.clear();
  }
}
