import type { Language } from '../dialogs/messages/index.js';

const switchWords: ReadonlyArray<[RegExp, Language]> = [
  [/^\s*(english|ingl[eé]s|in english|en ingl[eé]s|english please)\s*[.!]*\s*$/i, 'en'],
  [/^\s*(espa[nñ]ol|spanish|castellano|in spanish|en espa[nñ]ol)\s*[.!]*\s*$/i, 'es'],
];

/** The language a message asks to switch to ("english", "español"), if it is only that. */
export function languageSwitch(text: string): Language | null {
  for (const [pattern, language] of switchWords) if (pattern.test(text)) return language;
  return null;
}

const spanishMarkers = /[ñ¿¡áéíóú]|\b(hola|holi|buenas|buenos|quiero|quisiera|cuanto|cuánto|cuanta|debo|deuda|deudas|pagar|pague|pagué|pago|puedo|tengo|tiene|gracias|persona|cuotas?|por favor|porfa|ya|necesito|mi|mis|el|la|los|las|que|qué|es|son|soy|yo|una?|con|para|por|de|del|mes|pesos|lucas|saldo|cuenta|hablar|ayuda|reclamo|reclamar|nada|también|tambien|ahora|mañana|manana|ayer|hoy|cómo|como|donde|dónde|esta|está|estoy|sí|no es|mejor|nacimiento|fecha|documento|rut|dni|cedula|cédula|curp)\b/gi;
const englishMarkers = /\b(hi|hello|hey|want|how|much|owe|debt|pay|paid|payment|payments|can|have|thanks|thank|you|person|please|already|need|my|the|what|is|are|i'm|i|am|it|to|an|of|for|with|this|that|balance|account|month|today|tomorrow|yesterday|talk|help|speak|agent|wrong|number|date|birth|when|where|yes|sure|okay)\b/gi;

/** The language a text is written in, when its words say so clearly; null when unsure ("ok", "1", "4821"). */
export function detectLanguage(text: string): Language | null {
  const spanish = text.match(spanishMarkers)?.length ?? 0;
  const english = text.match(englishMarkers)?.length ?? 0;
  if (spanish === english) return null;
  return spanish > english ? 'es' : 'en';
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
