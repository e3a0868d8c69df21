import { Culture, recognizeNumber } from '@microsoft/recognizers-text-suite';
import type { Language } from '../locale.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';

/** A number written in a message, in digits ("50.000", "1,5") or words ("ciento veinte"). */
export interface NumberMention {
  readonly span: Span;
  readonly value: number;
}

const DIGITS = /\d+(?:[.,]\d+)*/g;

/** Words that make a message worth sending to the (slow) number-word recognizer; "un"/"one" only before a unit. */
const NUMBER_WORD = {
  es: /\b(?:(?:un|una|uno)\s+(?:luca|palo|millon|cuota|pago|solo pago|sola cuota)|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\w+|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|\w+cientos|\w+cientas|quinient[oa]s|mil|millon|millones|medio|media)\b/,
  en: /\b(?:one\s+(?:payment|installment|thousand|hundred|million|grand)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half)\b/,
} as const satisfies Record<Language, RegExp>;

const CULTURE: Record<Language, string> = { es: Culture.Spanish, en: Culture.English };

/** Reads a digit group with `.`/`,` separators the way the language writes it: "50.000" → 50000, "1,5" → 1.5, "1,200.50" → 1200.5. */
export function parseDigits(raw: string, language: Language): number | null {
  const separators = raw.replace(/\d/g, '');
  if (separators === '') return Number(raw);
  const lastSeparator = separators.charAt(separators.length - 1);
  const mixed = separators.includes('.') && separators.includes(',');
  const decimalsAfterLast = raw.length - raw.lastIndexOf(lastSeparator) - 1;
  const lastIsThousands =
    !mixed && (separators.length > 1 || (decimalsAfterLast === 3 && (lastSeparator === ',' || language === 'es')));
  if (lastIsThousands) return Number(raw.replace(/[.,]/g, ''));
  const cut = raw.lastIndexOf(lastSeparator);
  const integerPart = raw.slice(0, cut).replace(/[.,]/g, '');
  const value = Number(`${integerPart}.${raw.slice(cut + 1)}`);
  return Number.isFinite(value) ? value : null;
}

/** Finds every number in a folded message, digits first, then number words (via Microsoft Recognizers) that do not overlap them. */
export function findNumbers(folded: string, language: Language): NumberMention[] {
  const mentions: NumberMention[] = [];
  for (const match of folded.matchAll(DIGITS)) {
    const value = parseDigits(match[0], language);
    if (value !== null) mentions.push({ span: [match.index, match.index + match[0].length], value });
  }
  if (NUMBER_WORD[language].test(folded)) {
    const digitSpans = mentions.map((mention) => mention.span);
    for (const result of recognizeNumber(folded, CULTURE[language])) {
      const span: Span = [result.start, result.end + 1];
      const value = withHalves(result.text, language) ?? wordValue(String(result.resolution?.value ?? ''));
      if (value !== null && /[a-z]/.test(result.text) && !overlapsAny(span, digitSpans)) {
        mentions.push({ span, value });
      }
    }
  }
  return mentions.sort((a, b) => a.span[0] - b.span[0]);
}

const HALF_BEFORE_SCALE = /^(?:medio|media|half(?: a)?) (\w+)$/;
const HALF_AFTER_SCALE = /^(.*\S) (?:y medi[oa]|and a half)$/;
const AND_A_HALF_SCALE = /^(.*\S) and a half (\w+)$/;

/** The recognizer gets halves wrong ("un millon y medio" → 500000); these three shapes are computed here instead. */
function withHalves(text: string, language: Language): number | null {
  const before = HALF_BEFORE_SCALE.exec(text);
  if (before !== null) return 0.5 * scaleOf(before[1] ?? '');
  const after = HALF_AFTER_SCALE.exec(text);
  if (after !== null) {
    const whole = after[1] ?? '';
    const value = recognizeWords(whole, language);
    return value === null ? null : value + 0.5 * scaleOf(whole.split(' ').pop() ?? '');
  }
  const scaled = AND_A_HALF_SCALE.exec(text);
  if (scaled !== null) {
    const value = recognizeWords(scaled[1] ?? '', language);
    return value === null ? null : (value + 0.5) * scaleOf(scaled[2] ?? '');
  }
  return null;
}

function scaleOf(word: string): number {
  if (/^(?:millon|millones|millions?)$/.test(word)) return 1_000_000;
  if (/^(?:mil|thousand)$/.test(word)) return 1000;
  return 1;
}

function recognizeWords(text: string, language: Language): number | null {
  const [first] = recognizeNumber(text, CULTURE[language]);
  return first === undefined ? null : wordValue(String(first.resolution?.value ?? ''));
}

/** The recognizer resolves values as strings ("120", "0,5"); keep only plain positive numbers. */
function wordValue(resolved: string): number | null {
  const value = Number(resolved.replace(',', '.'));
  return Number.isFinite(value) && value >= 0.5 && !/e/i.test(resolved) ? value : null;
}
