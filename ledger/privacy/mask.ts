// Identity data in free text (DESIGN §11): document numbers, dates, phone numbers, card numbers and e-mail
// addresses are replaced by a bracketed mask; amounts ("$50.000", "50 lucas", "6 cuotas") are kept.

const monthsEs =
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept?|set|oct|nov|dic';
const monthsEn =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
const month = `(?:${monthsEs}|${monthsEn})\\.?`;

const email = /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/gu;
/** "14 de marzo de 1985", "14 marzo 1985", "14 March 1985", "March 14, 1985", "marzo 14 de 1985": only with a year. */
const textDates = [
  new RegExp(`\\b\\d{1,2}(?:º|°|st|nd|rd|th)?\\s*(?:de\\s+)?${month}(?:\\s+de(?:l)?\\s+|,?\\s*)\\d{4}\\b`, 'giu'),
  new RegExp(`\\b${month}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,\\s*|\\s+de(?:l)?\\s+|\\s+)\\d{4}\\b`, 'giu'),
];
/** 14/03/1985, 14-03-85, 14.03.1985, 1985-03-14, 1985/3/14 (a day and month without a year is kept: a payment day). */
const numericDates = /\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g;
/** Mexican CURP (18) and RFC (12–13). */
const mexicanIds = /\b[A-ZÑ&]{4}\d{6}[A-Z0-9]{8}\b|\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b/giu;
/** A number with a check digit after a dash: Chilean RUT 12.345.678-5 / 12345678-K, Salvadoran DUI 01234567-8. */
const checkDigitIds = /\b\d{1,3}(?:\.\d{3}){2}-[\dkK]\b|\b\d{6,9}-[\dkK]\b/g;
/** US Social Security numbers, whole or the last four digits after a word saying so ("ssn 1234", "últimos 4 dígitos 1234"). */
const ssnAfterWord =
  /(?<![\p{L}\d])(ssn|social security(?: number)?|last (?:4|four)(?: digits)?(?: of (?:my|the) (?:ssn|social))?|[uú]ltimos (?:4|cuatro)(?: d[ií]gitos)?)(\s*(?:is|are|es|son|:|#|-)?\s*)(\d{3}-?\d{2}-?\d{4}|\d{4})\b/giu;
/** Seven or more digits, possibly grouped by spaces, dots, dashes or parentheses (documents, phones, cards). */
const digitRun = /\+?\(?\d(?:[ \t().-]{0,2}\d){6,}\)?/g;
/** Before a number, a currency sign or code makes it an amount. */
const currencyBefore = /(?:\$|US\$|S\/\.?|€|£|\b(?:CLP|COP|MXN|PEN|USD|ARS|UF)\s?)\s?$/i;
/** After a number, a currency or unit word makes it an amount or a count. */
const unitAfter =
  /^\s?(?:pesos|lucas?|soles|d[oó]lares|dollars|usd|clp|cop|mxn|pen|mil|millones|million|cuotas|installments|meses|months|d[ií]as|days)\b/iu;

/** The Luhn check every payment card number passes. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function maskRun(run: string, offset: number, text: string): string {
  if (currencyBefore.test(text.slice(Math.max(0, offset - 5), offset)) || unitAfter.test(text.slice(offset + run.length))) return run;
  const digits = run.replace(/\D/g, '').length;
  if (run.startsWith('+')) return '[phone]';
  if (digits >= 13 && digits <= 19 && passesLuhn(run.replace(/\D/g, ''))) return '[card]';
  return '[number]';
}

/** `text` with identity data (documents, dates with a year, phones, cards, e-mails) replaced by masks such as "[document]"; amounts are kept. */
export function maskIdentityData(text: string): string {
  let masked = text.replace(email, '[email]');
  for (const pattern of textDates) masked = masked.replace(pattern, '[date]');
  return masked
    .replace(numericDates, '[date]')
    .replace(mexicanIds, '[document]')
    .replace(checkDigitIds, '[document]')
    .replace(ssnAfterWord, (_match, word: string, gap: string) => `${word}${gap}[document]`)
    .replace(digitRun, maskRun);
}

/** A message of digits only once masked ("4821", "4821 [date]"): the last 4 of an SSN or a phone, never shown raw. */
const shortNumber = /(?<![\p{L}\d])\d{4,6}(?![\p{L}\d])/gu;

/**
 * What a debtor's message becomes before it is stored, published to the console or logged (DESIGN §11,
 * mask on write): identity data masked; a message left with no words but short numbers (an SSN's last
 * four, a phone's last four, typed alone) has those masked too. Free text stays readable.
 */
export function maskInboundText(text: string): string {
  const masked = maskIdentityData(text);
  const words = masked.replace(/\[[a-z]+\]/g, ' ');
  return /\p{L}/u.test(words) ? masked : masked.replace(shortNumber, '[number]');
}
