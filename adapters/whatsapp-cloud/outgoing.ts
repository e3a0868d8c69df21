// What the bot sends → Cloud API messages: text within 4,096 characters, options as reply buttons (up to 3), a list
// (up to 10) or numbered lines (more), within every limit Meta sets on interactive messages.
import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder-core';
import type { OptionIds } from './option-ids.js';
import { splitText, splitTail, truncate } from './split-text.js';

/** Meta's limits on messages, in characters (UTF-16 units are counted, which never exceeds Meta's count). */
export const cloudLimits = {
  text: 4096,
  buttonsBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  listButton: 20,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
} as const;

/** A reply button of an interactive message. */
export interface ReplyButton {
  readonly type: 'reply';
  readonly reply: { readonly id: string; readonly title: string };
}

/** A row of an interactive list. */
export interface ListRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/** One message as the Cloud API takes it (`messaging_product` and `to` are added when it is sent). */
export type CloudMessage =
  | { readonly type: 'text'; readonly text: { readonly body: string; readonly preview_url: boolean } }
  | {
      readonly type: 'interactive';
      readonly interactive:
        | {
            readonly type: 'button';
            readonly body: { readonly text: string };
            readonly action: { readonly buttons: readonly ReplyButton[] };
          }
        | {
            readonly type: 'list';
            readonly body: { readonly text: string };
            readonly action: {
              readonly button: string;
              readonly sections: ReadonlyArray<{ readonly title: string; readonly rows: readonly ListRow[] }>;
            };
          };
    }
  | {
      readonly type: 'template';
      readonly template: {
        readonly name: string;
        readonly language: { readonly code: string };
        readonly components?: ReadonlyArray<{
          readonly type: 'body';
          readonly parameters: ReadonlyArray<{ readonly type: 'text'; readonly text: string }>;
        }>;
      };
    };

/** An approved template and the values of its body's parameters, in order. */
export interface TemplateMessage {
  readonly name: string;
  /** Meta's language code of the approved translation, e.g. es, es_MX, en_US. */
  readonly language: string;
  readonly bodyParameters: readonly string[];
}

/** A plain text message (no link preview: a pay link must not fetch a preview on the debtor's data plan). */
export function textMessage(body: string): CloudMessage {
  return { type: 'text', text: { body, preview_url: false } };
}

/** A template message; its body parameters are left out when there are none. */
export function templateMessage(template: TemplateMessage): CloudMessage {
  const parameters = template.bodyParameters.map((text) => ({ type: 'text' as const, text }));
  return {
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(parameters.length > 0 ? { components: [{ type: 'body' as const, parameters }] } : {}),
    },
  };
}

/** The text of `text` as messages of at most 4,096 characters each. */
export function textMessages(text: string): CloudMessage[] {
  return splitText(text, cloudLimits.text).map(textMessage);
}

/** An option as shown: its title and the value pressing it sends. */
interface Option {
  readonly title: string;
  readonly value: string;
}

function optionOf(action: CardAction): Option | null {
  const value = typeof action.value === 'string' && action.value.trim() ? action.value.trim() : '';
  const title = (action.title ?? '').trim() || value;
  if (!title) return null;
  return { title, value: value || title };
}

/** Spanish unless the message reads as English: the language of the list's button label ("Opciones" / "Options"). */
function looksEnglish(activity: Partial<Activity>): boolean {
  const locale = activity.locale?.toLowerCase();
  if (locale?.startsWith('en')) return true;
  if (locale?.startsWith('es')) return false;
  const text = ` ${(activity.text ?? '').toLowerCase()} `;
  if (/[¿¡ñáéíóú]/.test(text)) return false;
  const english = text.match(/\b(the|you|your|which|what|would|to|of|and|or|is|are|choose|pick|please)\b/g)?.length ?? 0;
  const spanish = text.match(/\b(el|la|los|las|tu|tus|que|cual|de|del|y|o|es|son|elige|para|con|por)\b/g)?.length ?? 0;
  return english > spanish;
}

/** The label of a list's button (at most 20 characters), in the message's language. */
export function listButtonLabel(activity: Partial<Activity>): string {
  return looksEnglish(activity) ? 'Options' : 'Opciones';
}

/** Reply buttons for up to 3 options whose titles fit (20 characters) and differ; null when they do not. */
function buttonsFor(options: readonly Option[], ids: OptionIds): ReplyButton[] | null {
  if (options.length > cloudLimits.buttons) return null;
  if (options.some((option) => option.title.length > cloudLimits.buttonTitle)) return null;
  if (new Set(options.map((option) => option.title.toLowerCase())).size !== options.length) return null;
  return options.map((option) => ({ type: 'reply', reply: { id: ids.idFor(option.value, cloudLimits.buttonId), title: option.title } }));
}

/** Where a long option title may be cut between a name and its details ("Tarjeta …0001 · $1.250.000"). */
const detailSeparator = / · | — | – | - |: | \(/g;

/**
 * A row's title (at most 24 characters) and description (at most 72) for an option title: a long title is cut at the
 * last separator that leaves a name within 24 characters, the details going to the description; a title without one
 * is cut with '…' and shown whole in the description.
 */
export function rowText(title: string): { readonly title: string; readonly description?: string } {
  if (title.length <= cloudLimits.rowTitle) return { title };
  let cut: { readonly head: string; readonly rest: string } | undefined;
  for (const match of title.matchAll(detailSeparator)) {
    const head = title.slice(0, match.index).trim();
    if (head.length > cloudLimits.rowTitle) break;
    const rest = title.slice(match.index + match[0].length - (match[0].endsWith('(') ? 1 : 0)).trim();
    if (head !== '' && rest !== '') cut = { head, rest };
  }
  if (cut) return { title: cut.head, description: truncate(cut.rest, cloudLimits.rowDescription) };
  return { title: truncate(title, cloudLimits.rowTitle), description: truncate(title, cloudLimits.rowDescription) };
}

/** List rows for up to 10 options, each title within 24 characters and the rest of it in the description. */
function rowsFor(options: readonly Option[], ids: OptionIds): ListRow[] | null {
  if (options.length > cloudLimits.listRows) return null;
  return options.map((option) => ({ id: ids.idFor(option.value, cloudLimits.rowId), ...rowText(option.title) }));
}

/** The text with the options appended as "1. Title" lines, as on channels without buttons (the bot takes the number or the words). */
function numbered(text: string, options: readonly Option[]): string {
  const list = options.map((option, index) => `${index + 1}. ${option.title}`).join('\n');
  return [text, list].filter((part) => part !== '').join('\n\n');
}

/** The text as messages, the last of which is the interactive one whose body (at most `bodyLimit` characters) ends it. */
function withInteractive(text: string, bodyLimit: number, last: (body: string) => CloudMessage): CloudMessage[] {
  const { head, tail } = splitTail(text, bodyLimit);
  return [...textMessages(head), last(tail || '…')];
}

/**
 * The Cloud API messages of one outgoing activity: its text (split at 4,096 characters) with its suggested actions as
 * reply buttons (up to 3 options, titles of at most 20 characters), a list (up to 10) or numbered lines (more); a link
 * action is written out in the text. Typing, events, attachments without text and empty messages give no message.
 */
export function toCloudMessages(activity: Partial<Activity>, ids: OptionIds): CloudMessage[] {
  if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message) return [];
  const actions = activity.suggestedActions?.actions ?? [];
  const links = actions
    .filter((action) => action.type === ActionTypes.OpenUrl && typeof action.value === 'string')
    .map((action) => [action.title, action.value as string].filter(Boolean).join(': '));
  const text = [(activity.text ?? '').trim(), ...links].filter((part) => part !== '').join('\n\n');
  const options = actions
    .filter((action) => action.type !== ActionTypes.OpenUrl)
    .map(optionOf)
    .filter((option): option is Option => option !== null)
    // Two options sending the same value are one choice (and ids must differ).
    .filter((option, index, all) => all.findIndex((other) => other.value === option.value) === index);
  if (options.length === 0) return textMessages(text);
  const buttons = buttonsFor(options, ids);
  if (buttons)
    return withInteractive(text, cloudLimits.buttonsBody, (body) => ({
      type: 'interactive',
      interactive: { type: 'button', body: { text: body }, action: { buttons } },
    }));
  const rows = rowsFor(options, ids);
  if (rows) {
    const label = listButtonLabel(activity);
    return withInteractive(text, cloudLimits.listBody, (body) => ({
      type: 'interactive',
      interactive: { type: 'list', body: { text: body }, action: { button: label, sections: [{ title: label, rows }] } },
    }));
  }
  return textMessages(numbered(text, options));
}
