import { backoffDelayMs } from '../../lib/backoff.js';

/** How the queue delivers and how patient it is. */
export interface SendQueueOptions<T> {
  /** Most deliveries started per second (failed attempts count too). */
  readonly ratePerSecond: number;
  /** Delivers one item; a rejection means it was not delivered. */
  readonly deliver: (item: T) => Promise<void>;
  /** Attempts at one item, while connected, before it is given up so it cannot block the others. */
  readonly maxAttempts: number;
  /** Wait before the first retry of a failed item, in ms; doubled on each further retry. */
  readonly retryDelayMs: number;
  /** Told about every failed attempt; `givenUp` when it was the last one. */
  readonly onFailure: (error: unknown, item: T, attempt: number, givenUp: boolean) => void;
}

/**
 * Outgoing items in arrival order, delivered one at a time at no more than `ratePerSecond`. While paused
 * (disconnected) items are held and nothing is tried; `resume()` (connected again) delivers them in order.
 * A failed item stays first in line and is retried after a growing delay; attempts count from zero again
 * after a pause, since a failure while the connection dropped says nothing about the item.
 */
export class SendQueue<T> {
  private readonly items: T[] = [];
  private readonly intervalMs: number;
  private open = false;
  private pumping = false;
  private lastAttemptAtMs = Number.NEGATIVE_INFINITY;
  /** Failed attempts at the first item since it became first or since the last pause. */
  private attempt = 0;
  private wake: (() => void) | null = null;
  /** Callers of `drain` waiting for the line to empty (or to pause). */
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly options: SendQueueOptions<T>) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('the send rate must be a positive number of messages per second');
    this.intervalMs = 1000 / options.ratePerSecond;
  }

  /** Items not delivered yet. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item at the end of the line. */
  push(item: T): void {
    this.items.push(item);
    void this.pump();
  }

  /** Starts (or restarts) delivering: the connection is open. */
  resume(): void {
    this.open = true;
    void this.pump();
  }

  /** Forgets every item not delivered yet (one being delivered right now still completes); returns how many. */
  clear(): number {
    const dropped = this.items.length;
    this.items.length = 0;
    this.attempt = 0;
    this.wake?.();
    this.settleDrains();
    return dropped;
  }

  /** Holds every item: the connection is gone. Cancels any wait in progress. */
  pause(): void {
    this.open = false;
    this.attempt = 0;
    this.wake?.();
    this.settleDrains();
  }

  /**
   * Waits until every item is delivered (e.g. before a shutdown, so the end of a reply is not cut off), at
   * most `timeoutMs`; returns at once while paused, since nothing can be delivered then.
   */
  async drain(timeoutMs: number): Promise<void> {
    if (!this.open || this.items.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.drainWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private settleDrains(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.open && this.items.length > 0) {
        const waitMs = this.lastAttemptAtMs + this.intervalMs - Date.now();
        if (waitMs > 0) {
          await this.sleep(waitMs);
          continue;
        }
        const item = this.items[0] as T;
        this.lastAttemptAtMs = Date.now();
        try {
          await this.options.deliver(item);
          // Removed by identity: clear() may have emptied the line while it was being delivered.
          if (this.items[0] === item) this.items.shift();
          this.attempt = 0;
        } catch (error) {
          this.attempt += 1;
          const givenUp = this.attempt >= this.options.maxAttempts;
          this.options.onFailure(error, item, this.attempt, givenUp);
          if (givenUp) {
            if (this.items[0] === item) this.items.shift();
            this.attempt = 0;
          } else {
            await this.sleep(backoffDelayMs(this.attempt - 1, { initialMs: this.options.retryDelayMs }));
          }
        }
      }
    } finally {
      this.pumping = false;
      if (this.items.length === 0) this.settleDrains();
    }
  }

  /** Waits `ms`, or less when paused meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
