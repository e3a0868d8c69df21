import type { Language } from '../dialogs/messages/index.js';
import { detectLanguage } from '../nlu/index.js';

/** A request to change language, around the language's name: "can we speak", "hablemos en", "please", "por favor". */
const switchTo = (name: string) =>
  new RegExp(
    String.raw`^\s*(?:(?:can|could) (?:we|you) |please |por favor |)(?:(?:speak|talk|write|continue|switch to|change to|hablemos|habla|hablas|hable|puedes hablar|podemos hablar|escribe|escribeme|escríbeme|sigamos|seguimos|cambia a|cambiemos a)\s+)?(?:in |en )?(?:${name})(?: (?:please|pls|plz|por favor|porfa|porfavor))?\s*[.!?]*\s*$`,
    'iu',
  );

const switchWords: ReadonlyArray<[RegExp, Language]> = [
  [switchTo('english|ingl[eé]s'), 'en'],
  [switchTo('espa[nñ]ol|spanish|castellano'), 'es'],
];

/** The language a message asks to switch to ("english", "español", "in spanish por favor"), if it is only that. */
export function languageSwitch(text: string): Language | null {
  for (const [pattern, language] of switchWords) if (pattern.test(text)) return language;
  return null;
}

/**
 * Picks the reply language: the text's own when it is clearly Spanish or English (a Spanish message from
 * an English browser is answered in Spanish), else the language the conversation is being held in
 * (the last one, or the one chosen with "english" / "español"), else the channel's locale, else the debtor's own, else Spanish.
 */
export function chooseLanguage(input: { last?: Language; activityLocale?: string; text: string; debtorLanguage?: Language }): Language {
  const detected = detectLanguage(input.text);
  if (detected) return detected;
  if (input.last) return input.last;
  const locale = input.activityLocale?.toLowerCase();
  if (locale?.startsWith('es')) return 'es';
  if (locale?.startsWith('en')) return 'en';
  return input.debtorLanguage ?? 'es';
}
