import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { messagesFor } from '../dialogs/messages/index.js';
import { CodedError } from '../ledger/index.js';
import type { DebtBot } from './debt-bot.js';
import { conversationOf } from './conversation-recorder.js';
import { KeyedQueue } from './keyed-queue.js';
import { errorForLog } from '../bot/log-scrub.js';
import { chooseLanguage } from './language.js';

/** What the turn pipeline reports about its turns (the server counts them; tests may ignore them). */
export interface TurnMeter {
  /** A turn began on `channel`; the returned function is called when it ends, however it ends. */
  turnStarted(channel: string): () => void;
  /** A turn on `channel` failed and reached the error boundary. */
  turnFailed(channel: string): void;
}

/** A turn took longer than the configured limit. */
export class TurnTimeoutError extends CodedError {
  constructor(timeoutMs: number) {
    super('turn_timeout', `turn exceeded ${timeoutMs} ms`);
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TurnTimeoutError(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The logic handed to every adapter: turns of one conversation in order, each timed, counted and bounded by a timeout. */
export function makeTurnLogic(bot: DebtBot, meter: TurnMeter, timeoutMs: number): (context: TurnContext) => Promise<void> {
  const queue = new KeyedQueue();
  return (context) => {
    const channel = context.activity.channelId ?? 'unknown';
    const key = `${channel}:${context.activity.conversation?.id ?? ''}`;
    return queue.run(key, async () => {
      const stop = meter.turnStarted(channel);
      try {
        await withTimeout(bot.run(context), timeoutMs);
      } finally {
        stop();
      }
    });
  };
}

/**
 * The error boundary of a turn: logs the failure with the conversation id (never the text),
 * apologises to the debtor in their language, and resets the dialog state so the conversation stays usable.
 */
export function makeTurnErrorHandler(bot: DebtBot, meter: TurnMeter, logger: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    meter.turnFailed(context.activity.channelId ?? 'unknown');
    logger.error({ conversationId: conversationOf(context)?.id ?? context.activity.conversation?.id, channel: context.activity.channelId, err: errorForLog(error) }, 'turn failed');
    try {
      await bot.resetConversation(context);
      const language = chooseLanguage({ ...(context.activity.locale ? { activityLocale: context.activity.locale } : {}), text: context.activity.text ?? '' });
      await context.sendActivity(messagesFor(language).turnError);
    } catch (secondary) {
      logger.error({ err: errorForLog(secondary) }, 'could not apologise after a failed turn');
    }
  };
}
