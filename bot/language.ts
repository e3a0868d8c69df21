import type { Language } from '../dialogs/messages/index.js';

const switchWords: ReadonlyArray<[RegExp, Language]> = [
  [/^\s*(english|ingl[eé]s|in english|en ingl[eé]s)\s*[.!]*\s*$/i, 'en'],
  [/^\s*(espa[nñ]ol|spanish|castellano|in spanish|en espa[nñ]ol)\s*[.!]*\s*$/i, 'es'],
];

/** The language a message asks to switch to ("english", "español"), if it is only that. */
export function languageSwitch(text: string): Language | null {
  for (const [pattern, language] of switchWords) if (pattern.test(text)) return language;
  return null;
}

const spanishMarkers = /[ñ¿¡áéíóú]|\b(hola|quiero|cuanto|cuánto|debo|deuda|pagar|puedo|tengo|gracias|buenas|buenos|persona|cuotas|por favor|ya|pague|pagué|no es mi|necesito|mi|el|la|los|que|qué)\b/i;
const englishMarkers = /\b(hi|hello|want|how much|owe|debt|pay|paid|can|have|thanks|thank you|person|please|already|need|my|the|what|is|i'm|i am)\b/i;

/** The language a text is written in, when the words say so clearly; null when unsure ("ok", "1"). */
export function detectLanguage(text: string): Language | null {
  const spanish = spanishMarkers.test(text);
  const english = englishMarkers.test(text);
  if (spanish === english) return null;
  return spanish ? 'es' : 'en';
}

/** Picks the reply language: an explicit switch, then the channel's locale, then the text, then the debtor's own, else Spanish. */
export function chooseLanguage(input: { chosen?: Language; activityLocale?: string; text: string; debtorLanguage?: Language }): Language {
  if (input.chosen) return input.chosen;
  const locale = input.activityLocale?.toLowerCase();
  if (locale?.startsWith('es')) return 'es';
  if (locale?.startsWith('en')) return 'en';
  return detectLanguage(input.text) ?? input.debtorLanguage ?? 'es';
}
