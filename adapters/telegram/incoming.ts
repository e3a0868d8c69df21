import { ActivityTypes, type Activity, type ChannelAccount, type ConversationAccount } from 'botbuilder-core';
import type { Update, User } from 'telegraf/types';
import { pressedButtonText } from './outgoing.js';

/** The channel id of every Telegram activity. */
export const telegramChannelId = 'telegram';
/** The `serviceUrl` of Telegram activities (nothing calls it: replies go through the adapter). */
export const telegramServiceUrl = 'urn:debt-bot:telegram';

/** An update turned into an activity, with the callback query to answer when it was a button press. */
export interface IncomingUpdate {
  readonly activity: Partial<Activity>;
  readonly callbackQueryId?: string;
  /** The message whose keyboard was pressed (its buttons are removed once pressed). */
  readonly pressedMessage?: { readonly chatId: number; readonly messageId: number };
}

function privateChat(chatId: number): ConversationAccount {
  return { id: String(chatId), name: '', isGroup: false, conversationType: 'personal' };
}

function account(user: User): ChannelAccount {
  return { id: String(user.id), name: user.first_name, role: 'user' };
}

/**
 * Turns a Telegram update into a Bot Framework activity: a text message, a button press (its value becomes
 * the debtor's message), `/start` (a new member, so the bot greets) or a contact the user shares about
 * themselves (its phone number becomes the message, e.g. when the bot asks for it); other messages (photos,
 * voice notes) arrive without text. Only private chats are served: a debt is never discussed in a group.
 * Undefined for anything else (edits, groups, other bots).
 */
export function incomingUpdate(update: Update, bot: ChannelAccount): IncomingUpdate | undefined {
  const base = { id: String(update.update_id), channelId: telegramChannelId, serviceUrl: telegramServiceUrl, recipient: bot };
  if ('message' in update) {
    const message = update.message;
    if (message.chat.type !== 'private' || !message.from || message.from.is_bot) return undefined;
    const common = {
      ...base,
      conversation: privateChat(message.chat.id),
      from: account(message.from),
      timestamp: new Date(message.date * 1000),
      ...(message.from.language_code ? { locale: message.from.language_code } : {}),
    };
    if ('text' in message) {
      if (/^\/start(@\w+)?(\s|$)/.test(message.text)) {
        return { activity: { ...common, type: ActivityTypes.ConversationUpdate, membersAdded: [common.from] } };
      }
      return { activity: { ...common, type: ActivityTypes.Message, text: message.text } };
    }
    const own = 'contact' in message && message.contact.user_id === message.from.id;
    // Anything else (a photo, a voice note, a sticker) is a message the bot cannot read: it answers as to an empty one.
    return { activity: { ...common, type: ActivityTypes.Message, text: own ? message.contact.phone_number : '' } };
  }
  if ('callback_query' in update) {
    const query = update.callback_query;
    const message = query.message;
    if (!message || message.chat.type !== 'private' || !('data' in query)) return undefined;
    const keyboard = 'reply_markup' in message ? message.reply_markup : undefined;
    return {
      activity: {
        ...base,
        type: ActivityTypes.Message,
        text: pressedButtonText(query.data, keyboard),
        conversation: privateChat(message.chat.id),
        from: account(query.from),
        timestamp: new Date(),
        ...(query.from.language_code ? { locale: query.from.language_code } : {}),
      },
      callbackQueryId: query.id,
      pressedMessage: { chatId: message.chat.id, messageId: message.message_id },
    };
  }
  return undefined;
}
