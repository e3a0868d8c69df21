import { isoDateOf } from '../lib/calendar.js';
import { fold, MONTHS } from '../nlu/index.js';
import type { Language } from './messages/index.js';

/** A four-digit year; a two-digit birth year is in the 2000s when that makes the debtor at least 14 today, else in the 1900s ("85" → 1985, "02" → 2002). */
function fullYear(digits: string, todayIso: string): number {
  if (digits.length === 4) return Number(digits);
  const year = Number(digits);
  return 2000 + year <= Number(todayIso.slice(0, 4)) - 14 ? 2000 + year : 1900 + year;
}

/** Numeric dates, most certain first: a four-digit year with separators, with spaces, then a two-digit year. */
const numericDatePatterns: readonly RegExp[] = [
  /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/,
  /\b(\d{1,2})\s+(\d{1,2})\s+(\d{4})\b/,
  /(?<![\d.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})(?![\d/.-])/,
];

/**
 * The year of a date written with a month name: four digits, or two at the end of the date ("14 mar 85", "14 de marzo
 * del 85"), never two followed by more words ("el 15 de marzo 20 lucas" is money).
 */
const WORD_DATE_YEAR = String.raw`(\d{4}|\d{2}(?=\s*(?:$|[,.;:!?)]|y\s|and\s)))(?!\d)`;

/** A date of birth found in the text, and the text without it. */
export interface FoundDate {
  readonly dateIso: string;
  readonly rest: string;
}

/**
 * Finds a date of birth: ISO `1972-06-07` in any language; `07/06/1972`, `07-06-72` or `07 06 1972`
 * day-first in Spanish and month-first in English (day-first when the first number is over 12);
 * "7 de junio de 1972", "junio 7 de 1972", "7 jun 72", "June 7, 1972". `todayIso` places two-digit years.
 */
export function findBirthDate(text: string, language: Language, todayIso: string): FoundDate | null {
  const isoMatch = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (isoMatch) {
    const dateIso = isoDateOf({ year: Number(isoMatch[1]), month: Number(isoMatch[2]), day: Number(isoMatch[3]) });
    if (dateIso) return { dateIso, rest: text.replace(isoMatch[0], ' ') };
  }
  for (const pattern of numericDatePatterns) {
    const numeric = pattern.exec(text);
    if (!numeric) continue;
    const [first, second, year] = [Number(numeric[1]), Number(numeric[2]), fullYear(numeric[3] ?? '', todayIso)];
    const monthFirst = language === 'en' && first <= 12;
    const dateIso = isoDateOf(monthFirst ? { year, month: first, day: second } : { year, month: second, day: first });
    if (dateIso) return { dateIso, rest: text.replace(numeric[0], ' ') };
  }
  const folded = fold(text);
  const spanish = new RegExp(String.raw`\b(\d{1,2})\s+(?:de\s+)?([a-z]+)\.?\s+(?:de(?:l)?\s+)?${WORD_DATE_YEAR}`).exec(folded);
  const english = new RegExp(String.raw`\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:de(?:l)?\s+)?${WORD_DATE_YEAR}`).exec(folded);
  const words =
    spanish && MONTHS[spanish[2] ?? '']
      ? { day: spanish[1], month: spanish[2], year: spanish[3], match: spanish }
      : english && MONTHS[english[1] ?? '']
        ? { day: english[2], month: english[1], year: english[3], match: english }
        : null;
  if (words) {
    const dateIso = isoDateOf({
      year: fullYear(words.year ?? '', todayIso),
      month: MONTHS[words.month ?? ''] ?? 0,
      day: Number(words.day),
    });
    if (dateIso) return { dateIso, rest: folded.replace(words.match[0], ' ') };
  }
  return null;
}

/** A US Social Security number written whole or masked ("123-45-4821", "XXX-XX-4821", "***-**-4821"): its last four digits are the document. */
const SSN_SHAPE = /(?<![\w*#-])[\dx*#]{3}[- ][\dx*#]{2}[- ](\d{4})(?![\w-])/gi;
/** The same shape, tested once: a Social Security number announces itself as a document. */
const SSN_WRITTEN = new RegExp(SSN_SHAPE.source, 'i');

/**
 * Finds an identity document number: the longest token of letters, digits, dots and dashes with at
 * least four digits ("17.090.571-7", "XDNQ941224MDFZZO08", "1129"); spaces inside digit groups are joined, a spelled
 * dash ("12345678 guion 5") is a dash, and a Social Security number counts by its last four digits.
 */
export function findDocumentNumber(text: string): string | null {
  const joined = text
    .replace(SSN_SHAPE, ' $1 ')
    .replace(/(\d)\s*(?:gui[oó]n|dash|hyphen)\s*([\dkK])\b/gi, '$1-$2')
    .replace(/(\d)\s+(?=\d)/g, '$1');
  const tokens = joined.match(/[0-9A-Za-z][0-9A-Za-z.-]*[0-9A-Za-z]|\d/g) ?? [];
  const candidates = tokens.filter((token) => (token.match(/\d/g) ?? []).length >= 4);
  if (candidates.length === 0) return null;
  return candidates.reduce((longest, token) => (token.length > longest.length ? token : longest));
}

/** The last four digits of a phone number in the text, if the text carries exactly a 4-digit group or a longer number. */
export function findPhoneLast4(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** Identity data found in a message the debtor wrote on their own (not in answer to a verification question). */
export interface VolunteeredIdentity {
  readonly documentNumber?: string;
  readonly dateOfBirthIso?: string;
}

/** Words that say a number is about money or a plan, not an identity document. */
const moneyCues =
  /[$€]|\b(?:pesos?|lucas?|luca|mil|palos?|soles?|dolar(?:es)?|dollars?|bucks|usd|clp|mxn|pen|cop|cuotas?|pagos?|payments?|installments?|mensual(?:es)?|monthly|month|mes|meses|abono|pie|pagar|pague|pay|paid|deb[oe]|owe)\b/;
/** Words that say a number is a phone number. */
const phoneCues = /\b(?:telefono|celular|cel|movil|fono|whatsapp|wsp|phone|cell|mobile|numero de contacto)\b/;
/** Words that announce an identity document, so a short number (the last 4 of an SSN) counts too. */
const documentCues = /\b(?:rut|run|dni|curp|cedula|cc|dui|ssn|social|documento|document|id|identificacion|carnet|last 4|ultimos 4)\b/;

/**
 * Identity data a debtor volunteered (DESIGN §4): a date of birth with a four-digit year of a plausible
 * birth year, and/or a document number — a formatted one (dots, dashes, a check digit, letters and
 * digits such as a CURP), a bare number of 7 to 12 digits, or any number after words such as "RUT" or
 * "SSN". Numbers next to money or plan words ("50000 pesos", "6 cuotas") and phone numbers are not taken.
 */
export function findVolunteeredIdentity(text: string, language: Language, todayIso: string): VolunteeredIdentity {
  const folded = fold(text);
  const latestBirthYear = Number(todayIso.slice(0, 4)) - 14;
  const date = findBirthDate(text, language, todayIso);
  const dateOfBirthIso =
    date && Number(date.dateIso.slice(0, 4)) >= 1900 && Number(date.dateIso.slice(0, 4)) <= latestBirthYear ? date.dateIso : undefined;
  const rest = date ? date.rest : text;
  const cued = documentCues.test(folded) || SSN_WRITTEN.test(text);
  const candidate =
    (moneyCues.test(folded) || phoneCues.test(folded)) && !cued ? null : findDocumentNumber(rest.replace(/\+\s*\d[\d\s-]*/g, ' '));
  const digits = candidate?.replace(/\D/g, '') ?? '';
  const formatted =
    candidate !== null &&
    (/^\d{1,3}(?:\.\d{3})+-[\dkK]$/.test(candidate) || /^\d{6,9}-[\dkK]$/.test(candidate) || /[A-Za-z].*\d|\d.*[A-Za-z]/.test(candidate));
  const documentLike =
    candidate !== null &&
    (cued || dateOfBirthIso !== undefined || formatted || (digits.length >= 7 && digits.length <= 12 && /^\d[\d.]*$/.test(candidate)));
  return {
    ...(documentLike && candidate ? { documentNumber: candidate } : {}),
    ...(dateOfBirthIso ? { dateOfBirthIso } : {}),
  };
}
