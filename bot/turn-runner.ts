import type { TurnContext } from 'botbuilder-core';
import type { Logger } from 'pino';
import { messagesFor } from '../dialogs/messages/index.js';
import { CodedError } from '../ledger/index.js';
import type { DebtBot } from './debt-bot.js';
import { conversationOf } from './conversation-recorder.js';
import { errorForLog } from './log-scrub.js';
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

/** How long a timed-out turn is still waited for (its ledger calls refuse once aborted) before its conversation moves on. */
const abortGraceMs = 5_000;

/**
 * Runs `work` with an abort signal that fires after `timeoutMs`. A timed-out turn is aborted, and the turn
 * only ends (rejecting with TurnTimeoutError) once the aborted work has settled, so the conversation's
 * next turn never starts while this one still writes; a turn stuck outside the ledger is waited for
 * `abortGraceMs` at most.
 */
async function runWithDeadline(work: (signal: AbortSignal) => Promise<void>, timeoutMs: number, onStuck: () => void): Promise<void> {
  const controller = new AbortController();
  const running = work(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([running, timedOut])) !== 'timeout') return;
  } finally {
    clearTimeout(timer);
  }
  const error = new TurnTimeoutError(timeoutMs);
  controller.abort(error);
  const settled = running.then(
    () => 'settled' as const,
    () => 'settled' as const,
  );
  const grace = new Promise<'stuck'>((resolve) => setTimeout(resolve, abortGraceMs, 'stuck').unref());
  if ((await Promise.race([settled, grace])) === 'stuck') onStuck();
  throw error;
}

/**
 * The logic handed to every adapter: each turn timed, counted and bounded by a deadline whose abort signal
 * the ledger honours. The adapters already run one conversation's turns in order (ChannelAdapter's queue).
 */
export function makeTurnLogic(bot: DebtBot, meter: TurnMeter, timeoutMs: number, logger: Logger): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const channel = context.activity.channelId ?? 'unknown';
    const stop = meter.turnStarted(channel);
    try {
      await runWithDeadline(
        (signal) => bot.run(context, signal),
        timeoutMs,
        () =>
          logger.warn(
            { conversationId: context.activity.conversation?.id, channel },
            'an aborted turn is still running; the conversation moves on',
          ),
      );
    } finally {
      stop();
    }
  };
}

/**
 * The error boundary of a turn: logs the failure with the conversation id (never the text),
 * apologises to the debtor in their language, and resets the dialog state so the conversation stays usable.
 */
export function makeTurnErrorHandler(
  bot: DebtBot,
  meter: TurnMeter,
  logger: Logger,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    meter.turnFailed(context.activity.channelId ?? 'unknown');
    logger.error(
      {
        conversationId: conversationOf(context)?.id ?? context.activity.conversation?.id,
        channel: context.activity.channelId,
        err: errorForLog(error),
      },
      'turn failed',
    );
    try {
      await bot.resetConversation(context);
      const language = chooseLanguage({
        ...(context.activity.locale ? { activityLocale: context.activity.locale } : {}),
        text: context.activity.text ?? '',
      });
      await context.sendActivity(messagesFor(language).turnError);
    } catch (secondary) {
      logger.error({ err: errorForLog(secondary) }, 'could not apologise after a failed turn');
    }
  };
}
