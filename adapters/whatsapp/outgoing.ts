// What the bot sends → what WhatsApp gets: text with the suggested actions as numbered options (WhatsApp
// Web accounts have no buttons), and typing as the 'composing' presence.
import { ActivityTypes, type Activity, type CardAction } from 'botbuilder-core';

/** What one outgoing activity becomes on WhatsApp. */
export type WhatsAppOutput = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'typing' } | { readonly kind: 'nothing' };

function optionTitle(action: CardAction): string {
  const title = action.title || (typeof action.value === 'string' ? action.value : '');
  return title.trim();
}

/** The message text with the suggested actions appended as "1. Title" lines (the bot accepts the number or the title back). */
function messageText(activity: Partial<Activity>): string | null {
  const text = (activity.text ?? '').trim();
  const options = (activity.suggestedActions?.actions ?? []).map(optionTitle).filter((title) => title !== '');
  const list = options.map((title, index) => `${index + 1}. ${title}`).join('\n');
  const whole = [text, list].filter((part) => part !== '').join('\n\n');
  return whole === '' ? null : whole;
}

/** Translates one outgoing activity; events, traces and empty messages become nothing. */
export function toOutput(activity: Partial<Activity>): WhatsAppOutput {
  const type = activity.type ?? ActivityTypes.Message;
  if (type === ActivityTypes.Typing) return { kind: 'typing' };
  if (type !== ActivityTypes.Message) return { kind: 'nothing' };
  const text = messageText(activity);
  return text === null ? { kind: 'nothing' } : { kind: 'text', text };
}
