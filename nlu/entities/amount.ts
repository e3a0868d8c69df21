import { addDecimals, compareDecimals, timesPowerOfTen } from '../decimal.js';
import type { Language } from '../locale.js';
import type { Amount } from '../types.js';
import { CURRENCY_AFTER, CURRENCY_BEFORE, SCALE_AFTER, currencyOfMarker, scaleOfWord } from './currency.js';
import type { Found } from './found.js';
import type { NumberMention } from './numbers.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';

const IDENTIFIER_BEFORE =
  /(?:#|\+|n°|nº|nro\.?|numero|num\.?|rut|dni|cedula|folio|opcion|option|ref\.?|referencia|caso|case|ticket|orden|order|tel\.?|telefono|cel\.?|celular|whatsapp|ext\.?|boleta|factura|invoice|poliza|contrato|chapter|capitulo|no\.)\s*:?\s*$/;
const PERCENT_AFTER = /^\s*(?:%|por ?ciento|percent|pct)/;
const TIME_BEFORE = /(?:^|\s)(?:a las|alas|a la|at|las|desde las|antes de las|despues de las|before|after|by)\s*$/;
const TIME_AFTER = /^(?:\s*(?:am|pm|hrs?|horas?|hs|h|hours?|minutos?|minutes?|mins?)(?![a-z])|:\d)/;
const UNIT_AFTER =
  /^\s*-?\s*(?:dias?|semanas?|mes(?:es)?|anos?|days?|weeks?|months?|years?|veces|times|hijos|hijas|kids|children|personas|people|segundos?|cuotas?|pagos?|payments?|installments?|partes|mensualidades|abonos)(?![a-z])/;
const ORDINAL_AFTER = /^(?:st|nd|rd|th|ro|do|to|vo|mo|no|er|ero|°|º|ª)(?![a-z])/;
const HALF_AFTER = /^\s*y\s+medi[oa](?![a-z])/;
const UNIT_AND_A_HALF = /\b(lucas?|palos?)\s+y\s+medi[oa]\b/;
const YEAR_MIN = '1900';
const YEAR_MAX = '2100';
const MIN_BARE_VALUE = '10';
const MAX_BARE_DIGITS = 6;

interface Candidate {
  readonly found: Found<Amount>;
  readonly marked: boolean;
}

/**
 * Finds the sum of money in a folded message, skipping numbers already claimed as dates or counts,
 * percentages, times, years, ordinals and identifiers. A number with a currency or scale word wins
 * over a bare one ("pago 3 veces 20 lucas" → "20000" CLP). The value is a canonical decimal string, computed
 * without floats ("1,5 millones" → "1500000", "1.234,5" → "1234.5"); decimals are kept for the dialogs to refuse, never rounded.
 */
export function extractAmount(
  folded: string,
  mentions: readonly NumberMention[],
  claimed: readonly Span[],
  language: Language,
  region: string | null,
): Found<Amount> | null {
  const candidates: Candidate[] = [];
  for (const mention of mentions) {
    if (overlapsAny(mention.span, claimed)) continue;
    const candidate = readCandidate(folded, mention, language, region);
    if (candidate !== null) candidates.push(candidate);
  }
  const unitOnly = UNIT_AND_A_HALF.exec(folded);
  if (unitOnly !== null) {
    const span: Span = [unitOnly.index, unitOnly.index + unitOnly[0].length];
    if (!overlapsAny(span, [...claimed, ...candidates.map((c) => c.found.span)])) {
      const scale = scaleOfWord(unitOnly[1] ?? '', language, region);
      candidates.push({
        found: { value: { value: timesPowerOfTen('1.5', scale.powerOfTen), currency: scale.currency }, span },
        marked: true,
      });
    }
  }
  candidates.sort((a, b) => a.found.span[0] - b.found.span[0]);
  return (candidates.find((c) => c.marked) ?? candidates[0])?.found ?? null;
}

function readCandidate(folded: string, mention: NumberMention, language: Language, region: string | null): Candidate | null {
  const [start, mentionEnd] = mention.span;
  const before = folded.slice(0, start);
  if (IDENTIFIER_BEFORE.test(before)) return null;
  let end = mentionEnd;
  let powerOfTen = 0;
  let currency: string | null = null;
  const scale = SCALE_AFTER.exec(folded.slice(end));
  if (scale !== null) {
    const word = scaleOfWord(scale[1] ?? '', language, region);
    powerOfTen = word.powerOfTen;
    currency = word.currency;
    end += scale[0].length;
  }
  let decimal = mention.decimal;
  const half = scale === null ? null : HALF_AFTER.exec(folded.slice(end));
  if (half !== null) {
    decimal = addDecimals(decimal, '0.5');
    end += half[0].length;
  }
  const after = CURRENCY_AFTER.exec(folded.slice(end));
  if (after !== null) end += after[0].length;
  const prefix = CURRENCY_BEFORE.exec(before);
  const marker = after?.[1] ?? prefix?.[1];
  if (marker !== undefined) currency = currencyOfMarker(marker, language, region) ?? currency;
  const rest = folded.slice(mentionEnd);
  if (PERCENT_AFTER.test(rest) || ORDINAL_AFTER.test(rest) || /\d\/$/.test(before) || /^\/\d/.test(rest)) return null;
  const marked = scale !== null || marker !== undefined;
  if (!marked && isUnlikelyBareAmount(folded, mention)) return null;
  const value = timesPowerOfTen(decimal, powerOfTen);
  if (compareDecimals(value, '0') <= 0) return null;
  const spanStart = prefix === null ? start : start - prefix[0].length;
  return { found: { value: { value, currency }, span: [spanStart, end] }, marked };
}

/**
 * A bare number (no currency, no scale word) is money only when it does not look like a time, year, unit, identifier,
 * menu choice or share ("half now, half later": a number word below ten is never a sum of money on its own).
 */
function isUnlikelyBareAmount(folded: string, mention: NumberMention): boolean {
  const [start, end] = mention.span;
  const raw = folded.slice(start, end);
  const rest = folded.slice(end);
  const isPlainInteger = /^\d+$/.test(raw);
  const { decimal } = mention;
  return (
    TIME_BEFORE.test(folded.slice(0, start)) ||
    TIME_AFTER.test(rest) ||
    UNIT_AFTER.test(rest) ||
    /^-\s*[\dk]/.test(rest) ||
    ((!decimal.includes('.') || !/\d/.test(raw)) && compareDecimals(decimal, MIN_BARE_VALUE) < 0) ||
    (isPlainInteger && compareDecimals(decimal, YEAR_MIN) >= 0 && compareDecimals(decimal, YEAR_MAX) <= 0) ||
    (isPlainInteger && raw.length > MAX_BARE_DIGITS)
  );
}
