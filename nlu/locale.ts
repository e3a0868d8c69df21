/** The two languages the NLU understands. */
export type Language = 'es' | 'en';

/** A locale split into its language and optional upper-case region, e.g. `es-CL` → `{ language: 'es', region: 'CL' }`. */
export interface ParsedLocale {
  readonly language: Language;
  readonly region: string | null;
}

/** Parses `es`, `en`, `es-CL`, `en_US`…; any language other than Spanish is read as English. */
export function parseLocale(locale: string): ParsedLocale {
  const [languagePart = '', regionPart] = locale.trim().split(/[-_]/);
  const language: Language = languagePart.toLowerCase() === 'es' ? 'es' : 'en';
  const region = regionPart !== undefined && /^[a-z]{2}$/i.test(regionPart) ? regionPart.toUpperCase() : null;
  return { language, region };
}

/** The timezone assumed when a caller gives only a language: Santiago for Spanish, New York for English. */
export function defaultTimezone(language: Language): string {
  return language === 'es' ? 'America/Santiago' : 'America/New_York';
}
