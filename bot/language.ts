import type { Language } from '../dialogs/messages/index.js';
import { detectLanguage } from '../nlu/index.js';

const switchWords: ReadonlyArray<[RegExp, Language]> = [
  [/^\s*(english|ingl[eé]s|in english|en ingl[eé]s|english please)\s*[.!]*\s*$/i, 'en'],
  [/^\s*(espa[nñ]ol|spanish|castellano|in spanish|en espa[nñ]ol)\s*[.!]*\s*$/i, 'es'],
];

/** The language a message asks to switch to ("english", "español"), if it is only that. */
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
