// A recognizer for dialog specs whose subject is the dialog, not the language understanding (issue 14).
import { dateDirectionFor } from '../../nlu/date-direction.js';
import { extractEntities, fold } from '../../nlu/index.js';
import type { Intent, Recognition, RecognizeOptions, Recognizer } from '../../nlu/index.js';

/** The intent of each phrase a fixed recognizer knows, grouped by intent; phrases are written as a debtor types them. */
export type PhraseTable = Readonly<Partial<Record<Intent, readonly string[]>>>;

/** The confidence of a phrase found in the table: as sure as the NLU's keyword rules, enough to interrupt any question. */
export const FIXED_PHRASE_SCORE = 0.95;

/** The confidence of text not in the table, reported with `none`: below every threshold the dialogs act on. */
export const FIXED_UNKNOWN_SCORE = 0;

/**
 * What the dialog specs type, with the intent they mean. A phrase is looked up by {@link phraseKey}, so accents, case
 * and punctuation do not matter ("Cuánto debo??" is "cuanto debo"). Answers that carry only data (identity, amounts,
 * dates, option numbers) are deliberately absent: they are `none`, and the dialogs read them from the entities or the
 * text. Free-text answers that sound like a request (a dispute description such as "me cobraron dos veces") keep that
 * request's intent, so the specs still show that an open free-text question takes them as the answer.
 */
export const dialogSpecPhrases: PhraseTable = {
  greet: ['hola', 'hello'],
  balance: [
    'cuánto debo',
    'saldo',
    'ver mi saldo',
    'quiero ver mi saldo',
    'balance',
    'check my balance',
    'how much do I owe',
    'what do I owe',
    'what is my balance',
  ],
  pay_full: ['pagar el total', 'quiero pagar el total', 'quiero liquidar todo si me hacen 50% de descuento'],
  payment_plan: [
    'plan de cuotas',
    'quiero un plan de cuotas',
    'quiero pagar en 24 cuotas',
    'quiero pagar en 40 cuotas',
    'can I pay in 3 payments',
    'make it 6 payments',
  ],
  promise_to_pay: [
    'prometer un pago',
    'quiero prometer un pago',
    'prometo pagar',
    'prometo pagar 10000',
    'prometo pagar 10000 el viernes',
    'puedo pagar 500 soles el viernes',
    'pago 10 mil pesos el 5 de diciembre',
  ],
  already_paid: ['ya pagué', 'ya pagué esa deuda', 'ya la pagué', 'pagué en octubre'],
  dispute: [
    'quiero reclamar',
    'no reconozco la deuda',
    'no es mía',
    'el monto está mal',
    'fue un fraude',
    'me cobraron dos veces',
    'me robaron la identidad',
    'nunca contraté ese servicio',
    'I want to file a complaint',
    "It's not mine",
  ],
  human: ['hablar con una persona', 'quiero hablar con una persona', 'necesito hablar con un humano'],
  opt_out: ['stop'],
  hardship: ['perdí mi trabajo y no me alcanza'],
  payment_methods: ['formas de pago'],
  wrong_person: [
    'número equivocado',
    'no soy esa persona, número equivocado',
    'número equivocado, no soy esa persona',
    'número equivocado, no conozco a esa persona',
  ],
  affirm: ['sí'],
  deny: ['no', 'no, gracias', 'no thanks'],
  help: ['ayuda', 'menú', 'ver opciones'],
};

/** The lookup key of a phrase: the NLU's own `fold` (lower case, no accents), every run of punctuation or space made one space. */
export function phraseKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Makes a recognizer whose intent comes from a fixed table instead of the trained classifier, so that retraining the
 * model cannot flip a dialog spec. A phrase in `phrases` (compared by {@link phraseKey}) gets its intent at
 * {@link FIXED_PHRASE_SCORE}; anything else is `none` at {@link FIXED_UNKNOWN_SCORE}. Entities (amounts, dates, counts)
 * come from the NLU's real entity extractors, which are deterministic rules, in the date direction the real recognizer
 * uses. Identity data (documents, dates of birth) is read by the dialogs themselves, as with any recognizer.
 * @throws Error when a phrase is listed under two intents.
 */
export function makeFixedRecognizer(phrases: PhraseTable = dialogSpecPhrases): Recognizer {
  const intents = new Map<string, Intent>();
  for (const [intent, list] of Object.entries(phrases) as [Intent, readonly string[]][]) {
    for (const phrase of list) {
      const key = phraseKey(phrase);
      const known = intents.get(key);
      if (known !== undefined && known !== intent) throw new Error(`fixed recognizer: "${phrase}" is listed as ${known} and ${intent}`);
      intents.set(key, intent);
    }
  }
  return {
    recognize(text: string, options: RecognizeOptions): Promise<Recognition> {
      const intent = intents.get(phraseKey(text)) ?? 'none';
      const direction = dateDirectionFor(intent, options.dateDirection);
      const { entities } = extractEntities(text, options.locale, options.today, direction);
      return Promise.resolve({ intent, score: intent === 'none' ? FIXED_UNKNOWN_SCORE : FIXED_PHRASE_SCORE, entities });
    },
  };
}
