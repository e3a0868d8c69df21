import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Intent } from '../nlu/types.js';

/** One option offered to the debtor: `value` is what the dialog acts on, `title` what is shown and sent back. */
export interface Choice {
  readonly value: string;
  readonly title: string;
  /** Intents that also select this option ("sí" selects "accept"). */
  readonly intents?: readonly Intent[];
}

/** A message with the options as suggested actions (buttons, or numbered options where a channel has none). */
export function withChoices(text: string, choices: readonly Choice[]): Partial<Activity> {
  const actions: CardAction[] = choices.map((choice) => ({ type: ActionTypes.ImBack, title: choice.title, value: choice.title }));
  return MessageFactory.suggestedActions(actions, text);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9ñ ]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The option the reply selects: its number ("2", "2."), its title (accents and case ignored), or an
 * intent bound to it; undefined when the reply selects none.
 */
export function resolveChoice(reply: string, choices: readonly Choice[], intent: Intent | null, byNumber = true): Choice | undefined {
  const folded = fold(reply);
  const number = /^(\d{1,2})$/.exec(folded);
  if (number) return byNumber ? choices[Number(number[1]) - 1] : undefined;
  const byTitle = choices.find((choice) => fold(choice.title) === folded || fold(choice.value) === folded);
  if (byTitle) return byTitle;
  return intent ? choices.find((choice) => choice.intents?.includes(intent)) : undefined;
}
