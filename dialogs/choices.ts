import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder-core';
import { fold } from '../nlu/index.js';
import type { Intent } from '../nlu/types.js';

/** One option offered to the debtor: `value` is what the dialog acts on, `title` what is shown and sent back. */
export interface Choice {
  readonly value: string;
  readonly title: string;
  /** Intents that also select this option ("sí" selects "accept"). */
  readonly intents?: readonly Intent[];
  /** Folded words or phrases that also select this option when the reply contains them ("fraude" selects "Fue un fraude"). */
  readonly keywords?: readonly string[];
}

/** An option as remembered between turns: only what was shown. */
export interface StoredChoice {
  readonly title: string;
}

/** A message with the options as suggested actions (buttons, or numbered options where a channel has none). */
export function withChoices(text: string, choices: readonly Choice[]): Partial<Activity> {
  const actions: CardAction[] = choices.map((choice) => ({ type: ActionTypes.ImBack, title: choice.title, value: choice.title }));
  return MessageFactory.suggestedActions(actions, text);
}

/** Replies and titles folded lately: a turn folds its message several times (options, commands) and the titles every turn. */
const recentlyFolded = new Map<string, string>();
/** Texts up to this length are remembered, this many at most (then the memory starts again): about 100 KB. */
const rememberedLength = 200;
const rememberedTexts = 500;

/** Lower case, no accents, no punctuation, single spaces: how replies and titles are compared. */
export function foldReply(text: string): string {
  const remembered = recentlyFolded.get(text);
  if (remembered !== undefined) return remembered;
  const folded = fold(text)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= rememberedLength) {
    if (recentlyFolded.size >= rememberedTexts) recentlyFolded.clear();
    recentlyFolded.set(text, folded);
  }
  return folded;
}

/** Option numbers written as words or ordinals, in both languages ("la segunda", "opción tres", "the first one"). */
const numberWords: Readonly<Record<string, number>> = {
  uno: 1,
  una: 1,
  primera: 1,
  primero: 1,
  one: 1,
  first: 1,
  dos: 2,
  segunda: 2,
  segundo: 2,
  two: 2,
  second: 2,
  tres: 3,
  tercera: 3,
  tercero: 3,
  three: 3,
  third: 3,
  cuatro: 4,
  cuarta: 4,
  cuarto: 4,
  four: 4,
  fourth: 4,
  cinco: 5,
  quinta: 5,
  quinto: 5,
  five: 5,
  fifth: 5,
  seis: 6,
  sexta: 6,
  sexto: 6,
  six: 6,
  sixth: 6,
  siete: 7,
  septima: 7,
  septimo: 7,
  seven: 7,
  seventh: 7,
  ocho: 8,
  octava: 8,
  octavo: 8,
  eight: 8,
  eighth: 8,
};

/** The option number a reply gives ("2", "2.", "#2", "opción 2", "la segunda", "the first one"), if it is only that. */
export function optionNumber(reply: string): number | null {
  const match = /^(?:(?:la|el|the) )?(?:(?:opcion|option|numero|number|n) ?)?([a-z]+|\d{1,2})(?: (?:one|opcion|option))?$/.exec(
    foldReply(reply),
  );
  const token = match?.[1];
  if (token === undefined) return null;
  if (/^\d+$/.test(token)) return Number(token);
  return numberWords[token] ?? null;
}

/** The remembered option a reply selects: by its number or its title (accents, case and punctuation ignored). */
export function selectOffered(reply: string, offered: readonly StoredChoice[]): StoredChoice | undefined {
  const number = optionNumber(reply);
  if (number !== null) return offered[number - 1];
  const folded = foldReply(reply);
  return folded === '' ? undefined : offered.find((choice) => foldReply(choice.title) === folded);
}

function containsPhrase(folded: string, phrase: string): boolean {
  return ` ${folded} `.includes(` ${phrase} `);
}

/**
 * The option the reply selects: its number ("2", "2."), its title or value (accents, case and
 * punctuation ignored), an intent bound to it, or one of its keywords; undefined when it selects none.
 */
export function resolveChoice(reply: string, choices: readonly Choice[], intent: Intent | null, byNumber = true): Choice | undefined {
  const folded = foldReply(reply);
  const number = optionNumber(reply);
  if (number !== null) return byNumber ? choices[number - 1] : undefined;
  const byTitle = choices.find((choice) => foldReply(choice.title) === folded || foldReply(choice.value) === folded);
  if (byTitle) return byTitle;
  const byIntent = intent ? choices.find((choice) => choice.intents?.includes(intent)) : undefined;
  return byIntent ?? choices.find((choice) => choice.keywords?.some((keyword) => containsPhrase(folded, keyword)));
}
