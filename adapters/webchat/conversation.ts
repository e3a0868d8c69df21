import { ConversationLog } from './conversation-log.js';

/** The open WebSocket of a conversation, as the conversation sees it. */
export interface StreamSubscriber {
  /** Sends one text message (an ActivitySet JSON). */
  deliver(message: string): void;
  /** Closes the socket because another one replaced it (Direct Line's reason: `collision`). */
  replaced(): void;
}

/** Serializes an ActivitySet (`{ activities, watermark }`) from activities already in JSON text. */
function activitySetJson(activitiesJson: readonly string[], watermark: string | undefined): string {
  return `{"activities":[${activitiesJson.join(',')}]${watermark === undefined ? '' : `,"watermark":${JSON.stringify(watermark)}`}}`;
}

/**
 * One web-chat conversation in memory: its activity log, whether the bot was told it started, when it was
 * last used, and its one WebSocket (a new one replaces the old, as in Direct Line).
 */
export class Conversation {
  /** True once the bot got this conversation's `conversationUpdate` (or it was restored, so it already had). */
  started: boolean;
  /** Last request, activity or socket event, in ms since the epoch. */
  lastActiveMs: number;
  private subscriber: StreamSubscriber | undefined;
  private readonly log: ConversationLog;

  constructor(
    readonly id: string,
    options: { readonly started: boolean; readonly nowMs: number; readonly maxActivities: number },
  ) {
    this.started = options.started;
    this.lastActiveMs = options.nowMs;
    this.log = new ConversationLog(id, options.maxActivities);
  }

  /** The watermark of the newest stored activity (undefined while none). */
  get watermark(): string | undefined {
    return this.log.watermark;
  }

  /** True while a WebSocket is attached. */
  get streaming(): boolean {
    return this.subscriber !== undefined;
  }

  /** True while the log is deflated. */
  get packed(): boolean {
    return this.log.isPacked;
  }

  /** Stores an activity (`build` gets its id) and pushes it to the open WebSocket; returns the stored activity. */
  append<T extends object>(build: (id: string) => T): T {
    const stored = this.log.append(build);
    this.subscriber?.deliver(activitySetJson([stored.json], stored.watermark));
    return stored.activity;
  }

  /** Pushes an activity that Direct Line does not keep (typing) to the open WebSocket only, without a watermark. */
  pushEphemeral(activity: object): void {
    this.subscriber?.deliver(activitySetJson([JSON.stringify(activity)], undefined));
  }

  /** The ActivitySet JSON of the activities after `watermark` (Get Activities). */
  activitiesAfter(watermark: string | undefined): string {
    const slice = this.log.after(watermark);
    return activitySetJson(slice.activitiesJson, slice.watermark);
  }

  /** Attaches a WebSocket: closes the previous one and first sends what came after `watermark`. */
  attach(subscriber: StreamSubscriber, watermark: string | undefined): void {
    const previous = this.subscriber;
    this.subscriber = subscriber;
    previous?.replaced();
    const backlog = this.log.after(watermark);
    if (backlog.activitiesJson.length > 0) subscriber.deliver(activitySetJson(backlog.activitiesJson, backlog.watermark));
  }

  /** Detaches a WebSocket that closed (no-op if another one already replaced it). */
  detach(subscriber: StreamSubscriber): void {
    if (this.subscriber === subscriber) this.subscriber = undefined;
  }

  /** Deflates the log while the conversation is idle. */
  pack(): void {
    this.log.pack();
  }
}
