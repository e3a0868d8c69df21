import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { weekdayOf } from '../../lib/calendar.js';
import { parseLocale } from '../locale.js';
import type { DateDirection } from '../types.js';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const INSTRUCTIONS = `You classify one chat message that a debtor sent to a debt-collection assistant, in Spanish (Chile, Peru, Mexico, El Salvador, Colombia, Argentina; slang, typos, no accents) or US English.
Answer only with the JSON object the schema describes.
intent, exactly one of:
- greet: a greeting only
- balance: asks how much they owe / their balance
- pay_full: wants to pay everything (settle, pay off, liquidar, cancelar todo)
- payment_plan: wants installments, a plan, monthly payments, to split the debt
- promise_to_pay: commits to pay (some amount) on a future day
- already_paid: says they already paid
- dispute: says the debt is not theirs, is wrong, fraud, wants to complain
- human: wants a human agent; or says the person sought has died, a lawyer speaks for them, or they are in bankruptcy or insolvency proceedings
- opt_out: wants no more messages (STOP, baja, no me escriban más)
- hardship: cannot pay because of job loss, illness, a death in the family, no money
- payment_methods: asks how or where to pay, account numbers, cards, apps
- wrong_person: the bot reached the wrong person or number
- affirm: yes / ok / agreed
- deny: no / refuses
- help: asks what the bot can do, is lost, wants the menu
- goodbye: thanks or farewell
- none: anything else, or when unsure
confidence: your confidence in the intent, 0 to 1.
amount: money mentioned, value in major units as a decimal string with "." before any decimals and no thousands separators, decimals exactly as written ("50 lucas" = "50000" CLP, "2 mil varos" = "2000" MXN, "S/ 200" = "200" PEN, "1,5 millones" = "1500000", "$1.234,50" = "1234.50"), currency an ISO 4217 code or null when not said; null when no money is mentioned. Installment counts, days of the month, years and percentages are not amounts.
date: the day the message refers to as YYYY-MM-DD; null when no day is mentioned. Resolve it by intent: for already_paid (or when the bot expects a past date) back from today, to the latest such day on or before today ("ayer" = yesterday, "el viernes" = the last Friday, today counts, "el 15" = the last 15th, "Nov 18" = the last Nov 18); otherwise forward, to the next such day on or after today (a day that is already past is then null).
count: number of installments as an integer ("6 cuotas", "3 payments", "a 12 meses"); null otherwise.`;

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/g;
const CHILEAN_RUT = /\b\d{1,2}\.?\d{3}\.?\d{3}-[\dkK]\b/g;
const LONG_DIGITS = /\+?\d[\d -]{6,}\d/g;

/** Masks what looks like an e-mail, a document number or a phone number, so no personal data leaves in the prompt. */
export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CHILEAN_RUT, '[document]')
    .replace(LONG_DIGITS, (match) => (match.replace(/\D/g, '').length >= 7 ? '[number]' : match));
}

/**
 * The chat messages for one recognition: fixed instructions with today's date (and the expected date direction when it is
 * the past), then only the bot's last question and the message.
 */
export function buildMessages(
  text: string,
  today: string,
  locale: string,
  lastQuestion?: string,
  dateDirection?: DateDirection,
): ChatCompletionMessageParam[] {
  const { language } = parseLocale(locale);
  const expectsPast = dateDirection === 'past' ? ' The bot expects a past date (when a payment was made).' : '';
  const context = `Today is ${WEEKDAY_NAMES[weekdayOf(today)] ?? ''} ${today}. Expected language: ${language === 'es' ? 'Spanish' : 'English'}.${expectsPast}`;
  const question = lastQuestion === undefined ? '' : `Bot's last question: ${JSON.stringify(redactPersonalData(lastQuestion))}\n`;
  return [
    { role: 'system', content: `${INSTRUCTIONS}\n${context}` },
    { role: 'user', content: `${question}Debtor's message: ${JSON.stringify(redactPersonalData(text))}` },
  ];
}
