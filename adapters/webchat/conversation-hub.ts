import type { StreamSubscriber } from './conversation.js';

/**
 * Where the web chat's conversations live (DESIGN §15): this process's memory when one instance serves the chat
 * (`LocalConversationHub`), Redis when several do (`RedisConversationHub`). Every Direct Line request and stream
 * goes through it, so any instance can serve any request of any conversation.
 */
export interface ConversationHub {
  /** Registers a conversation the bot has not been told about yet (its `conversationUpdate` is still due). */
  create(id: string): Promise<void>;
  /** True when the conversation is known (the operator's backend gets 404 otherwise); marks it as used. */
  exists(id: string): Promise<boolean>;
  /**
   * Marks the conversation as used; one that was forgotten comes back empty and already started, numbered after
   * anything it used before: the caller proved it exists (a signed token, or the bot's own conversation reference).
   */
  restore(id: string): Promise<void>;
  /** Marks the conversation as started: true only for the one call that did, which must tell the bot. */
  start(id: string): Promise<boolean>;
  /** The watermark of the newest stored activity, or undefined while none was stored. */
  watermark(id: string): Promise<string | undefined>;
  /** Stores an activity (`build` gets its id), pushes it to the conversation's open WebSocket, and returns it. */
  append<T extends object>(id: string, build: (activityId: string) => T): Promise<T>;
  /** Pushes an activity that Direct Line does not keep (typing) to the conversation's open WebSocket only. */
  pushEphemeral(id: string, activity: object): Promise<void>;
  /** The ActivitySet JSON of the activities after `watermark` (Get Activities). */
  activitiesAfter(id: string, watermark: string | undefined): Promise<string>;
  /** Attaches a WebSocket: the conversation's previous one (on any instance) is closed, and what came after `watermark` is sent first. */
  attach(id: string, subscriber: StreamSubscriber, watermark: string | undefined): Promise<void>;
  /** Detaches a WebSocket that closed (nothing happens if another one already replaced it). */
  detach(id: string, subscriber: StreamSubscriber): void;
  /** Stops the hub's timers and connections and forgets what this process holds. */
  close(): Promise<void>;
}
