// Sending in order per chat, within the Cloud API's limits: back off for everyone on throughput errors, for one user
// on the pair rate limit, retry Meta's server trouble, and give up at once on what no retry can fix.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { KeyedQueue } from '../../bot/keyed-queue.js';
import { backoffDelayMs, type BackoffPolicy } from '../../lib/backoff.js';
import { chatTag } from '../shared/chat-tag.js';
import { errorFromNoAnswer, WhatsAppCloudError } from './errors.js';
import type { SendMessage } from './graph-api.js';
import type { CloudMessage } from './outgoing.js';

/** How a message the Cloud API refused for now is tried again. */
export interface CloudRetryOptions {
  /** Attempts at one message in all (the first included) before it is given up. */
  readonly maxAttempts: number;
  /** Longest time from the first attempt at a message to its last, in ms: a retry that would end later is not made. */
  readonly maxElapsedMs: number;
  /** The waits between attempts, exponential with jitter, in ms. */
  readonly backoff: BackoffPolicy;
  /** Where the jitter comes from, 0..1 (default Math.random). */
  readonly random?: () => number;
}

/** 5 attempts within 60 s: waits of 1 s, 2 s, 4 s, 8 s, each less up to half at random. */
export const defaultCloudRetry: CloudRetryOptions = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  backoff: { initialMs: 1_000, maxMs: 30_000, jitterShare: 0.5 },
};

/** What the outbox needs: the Graph API call, the retry policy, a logger, and (for tests) the clock and the timer. */
export interface CloudOutboxOptions {
  readonly send: SendMessage;
  readonly logger: Logger;
  readonly retry?: CloudRetryOptions;
  /** The time in ms since the epoch (default Date.now). */
  readonly now?: () => number;
  /** Waits `ms`, or less when `signal` aborts (default: a timer). */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

async function defaultWait(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

/** The error of a message that could not go out because the channel stopped. */
function stoppedError(): WhatsAppCloudError {
  return new WhatsAppCloudError(0, 0, 'the channel stopped before the message went out');
}

/**
 * The channel's outgoing line: each chat's messages go out one at a time in the order they were queued; chats go in
 * parallel. A throughput error (130429, HTTP 429, code 4) pauses every chat for the backoff; the pair rate limit (131056)
 * holds that chat's line only; Meta's server errors and lost requests are retried; a re-engagement (131047),
 * undeliverable (131026), token or request error rejects at once with the WhatsAppCloudError. Retries are bounded by
 * attempts and time, then the message is given up (rejected) and its chat's line moves on.
 */
export class CloudOutbox {
  private readonly chats = new KeyedQueue();
  private readonly retry: CloudRetryOptions;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Until when every chat waits after a throughput error, in ms since the epoch. */
  private pausedUntilMs = 0;
  private stopper = new AbortController();
  private stopped = false;
  /** Sends queued and not settled yet. */
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: CloudOutboxOptions) {
    this.retry = options.retry ?? defaultCloudRetry;
    this.now = options.now ?? Date.now;
    this.wait = options.wait ?? defaultWait;
  }

  /** Messages queued or being sent, not settled yet. */
  get size(): number {
    return this.pending;
  }

  /**
   * Queues `messages` for `to` after everything already queued for them; resolves with their message ids once all went
   * out, rejects with the first message's WhatsAppCloudError that could not (the rest of `messages` is then not sent).
   */
  send(to: string, messages: readonly CloudMessage[]): Promise<string[]> {
    if (this.stopped) return Promise.reject(stoppedError());
    this.pending += 1;
    return this.chats
      .run(to, async () => {
        const ids: string[] = [];
        for (const message of messages) ids.push(await this.deliver(to, message));
        return ids;
      })
      .finally(() => {
        this.pending -= 1;
        if (this.pending === 0) this.settleIdle();
      });
  }

  /**
   * Runs `task` (a read receipt) in `to`'s line once, after what is queued for them, when no throughput error holds the
   * line; a failure is only logged: it is not worth a retry, nor holding up the messages after it.
   */
  inLine(to: string, what: string, task: () => Promise<void>): void {
    if (this.stopped) return;
    void this.chats
      .run(to, async () => {
        await this.throughputPause();
        await task();
      })
      .catch((error: unknown) => {
        const code = error instanceof WhatsAppCloudError ? error.code : undefined;
        this.options.logger.debug({ chat: chatTag(to), code }, `whatsapp cloud: ${what} failed`);
      });
  }

  /** Takes messages again after a stop. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopper = new AbortController();
  }

  /** Waits until every queued message settled, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.pending === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Refuses new messages and cuts every wait short: what was still waiting rejects (a request in flight completes). */
  stop(): void {
    this.stopped = true;
    this.stopper.abort();
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Waits while a throughput error holds every chat. */
  private async throughputPause(): Promise<void> {
    for (;;) {
      if (this.stopped) throw stoppedError();
      const waitMs = this.pausedUntilMs - this.now();
      if (waitMs <= 0) return;
      await this.wait(waitMs, this.stopper.signal);
    }
  }

  /** Sends one message, retrying what a retry may fix, within the attempts and the time allowed. */
  private async deliver(to: string, message: CloudMessage): Promise<string> {
    const { maxAttempts, maxElapsedMs, backoff, random } = this.retry;
    const startedAtMs = this.now();
    for (let attempt = 0; ; attempt += 1) {
      await this.throughputPause();
      let failure: WhatsAppCloudError;
      try {
        return await this.options.send(to, message);
      } catch (error) {
        failure = error instanceof WhatsAppCloudError ? error : errorFromNoAnswer(error);
      }
      const delayMs = Math.max(backoffDelayMs(attempt, backoff, random), (failure.retryAfterSeconds ?? 0) * 1000);
      const log = { chat: chatTag(to), code: failure.code, kind: failure.kind, attempt: attempt + 1 };
      if (!failure.retryable) throw failure;
      if (attempt + 1 >= maxAttempts || this.now() + delayMs - startedAtMs > maxElapsedMs) {
        this.options.logger.warn(log, 'whatsapp cloud: message given up after retries');
        throw failure;
      }
      this.options.logger.info({ ...log, delayMs }, 'whatsapp cloud: message refused for now, retrying');
      if (failure.kind === 'throughput') {
        this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + delayMs);
      } else {
        await this.wait(delayMs, this.stopper.signal);
        if (this.stopped) throw stoppedError();
      }
    }
  }
}
