// Telegram channel (DESIGN §6): telegraf against the Bot API (or `TELEGRAM_API_ROOT`), long polling by default,
// a webhook on the bot's own HTTP server when `TELEGRAM_WEBHOOK_URL` is set.
import { setTimeout as sleep } from 'node:timers/promises';
import { Router } from 'express';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import { Telegraf } from 'telegraf';
import type { TurnLogic } from '../shared/channel-adapter.js';
import { TelegramAdapter } from './telegram-adapter.js';
import { callWithRetry, type RetryOptions } from './retry.js';
import { webhookRouter } from './webhook.js';

export { TelegramAdapter } from './telegram-adapter.js';
export { telegramChannelId } from './incoming.js';

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
  /** Checks the token (getMe), then starts long polling or registers the webhook. */
  start(): Promise<void>;
  /** Stops polling (the webhook stays registered, so Telegram keeps the updates for the next start). */
  stop(): Promise<void>;
}

/** Stops telegraf's long polling, waiting (up to 5 s) for `launch()` to have started it. */
async function stopPolling(bot: Telegraf): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      bot.stop('shutdown');
      return;
    } catch {
      await sleep(50);
    }
  }
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
  let polling: Promise<void> | undefined;

  return {
    adapter,
    router,
    async start() {
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
      await callWithRetry(() => bot.telegram.deleteWebhook(), options.retry);
      polling = bot.launch({ allowedUpdates: [...allowedUpdates] }).catch((error: unknown) => {
        logger.error({ err: errorForLog(error) }, 'telegram: long polling stopped (another instance polling, or a webhook set elsewhere?)');
      });
      logger.info({ username: bot.botInfo.username }, 'telegram: long polling');
    },
    async stop() {
      if (!polling) return;
      await stopPolling(bot);
      await polling;
      polling = undefined;
    },
  };
}
