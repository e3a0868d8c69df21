// A received WhatsApp message → the Bot Framework activity the bot runs a turn on.
import { ActivityTypes, type Activity } from 'botbuilder-core';
import {
  isHostedLidUser,
  isHostedPnUser,
  isLidUser,
  isPnUser,
  normalizeMessageContent,
  toNumber,
  type MessageUpsertType,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { botAccount } from '../shared/channel-adapter.js';

/** The channel id of every WhatsApp activity. */
export const whatsAppChannelId = 'whatsapp';
/** The `serviceUrl` of WhatsApp activities (nothing calls it: replies go through the adapter). */
const whatsAppServiceUrl = 'urn:debt-bot:whatsapp';

/** True for a one-to-one chat with a person (phone-number or LID JID); false for groups, broadcasts, status and newsletters. */
function isPersonalChat(jid: string | null | undefined): jid is string {
  return Boolean(jid && (isPnUser(jid) || isLidUser(jid) || isHostedPnUser(jid) || isHostedLidUser(jid)));
}

/**
 * The text a message carries (plain, extended with a link preview or a quote, or a photo's or video's
 * caption); '' for a voice note, photo, sticker or document without text, which the bot answers as a message
 * it cannot read; null for reactions, edits, deletions and other protocol messages, which get no answer.
 */
function textOf(message: WAMessage): string | null {
  const content = normalizeMessageContent(message.message);
  if (!content) return null;
  const text = content.conversation ?? content.extendedTextMessage?.text ?? content.imageMessage?.caption ?? content.videoMessage?.caption;
  if (text?.trim()) return text;
  const media =
    content.audioMessage ??
    content.imageMessage ??
    content.videoMessage ??
    content.stickerMessage ??
    content.documentMessage ??
    content.locationMessage;
  return media ? '' : null;
}

/**
 * The activity of a newly received text message in a personal chat: `id` is the message key id (so the
 * transcript drops a redelivery), the conversation and the user are the chat's JID. Null for anything the
 * bot does not answer: its own messages, groups, broadcasts, status, history (`append`) upserts and
 * protocol messages (reactions, edits, deletions).
 */
export function toActivity(message: WAMessage, upsertType: MessageUpsertType): Partial<Activity> | null {
  const { key } = message;
  if (upsertType !== 'notify' || key.fromMe || !key.id || !isPersonalChat(key.remoteJid)) return null;
  const text = textOf(message);
  if (text === null) return null;
  const sentAtMs = toNumber(message.messageTimestamp) * 1000;
  return {
    type: ActivityTypes.Message,
    id: key.id,
    channelId: whatsAppChannelId,
    serviceUrl: whatsAppServiceUrl,
    timestamp: sentAtMs > 0 ? new Date(sentAtMs) : new Date(),
    conversation: { id: key.remoteJid, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: key.remoteJid, name: '', role: 'user' },
    recipient: botAccount,
    text,
  };
}
