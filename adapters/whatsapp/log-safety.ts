// What the WhatsApp channel may log: a JID carries the phone number and messages carry what the debtor
// wrote, so neither reaches a log line. Our own lines name a chat by a short hash; Baileys' lines are masked.
import { scrubText } from '../../bot/log-scrub.js';

const jidPattern = /[\w.:+-]*@(?:s\.whatsapp\.net|c\.us|lid|g\.us|broadcast|newsletter|hosted(?:\.lid)?)\b/gi;
/** Fields of WhatsApp messages that hold what someone wrote. */
const contentFields = new Set(['conversation', 'text', 'caption', 'message', 'pushName', 'notify', 'verifiedName', 'name']);
const maxDepth = 4;
const maxItems = 20;

/** Masks JIDs, then what the bot's own logs mask (phone numbers, dates, documents), in free text. */
export function maskText(text: string): string {
  return scrubText(text.replace(jidPattern, '[jid]'));
}

/** A copy of `value` safe to log: strings masked, message contents and binary data left out, depth and length bounded. */
export function sanitiseForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) return '[…]';
  if (value instanceof Error) return { name: value.name, message: maskText(value.message), stack: maskText(value.stack ?? '') };
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (Array.isArray(value)) return value.slice(0, maxItems).map((item: unknown) => sanitiseForLog(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = contentFields.has(key) ? '[redacted]' : sanitiseForLog(item, depth + 1);
  return copy;
}
