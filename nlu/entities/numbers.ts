import { Culture, recognizeNumber } from '@microsoft/recognizers-text-number';
import { addDecimals, canonicalDecimal, compareDecimals, timesPowerOfTen } from '../decimal.js';
import type { Language } from '../locale.js';
import { matchesOf } from './matches.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';

/** A number written in a message, in digits ("50.000", "1,5") or words ("ciento veinte"), as a canonical decimal string ("50000", "1.5", "120"). */
export interface NumberMention {
  readonly span: Span;
  readonly decimal: string;
}

const DIGITS = /\d+(?:[.,]\d+)*/g;

/** Words that make a message worth sending to the (slow) number-word recognizer; "un"/"one" only before a unit. */
const NUMBER_WORD = {
  es: /\b(?:(?:un|una|uno)\s+(?:luca|palo|millon|cuota|pago|solo pago|sola cuota)|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\w+|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|\w+cientos|\w+cientas|quinient[oa]s|mil|millon|millones|medio|media)\b/,
  en: /\b(?:one\s+(?:payment|installment|thousand|hundred|million|grand)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half)\b/,
} as const satisfies Record<Language, RegExp>;

const CULTURE: Record<Language, string> = { es: Culture.Spanish, en: Culture.English };

/**
 * Reads a digit group with `.`/`,` separators the way the language writes it, as a canonical decimal string (never a float):
 * "50.000" → "50000", "1,5" → "1.5", "1.234,50" → "1234.5", "1,200.50" → "1200.5".
 */
export function parseDigits(raw: string, language: Language): string | null {
  const separators = raw.replace(/\d/g, '');
  if (separators === '') return canonicalDecimal(raw);
  const lastSeparator = separators.charAt(separators.length - 1);
  const mixed = separators.includes('.') && separators.includes(',');
  const decimalsAfterLast = raw.length - raw.lastIndexOf(lastSeparator) - 1;
  const lastIsThousands = !mixed && (separators.length > 1 || (decimalsAfterLast === 3 && (lastSeparator === ',' || language === 'es')));
  if (lastIsThousands) return canonicalDecimal(raw.replace(/[.,]/g, ''));
  const cut = raw.lastIndexOf(lastSeparator);
  const integerPart = raw.slice(0, cut).replace(/[.,]/g, '');
  return canonicalDecimal(`${integerPart}.${raw.slice(cut + 1)}`);
}

/** Finds every number in a folded message, digits first, then number words (via Microsoft Recognizers) that do not overlap them. */
export function findNumbers(folded: string, language: Language): NumberMention[] {
  const mentions: NumberMention[] = [];
  for (const match of matchesOf(DIGITS, folded)) {
    const decimal = parseDigits(match[0], language);
    if (decimal !== null) mentions.push({ span: [match.index, match.index + match[0].length], decimal });
  }
  if (NUMBER_WORD[language].test(folded)) {
    const digitSpans = mentions.map((mention) => mention.span);
    for (const result of recognizeNumber(folded, CULTURE[language])) {
      const span: Span = [result.start, result.end + 1];
      const decimal = withHalves(result.text, language) ?? wordValue(String(result.resolution?.value ?? ''));
      if (decimal !== null && /[a-z]/.test(result.text) && !overlapsAny(span, digitSpans)) {
        mentions.push({ span, decimal });
      }
    }
  }
  return mentions.sort((a, b) => a.span[0] - b.span[0]);
}

const HALF_BEFORE_SCALE = /^(?:medio|media|half(?: a)?) (\w+)$/;
const HALF_AFTER_SCALE = /^(.*\S) (?:y medi[oa]|and a half)$/;
const AND_A_HALF_SCALE = /^(.*\S) and a half (\w+)$/;

/** The recognizer gets halves wrong ("un millon y medio" → 500000); these three shapes are computed here instead, exactly. */
function withHalves(text: string, language: Language): string | null {
  const before = HALF_BEFORE_SCALE.exec(text);
  if (before !== null) return timesPowerOfTen(HALF, powerOfScale(before[1] ?? ''));
  const after = HALF_AFTER_SCALE.exec(text);
  if (after !== null) {
    const whole = after[1] ?? '';
    const decimal = recognizeWords(whole, language);
    return decimal === null ? null : addDecimals(decimal, timesPowerOfTen(HALF, powerOfScale(whole.split(' ').pop() ?? '')));
  }
  const scaled = AND_A_HALF_SCALE.exec(text);
  if (scaled !== null) {
    const decimal = recognizeWords(scaled[1] ?? '', language);
    return decimal === null ? null : timesPowerOfTen(addDecimals(decimal, HALF), powerOfScale(scaled[2] ?? ''));
  }
  return null;
}

const HALF = '0.5';

/** The power of ten a scale word stands for: 6 for "millones", 3 for "mil", 0 otherwise. */
function powerOfScale(word: string): number {
  if (/^(?:millon|millones|millions?)$/.test(word)) return 6;
  if (/^(?:mil|thousand)$/.test(word)) return 3;
  return 0;
}

function recognizeWords(text: string, language: Language): string | null {
  const [first] = recognizeNumber(text, CULTURE[language]);
  return first === undefined ? null : wordValue(String(first.resolution?.value ?? ''));
}

/** The recognizer resolves values as strings ("120", "0,5", "2E-06"); keep only plain numbers of at least one half, as canonical decimals. */
function wordValue(resolved: string): string | null {
  const decimal = canonicalDecimal(resolved.replace(',', '.'));
  return decimal !== null && compareDecimals(decimal, HALF) >= 0 ? decimal : null;
}
