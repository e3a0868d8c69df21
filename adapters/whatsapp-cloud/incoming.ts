// A Cloud API webhook payload → the activities the bot runs turns on, and the delivery statuses of what it sent.
import { ActivityTypes, type Activity } from 'botbuilder-core';
import { z } from 'zod';
import { botAccount } from '../shared/channel-adapter.js';
import type { OptionIds } from './option-ids.js';

/**
 * The channel id of every WhatsApp Cloud API activity, conversation and contact: one word of lower-case letters and '_'
 * like the other channels' ids and the ledger's stored values, distinct from Baileys' `whatsapp` (both may run at once,
 * on different numbers).
 */
export const whatsAppCloudChannelId = 'whatsapp_cloud';
/** The `serviceUrl` of Cloud API activities (nothing calls it: replies go through the adapter). */
const serviceUrl = 'urn:debt-bot:whatsapp-cloud';

/** A delivery status of a message the bot sent, from the webhook. */
export interface WhatsAppCloudStatus {
  /** The message id (wamid) the send answered with. */
  readonly messageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  /** The user's WhatsApp id (their phone number in international form, digits only). */
  readonly recipient: string;
  /** Meta's error code when the message failed (e.g. 131026 undeliverable, 131047 outside the 24-hour window). */
  readonly errorCode?: number;
  /** When it happened, in ms since the epoch. */
  readonly atMs: number;
}

const messageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  image: z.looseObject({ caption: z.string().optional() }).optional(),
  video: z.looseObject({ caption: z.string().optional() }).optional(),
  document: z.looseObject({ caption: z.string().optional() }).optional(),
});
type CloudIncomingMessage = z.infer<typeof messageSchema>;

const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: z.string().optional(),
  recipient_id: z.string(),
  errors: z.array(z.looseObject({ code: z.number() })).optional(),
});

const valueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
  contacts: z
    .array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** The envelope Meta posts: `{ object, entry: [{ id, changes: [{ field, value }] }] }`. */
const payloadSchema = z.looseObject({
  object: z.string().optional(),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).optional() })),
});

/** Message types that get no answer at all: reactions, system notices (number changed), disappearing-mode notices. */
const silentTypes = new Set(['reaction', 'system', 'ephemeral']);

/**
 * The text a message carries, as the debtor's message: its body, a pressed button's or list row's value (what pressing
 * that option sends on every channel), a template quick reply's text, a photo's, video's or document's caption; '' for
 * what the bot cannot read (voice notes, stickers, locations, contacts, media without caption), which it answers with
 * its polite "I didn't understand"; null for what gets no answer (reactions, system notices).
 */
function textOf(message: CloudIncomingMessage, ids: OptionIds): string | null {
  if (silentTypes.has(message.type)) return null;
  switch (message.type) {
    case 'text':
      return message.text?.body ?? '';
    case 'interactive': {
      const button = message.interactive?.button_reply;
      if (button) return ids.valueOf(button.id, button.title);
      const row = message.interactive?.list_reply;
      if (row) return ids.valueOf(row.id, row.title, row.description);
      return '';
    }
    case 'button':
      return message.button?.text ?? message.button?.payload ?? '';
    case 'image':
    case 'video':
    case 'document':
      return message[message.type]?.caption?.trim() ?? '';
    default:
      return '';
  }
}

/** Everything one webhook payload brings for this phone number. */
export interface IncomingBatch {
  /** One message activity per received message, in the order Meta listed them. */
  readonly activities: Array<Partial<Activity>>;
  readonly statuses: WhatsAppCloudStatus[];
}

/** True when `body` has the envelope of a WhatsApp Business Account webhook (`entry` is a list). */
export function isWebhookPayload(body: unknown): boolean {
  return payloadSchema.safeParse(body).success;
}

function messageActivity(raw: unknown, names: ReadonlyMap<string, string>, ids: OptionIds): Partial<Activity> | null {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return null;
  const message = parsed.data;
  const text = textOf(message, ids);
  if (text === null) return null;
  const sentAtMs = Number(message.timestamp) * 1000;
  return {
    type: ActivityTypes.Message,
    id: message.id,
    channelId: whatsAppCloudChannelId,
    serviceUrl,
    timestamp: Number.isFinite(sentAtMs) && sentAtMs > 0 ? new Date(sentAtMs) : new Date(),
    conversation: { id: message.from, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: message.from, name: names.get(message.from) ?? '', role: 'user' },
    recipient: botAccount,
    text,
  };
}

function statusOf(raw: unknown, nowMs: number): WhatsAppCloudStatus | null {
  const parsed = statusSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { id, status, timestamp, recipient_id: recipient, errors } = parsed.data;
  const atMs = Number(timestamp) * 1000;
  const errorCode = errors?.[0]?.code;
  return {
    messageId: id,
    status,
    recipient,
    ...(errorCode === undefined ? {} : { errorCode }),
    atMs: Number.isFinite(atMs) && atMs > 0 ? atMs : nowMs,
  };
}

/**
 * The activities and statuses of a webhook payload addressed to `phoneNumberId` (changes for the app's other numbers
 * are left out); the activity's id is the message id, so a redelivered message is answered once, the conversation and
 * the user are the sender's WhatsApp id, and the user's name is their profile name.
 */
export function readPayload(body: unknown, phoneNumberId: string, ids: OptionIds, nowMs: number): IncomingBatch {
  const batch: IncomingBatch = { activities: [], statuses: [] };
  const payload = payloadSchema.safeParse(body);
  if (!payload.success) return batch;
  for (const entry of payload.data.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== undefined && change.field !== 'messages') continue;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) continue;
      const addressee = value.data.metadata?.phone_number_id;
      if (addressee !== undefined && addressee !== phoneNumberId) continue;
      const names = new Map<string, string>();
      for (const contact of value.data.contacts ?? []) {
        if (contact.wa_id && contact.profile?.name) names.set(contact.wa_id, contact.profile.name);
      }
      for (const raw of value.data.messages ?? []) {
        const activity = messageActivity(raw, names, ids);
        if (activity) batch.activities.push(activity);
      }
      for (const raw of value.data.statuses ?? []) {
        const status = statusOf(raw, nowMs);
        if (status) batch.statuses.push(status);
      }
    }
  }
  return batch;
}
