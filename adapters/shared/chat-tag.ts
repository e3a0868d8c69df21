import { createHash } from 'node:crypto';

/**
 * A short, stable tag for a chat in log lines (first 10 hex digits of its id's SHA-256): a chat id can be a
 * phone number (a WhatsApp JID) or a person's account, so logs never carry the id itself.
 */
export function chatTag(chatId: string): string {
  return createHash('sha256').update(chatId).digest('hex').slice(0, 10);
}
