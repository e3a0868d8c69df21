import type { StreamSubscriber } from './conversation.js';
import type { ConversationHub } from './conversation-hub.js';
import { ConversationStore, type RetentionOptions } from './conversation-store.js';

/** Interval of the retention sweep (pack idle logs, forget long-idle conversations), in ms. */
const sweepIntervalMs = 60_000;

/** The conversations of one instance, in its memory (`ConversationStore`, with its byte cap and retention rules). */
export class LocalConversationHub implements ConversationHub {
  private readonly store: ConversationStore;
  private readonly sweep: NodeJS.Timeout;

  constructor(nowMs: () => number, retention: RetentionOptions) {
    this.store = new ConversationStore(nowMs, retention);
    this.sweep = setInterval(() => this.store.sweep(), sweepIntervalMs);
    this.sweep.unref();
  }

  create(id: string): Promise<void> {
    this.store.create(id);
    return Promise.resolve();
  }

  exists(id: string): Promise<boolean> {
    return Promise.resolve(this.store.get(id) !== undefined);
  }

  restore(id: string): Promise<void> {
    this.store.restore(id);
    return Promise.resolve();
  }

  start(id: string): Promise<boolean> {
    const conversation = this.store.restore(id);
    const starting = !conversation.started;
    conversation.started = true;
    return Promise.resolve(starting);
  }

  watermark(id: string): Promise<string | undefined> {
    return Promise.resolve(this.store.restore(id).watermark);
  }

  append<T extends object>(id: string, build: (activityId: string) => T): Promise<T> {
    return Promise.resolve(this.store.append(id, build));
  }

  pushEphemeral(id: string, activity: object): Promise<void> {
    this.store.pushEphemeral(id, activity);
    return Promise.resolve();
  }

  activitiesAfter(id: string, watermark: string | undefined): Promise<string> {
    return Promise.resolve(this.store.activitiesAfter(id, watermark));
  }

  attach(id: string, subscriber: StreamSubscriber, watermark: string | undefined): Promise<void> {
    this.store.attach(id, subscriber, watermark);
    return Promise.resolve();
  }

  detach(id: string, subscriber: StreamSubscriber): void {
    this.store.detach(id, subscriber);
  }

  close(): Promise<void> {
    clearInterval(this.sweep);
    this.store.clear();
    return Promise.resolve();
  }
}
