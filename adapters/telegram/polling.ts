// Long polling of the Bot API's getUpdates, started and stopped at will: in a fleet only the holder of the poller's
// lock polls (DESIGN §15), and it must stop the moment it loses the lock and start again when it wins it back.
import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { errorForLog } from '../../bot/log-scrub.js';
import { retryAfterSeconds } from './retry.js';

/** What the poller needs and how patient it is. */
export interface LongPollingOptions {
  readonly telegram: Telegram;
  /** Runs one update; must not throw (telegraf's `handleUpdate` logs failures through `bot.catch`). */
  readonly handle: (update: Update) => Promise<void>;
  readonly allowedUpdates: readonly ('message' | 'callback_query')[];
  readonly logger: Logger;
  /** How long one getUpdates waits for updates, in seconds (Telegram's long poll; 50 like telegraf). */
  readonly timeoutSeconds?: number;
  /** Wait after a lost connection or a server error before polling again, in ms (a 429 waits its retry_after). */
  readonly errorRetryMs?: number;
}

/** How one run of polling treats another getUpdates on the same token (Telegram answers 409 Conflict to one of them). */
export interface PollingRun {
  /** Poll again this long after a 409, in ms; without it a 409 stops polling (two copies must not fight over the token). */
  readonly conflictRetryMs?: number;
}

/** The signal type telegraf's `callApi` declares (its abort-controller shim); node's own AbortSignal is what it gets. */
type CallApiSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The getUpdates loop: each batch is answered (all its updates at once, as telegraf does) before the next getUpdates,
 * whose offset confirms the batch to Telegram. `stop()` aborts the waiting getUpdates at once and waits for the batch
 * being answered; with `confirm` it then confirms that batch, so the next poller (here or on another instance) does not
 * get it again. Updates not confirmed are delivered again to whoever polls next, and the database drops those already
 * answered by their update id.
 */
export class LongPolling {
  /** The next update id to ask for: every update below it was answered. */
  private offset = 0;
  private run: Promise<void> | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly options: LongPollingOptions) {}

  /** True between `start()` and the end of the loop (stopped, or given up after a 401 or an unretried 409). */
  get polling(): boolean {
    return this.run !== null;
  }

  /** Starts the loop; does nothing while it runs. */
  start(run: PollingRun = {}): void {
    if (this.run) return;
    const abort = new AbortController();
    this.abort = abort;
    const loop = this.loop(abort.signal, run).finally(() => {
      if (this.run === loop) {
        this.run = null;
        this.abort = null;
      }
    });
    this.run = loop;
  }

  /** Stops at once (the waiting getUpdates is aborted), waits for the batch being answered, and with `confirm` confirms it. */
  async stop(options: { readonly confirm: boolean }): Promise<void> {
    const run = this.run;
    this.abort?.abort();
    await run;
    if (!run || !options.confirm || this.offset === 0) return;
    try {
      await this.options.telegram.callApi('getUpdates', { offset: this.offset, limit: 1, timeout: 0 });
    } catch (error) {
      this.options.logger.warn({ err: errorForLog(error) }, 'telegram: could not confirm the last updates (they will come again)');
    }
  }

  private async loop(signal: AbortSignal, run: PollingRun): Promise<void> {
    const { telegram, logger } = this.options;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await telegram.callApi(
          'getUpdates',
          { timeout: this.options.timeoutSeconds ?? 50, offset: this.offset, allowed_updates: [...this.options.allowedUpdates] },
          { signal: signal as unknown as CallApiSignal },
        );
      } catch (error) {
        if (signal.aborted) return;
        const code = (error as { code?: unknown }).code;
        if (code === 401) {
          logger.error({ err: errorForLog(error) }, 'telegram: the Bot API refused the bot token; long polling stopped');
          return;
        }
        if (code === 409 && run.conflictRetryMs === undefined) {
          logger.error(
            { err: errorForLog(error) },
            'telegram: long polling stopped (another instance polling, or a webhook set elsewhere?)',
          );
          return;
        }
        const retryAfter = retryAfterSeconds(error);
        const waitMs =
          code === 409 ? (run.conflictRetryMs ?? 0) : retryAfter !== undefined ? retryAfter * 1000 : (this.options.errorRetryMs ?? 5_000);
        logger.warn({ code, waitMs, err: errorForLog(error) }, 'telegram: getUpdates failed; polling again');
        await pause(waitMs, signal);
        continue;
      }
      const last = updates.at(-1);
      if (last) this.offset = last.update_id + 1;
      await Promise.all(updates.map((update) => this.options.handle(update).catch(() => undefined)));
    }
  }
}
