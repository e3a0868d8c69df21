// Telegram channel (DESIGN §6): telegraf against the Bot API (or `TELEGRAM_API_ROOT`), long polling by default,
// a webhook on the bot's own HTTP server when `TELEGRAM_WEBHOOK_URL` is set.
import { Router } from 'express';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import { Telegraf } from 'telegraf';
import type { TurnLogic } from '../shared/channel-adapter.js';
import { LongPolling, type PollingRun } from './polling.js';
import { TelegramAdapter } from './telegram-adapter.js';
import { callWithRetry, type RetryOptions } from './retry.js';
import { webhookRouter } from './webhook.js';

export { TelegramAdapter } from './telegram-adapter.js';
export { telegramChannelId } from './incoming.js';
export type { PollingRun } from './polling.js';

/** The updates the bot asks Telegram for. */
const allowedUpdates = ['message', 'callback_query'] as const;

/** What the Telegram channel needs. */
export interface TelegramOptions {
  readonly token: string;
  /** Another Bot API server (a local one, or a test's fake); Telegram's own by default. */
  readonly apiRoot?: string;
  /** Webhook mode: the public URL Telegram posts to, and the secret token it must send back. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  readonly logic: TurnLogic;
  readonly logger: Logger;
  readonly retry?: RetryOptions;
}

/** A Telegram channel: its adapter, the webhook route (empty in polling mode), and its lifecycle. */
export interface TelegramChannel {
  readonly adapter: TelegramAdapter;
  readonly router: Router;
  /** The bot's id (the token's part before the colon; not a secret): one poller per bot id in a fleet. */
  readonly botId: string;
  /** True in long polling mode; false when Telegram posts to the webhook. */
  readonly longPolling: boolean;
  /**
   * Checks the token (getMe), then registers the webhook or starts long polling; with `poll: false` it leaves polling to
   * `startPolling` (in a fleet, only the holder of the poller's lock polls).
   */
  start(options?: { readonly poll?: boolean }): Promise<void>;
  /** Long polling mode, after `start`: deletes any webhook and starts polling; does nothing while polling or in webhook mode. */
  startPolling(run?: PollingRun): Promise<void>;
  /**
   * Stops polling at once and waits for the updates being answered; with `confirm` (the default) confirms them, so the
   * next poller does not get them again; a poller that lost its lock skips it (the confirming getUpdates could cut off
   * the new poller's). Does nothing when not polling.
   */
  stopPolling(options?: { readonly confirm?: boolean }): Promise<void>;
  /** Stops polling (the webhook stays registered, so Telegram keeps the updates for the next start). */
  stop(): Promise<void>;
}

/** Builds the Telegram channel; nothing reaches Telegram before `start()`. */
export function makeTelegram(options: TelegramOptions): TelegramChannel {
  const logger = options.logger;
  const bot = new Telegraf(options.token, { telegram: { webhookReply: false, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) } });
  const adapter = new TelegramAdapter({
    telegram: bot.telegram,
    bot: () => ({ id: String(bot.botInfo?.id ?? 'telegram-bot'), name: bot.botInfo?.username ?? 'bot', role: 'bot' }),
    logic: options.logic,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  bot.use((context) => adapter.receive(context.update));
  bot.catch((error, context) => logger.error({ updateId: context.update.update_id, err: errorForLog(error) }, 'telegram: update failed'));
  const router = options.webhook
    ? webhookRouter(new URL(options.webhook.url).pathname, options.webhook.secret, (update) => adapter.receive(update), logger)
    : Router();
  const poller = new LongPolling({
    telegram: bot.telegram,
    handle: (update) => bot.handleUpdate(update),
    allowedUpdates,
    logger,
  });
  /** Counts stops, so a start that was waiting for deleteWebhook when polling was stopped does not poll. */
  let stops = 0;
  const startPolling = async (run: PollingRun = {}): Promise<void> => {
    if (options.webhook || poller.polling) return;
    const stopsBefore = stops;
    await callWithRetry(() => bot.telegram.deleteWebhook(), options.retry);
    if (stops !== stopsBefore || poller.polling) return;
    poller.start(run);
    logger.info({ username: bot.botInfo?.username }, 'telegram: long polling');
  };
  const stopPolling = (confirm: boolean): Promise<void> => {
    stops += 1;
    return poller.stop({ confirm });
  };

  return {
    adapter,
    router,
    botId: options.token.split(':')[0] ?? '',
    longPolling: !options.webhook,
    async start(startOptions = {}) {
      try {
        bot.botInfo = await callWithRetry(() => bot.telegram.getMe(), options.retry);
      } catch (error) {
        throw new Error(`Telegram: the Bot API refused the bot token or could not be reached (${(error as Error).message})`, {
          cause: error,
        });
      }
      if (options.webhook) {
        await callWithRetry(
          () =>
            bot.telegram.setWebhook(options.webhook?.url ?? '', {
              secret_token: options.webhook?.secret ?? '',
              allowed_updates: [...allowedUpdates],
            }),
          options.retry,
        );
        logger.info({ username: bot.botInfo.username }, 'telegram: webhook registered');
        return;
      }
      if (startOptions.poll !== false) await startPolling();
    },
    startPolling,
    stopPolling: (stopOptions = {}) => stopPolling(stopOptions.confirm ?? true),
    stop: () => stopPolling(true),
  };
}
