import { ActionTypes, type CardAction } from 'botbuilder-core';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

/** Telegram's limit on one message's text, in UTF-16 code units. */
export const telegramTextLimit = 4096;
/** Telegram's limit on a button's callback data, in bytes. */
const callbackDataLimit = 64;
/** Callback data of a button whose value is too long to carry: the button is found by its position. */
const positionPrefix = '#option:';

/**
 * Splits a text into parts Telegram accepts (at most `limit` UTF-16 units each), cutting at the last paragraph
 * break, line break or space before the limit when there is one, and never inside a surrogate pair.
 */
export function splitText(text: string, limit = telegramTextLimit): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = Math.max(rest.lastIndexOf('\n\n', limit), rest.lastIndexOf('\n', limit), rest.lastIndexOf(' ', limit));
    if (cut < limit / 2) cut = limit;
    if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim().length > 0) parts.push(rest.trimEnd());
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The suggested actions as an inline keyboard, one button per row (titles stay readable on a phone). */
export function inlineKeyboard(actions: readonly CardAction[]): InlineKeyboardMarkup | undefined {
  const buttons: InlineKeyboardButton[][] = [];
  for (const action of actions) {
    const title = action.title || String(action.value ?? '');
    if (!title) continue;
    if (action.type === ActionTypes.OpenUrl && typeof action.value === 'string') {
      buttons.push([{ text: title, url: action.value }]);
      continue;
    }
    const value = typeof action.value === 'string' && action.value ? action.value : title;
    const data = Buffer.byteLength(value, 'utf8') <= callbackDataLimit ? value : `${positionPrefix}${buttons.length}`;
    buttons.push([{ text: title, callback_data: data }]);
  }
  return buttons.length > 0 ? { inline_keyboard: buttons } : undefined;
}

/**
 * What a pressed button says, as the debtor's message: its value, or its title when the value was too long
 * to travel in the callback data (found in the keyboard Telegram sends back with the press).
 */
export function pressedButtonText(data: string, keyboard: InlineKeyboardMarkup | undefined): string {
  if (!data.startsWith(positionPrefix)) return data;
  const position = Number(data.slice(positionPrefix.length));
  const button = keyboard?.inline_keyboard.flat()[position];
  return button?.text ?? '';
}
