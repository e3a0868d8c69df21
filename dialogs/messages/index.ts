import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';

export type { Catalog } from './catalog.js';

/** The languages the bot speaks. */
export type Language = 'es' | 'en';

/** The catalog for a language. */
export function messagesFor(language: Language): Catalog {
  return language === 'en' ? en : es;
}
