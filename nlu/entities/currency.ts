// Currency words and symbols, including street names for money, mapped to ISO 4217 codes.

/** The peso (or the local "$") of a region; null when the region is unknown or has no peso. */
export function localCurrency(region: string | null): string | null {
  switch (region) {
    case 'CL':
      return 'CLP';
    case 'MX':
      return 'MXN';
    case 'CO':
      return 'COP';
    case 'AR':
      return 'ARS';
    case 'PE':
      return 'PEN';
    case 'SV':
    case 'US':
    case 'EC':
    case 'PR':
      return 'USD';
    default:
      return null;
  }
}

/** Currency written before a number: "$", "US$", "USD", "S/", "S/.", "CLP"… (folded text, anchored at the end). */
export const CURRENCY_BEFORE = /(us\$|u\$s|usd|mx\$|mxn\$?|clp\$?|cop\$?|col\$|ars\$?|\$|s\/\.?|pen|€|eur)\s*$/;

/** Currency written after a number (and its scale word): "pesos chilenos", "dólares", "varos", "bucks"… (anchored at the start). */
export const CURRENCY_AFTER =
  /^\s*(?:de\s+)?(pesos?\s+(?:chilenos|mexicanos|colombianos|argentinos)|pesos?|pesitos|dolares|dolar|dolaritos|dlls?|dls|dollars?|bucks|usd|soles|solcitos|sol|varos|baros|varitos|clp|mxn|cop|pen|ars|cocos|verdes|euros?|eur)(?![a-z])/;

/** ISO code for a currency marker found by {@link CURRENCY_BEFORE} or {@link CURRENCY_AFTER}; `$` and "pesos" depend on language and region. */
export function currencyOfMarker(marker: string, language: 'es' | 'en', region: string | null): string | null {
  const word = marker.replace(/\s+/g, ' ');
  if (/chilenos$/.test(word)) return 'CLP';
  if (/mexicanos$/.test(word)) return 'MXN';
  if (/colombianos$/.test(word)) return 'COP';
  if (/argentinos$/.test(word)) return 'ARS';
  if (/^(?:us\$|u\$s|usd|dolares|dolar|dolaritos|dlls?|dls|dollars?|bucks|cocos|verdes)$/.test(word)) return 'USD';
  if (/^(?:s\/\.?|pen|soles|solcitos|sol)$/.test(word)) return 'PEN';
  if (/^(?:mx\$|mxn\$?|varos|baros|varitos)$/.test(word)) return 'MXN';
  if (/^clp\$?$/.test(word)) return 'CLP';
  if (/^(?:cop\$?|col\$)$/.test(word)) return 'COP';
  if (/^ars\$?$/.test(word)) return 'ARS';
  if (/^(?:€|eur|euros?)$/.test(word)) return 'EUR';
  if (word === '$') return language === 'en' ? 'USD' : localCurrency(region);
  return localCurrency(region);
}

/** Currency names a message may use without an amount ("la de dólares", "the peso one"): the unambiguous words only. */
const CURRENCY_NAME =
  /(?<![a-z])(pesos?\s+(?:chilenos|mexicanos|colombianos|argentinos)|pesos?|dolares|dolar|dollars?|usd|soles|clp|mxn|cop|pen|ars|euros?|eur)(?![a-z])/g;

/** The ISO codes of the currencies a folded message names in words, with or without an amount; "pesos" by `region`. */
export function currenciesNamed(folded: string, language: 'es' | 'en', region: string | null): string[] {
  const codes = [...folded.matchAll(CURRENCY_NAME)].map((match) => currencyOfMarker(match[1] ?? '', language, region));
  return [...new Set(codes.filter((code): code is string => code !== null))];
}

/** A slang or scale word after a number: the power of ten it multiplies by (3 for thousands) and the currency it implies, if any. */
export interface ScaleWord {
  readonly powerOfTen: number;
  readonly currency: string | null;
}

/** Scale words right after a number: "mil", "k", "millones", "lucas", "palos", "grand" (anchored at the start). */
export const SCALE_AFTER =
  /^\s*(k|mil|millon(?:es)?|mill|lucas?|lukas?|luquitas?|lukitas?|palos?|palitos?|grand|thousand|millions?)(?![a-z])/;

/** Reads a scale word: "lucas" are thousands of Chilean pesos (of Colombian or Argentine pesos in those regions; in Peru a luca is one sol). */
export function scaleOfWord(word: string, language: 'es' | 'en', region: string | null): ScaleWord {
  if (/^(?:k|mil|thousand)$/.test(word)) return { powerOfTen: 3, currency: null };
  if (word === 'grand') return { powerOfTen: 3, currency: language === 'en' ? 'USD' : null };
  if (/^(?:millon(?:es)?|mill|millions?)$/.test(word)) return { powerOfTen: 6, currency: null };
  if (/^pal/.test(word)) return { powerOfTen: 6, currency: localCurrency(region) };
  if (region === 'PE') return { powerOfTen: 0, currency: 'PEN' };
  return { powerOfTen: 3, currency: region === 'CO' || region === 'AR' ? localCurrency(region) : 'CLP' };
}
