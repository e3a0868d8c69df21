import {
  ActivityEventNames,
  ActivityTypes,
  type Activity,
  type ChannelAccount,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder-core';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { KeyedQueue } from '../../bot/keyed-queue.js';
import { ChannelAdapter, type TurnLogic } from '../shared/channel-adapter.js';
import { chatTag } from '../shared/chat-tag.js';
import { RecentIds } from '../shared/recent-ids.js';
import { incomingUpdate } from './incoming.js';
import { inlineKeyboard, splitText } from './outgoing.js';
import { callWithRetry, defaultRetry, type RetryOptions } from './retry.js';

/** What the adapter needs: the Bot API client, the bot's own account, the turn logic and a logger. */
export interface TelegramAdapterOptions {
  readonly telegram: Telegram;
  readonly bot: () => ChannelAccount;
  readonly logic: TurnLogic;
  readonly logger: Logger;
  readonly retry?: RetryOptions;
}

/**
 * Telegram's BotAdapter (DESIGN §2): updates become activities (each update once, even when Telegram
 * redelivers it) and show the bot typing while it works, and the bot's activities go back as plain text (nothing a debtor or an agent types is ever
 * read as markup), split at Telegram's 4096-character limit, with suggested actions as an inline keyboard and
 * typing as a chat action. Deliveries to a chat keep their order and honour Telegram's flood control; a turn
 * does not wait for them (a 429 must not time a turn out), a proactive message (an agent's reply) does, so its
 * sender learns when Telegram refused it.
 */
export class TelegramAdapter extends ChannelAdapter {
  private readonly seenUpdates = new RecentIds();
  private readonly outbox = new KeyedQueue();
  private sequence = 0;
  private readonly retry: RetryOptions;

  constructor(private readonly options: TelegramAdapterOptions) {
    super('Telegram', options.logic);
    this.retry = options.retry ?? defaultRetry;
  }

  /** Runs one update (from long polling or the webhook); a redelivered update is skipped. */
  async receive(update: Update): Promise<void> {
    const updateId = String(update.update_id);
    if (!this.seenUpdates.add(updateId)) {
      this.options.logger.info({ updateId: update.update_id }, 'telegram: redelivered update skipped');
      return;
    }
    const incoming = incomingUpdate(update, this.options.bot());
    if (!incoming) return;
    const chatId = incoming.activity.conversation?.id;
    // "typing…" goes out first, in the chat's delivery order, so it never shows after the reply it announces.
    if (chatId) void this.outbox.run(chatId, () => this.deliver(chatId, { type: ActivityTypes.Typing }));
    // The turn is queued first, so a press and a message that follows it in the same batch keep their order.
    const turn = this.processActivity(incoming.activity);
    const answered = incoming.callbackQueryId ? this.answerPress(incoming.callbackQueryId, incoming.pressedMessage) : Promise.resolve();
    try {
      await turn;
    } catch (error) {
      this.seenUpdates.forget(updateId);
      throw error;
    } finally {
      await answered;
    }
  }

  /** Queues the bot's activities for their chat; waits for the delivery only in a proactive turn. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const chatId = context.activity.conversation?.id;
    if (!chatId) throw new Error('Telegram: an outgoing activity has no chat id');
    const proactive = context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
    const responses: ResourceResponse[] = [];
    const deliveries: Promise<void>[] = [];
    for (const activity of activities) {
      this.sequence += 1;
      responses.push({ id: `telegram-out-${this.sequence}` });
      if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Typing) continue;
      deliveries.push(this.outbox.run(chatId, () => this.deliver(chatId, activity)));
    }
    const delivered = Promise.all(deliveries);
    if (proactive) await delivered;
    else
      delivered.catch((error: unknown) =>
        this.options.logger.error({ chat: chatTag(chatId), err: errorForLog(error) }, 'telegram: delivery failed'),
      );
    return responses;
  }

  private async deliver(chatId: string, activity: Partial<Activity>): Promise<void> {
    const { telegram } = this.options;
    const { retry } = this;
    if (activity.type === ActivityTypes.Typing) {
      await callWithRetry(() => telegram.sendChatAction(chatId, 'typing'), retry).catch(() => undefined);
      return;
    }
    const parts = splitText(activity.text ?? '');
    const keyboard = inlineKeyboard(activity.suggestedActions?.actions ?? []);
    if (parts.length === 0 && keyboard) parts.push('…');
    for (const [index, part] of parts.entries()) {
      const markup = index === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {};
      await callWithRetry(() => telegram.sendMessage(chatId, part, { link_preview_options: { is_disabled: true }, ...markup }), retry);
    }
  }

  /** Stops the button's spinner and removes the pressed keyboard, so an old choice cannot be pressed again. */
  private async answerPress(callbackQueryId: string, pressed: { chatId: number; messageId: number } | undefined): Promise<void> {
    const { telegram } = this.options;
    const { retry } = this;
    await callWithRetry(() => telegram.answerCbQuery(callbackQueryId), retry).catch((error: unknown) =>
      this.options.logger.warn({ err: errorForLog(error) }, 'telegram: could not answer a button press'),
    );
    if (!pressed) return;
    void this.outbox.run(String(pressed.chatId), () =>
      callWithRetry(
        () => telegram.editMessageReplyMarkup(pressed.chatId, pressed.messageId, undefined, { inline_keyboard: [] }),
        retry,
      ).then(
        () => undefined,
        () => undefined,
      ),
    );
  }
}
