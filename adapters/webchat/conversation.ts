import { ConversationLog, watermarkSeq } from './conversation-log.js';

/** Bytes charged per conversation held on top of its log (the objects, ids and map entries that hold it). */
const conversationOverheadBytes = 512;

/** The open WebSocket of a conversation, as the conversation store sees it. */
export interface StreamSubscriber {
  /** Sends one text message (an ActivitySet JSON); false when it could not go out (the socket is closing or overloaded). */
  deliver(message: string): boolean;
  /** Closes the socket because another one replaced it (Direct Line's reason: `collision`). */
  replaced(): void;
}

/** Serializes an ActivitySet (`{ activities, watermark }`) from activities already in JSON text. */
export function activitySetJson(activitiesJson: readonly string[], watermark: string | undefined): string {
  return `{"activities":[${activitiesJson.join(',')}]${watermark === undefined ? '' : `,"watermark":${JSON.stringify(watermark)}`}}`;
}

/**
 * One web-chat conversation held in memory: its activity log, whether the bot was told it started, when it was
 * last used, and how far its client is known to have received the log (an open stream got it, or the client
 * asked for what came after it).
 */
export class Conversation {
  /** True once the bot got this conversation's `conversationUpdate` (or it was restored, so it already had). */
  started: boolean;
  /** Last request, activity or socket event, in ms since the epoch. */
  lastActiveMs: number;
  /** The log's activities, numbered from `firstSeq`. */
  readonly log: ConversationLog;
  /** Sequence number of the newest activity the client is known to have received. */
  private receivedSeq: number;

  constructor(
    readonly id: string,
    options: { readonly started: boolean; readonly nowMs: number; readonly maxActivities: number; readonly firstSeq: number },
  ) {
    this.started = options.started;
    this.lastActiveMs = options.nowMs;
    this.log = new ConversationLog(id, options.maxActivities, options.firstSeq);
    this.receivedSeq = options.firstSeq - 1;
  }

  /** The watermark of the newest stored activity (undefined while none). */
  get watermark(): string | undefined {
    return this.log.watermark;
  }

  /** True while the log holds activities the client is not known to have received. */
  get undelivered(): boolean {
    return this.receivedSeq < this.log.endSeq - 1;
  }

  /** What holding the conversation costs, in bytes (its log plus a fixed overhead). */
  get bytes(): number {
    return conversationOverheadBytes + this.log.bytes;
  }

  /** Records that the client has everything up to `watermark` (it sent it back); other values change nothing. */
  received(watermark: string | undefined): void {
    const seq = watermarkSeq(watermark);
    if (seq !== undefined && seq < this.log.endSeq) this.receivedSeq = Math.max(this.receivedSeq, seq);
  }

  /** Records that the client got every stored activity (they went out on its open stream). */
  receivedAll(): void {
    this.receivedSeq = this.log.endSeq - 1;
  }

  /** The ActivitySet JSON of the activities after `watermark` (Get Activities), and how many it holds. */
  activitiesAfter(watermark: string | undefined): { readonly json: string; readonly count: number } {
    const slice = this.log.after(watermark);
    return { json: activitySetJson(slice.activitiesJson, slice.watermark), count: slice.activitiesJson.length };
  }
}
