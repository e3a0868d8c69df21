/** Every intent the recognizers can return, in a stable order (DESIGN §5). */
export const INTENTS = [
  'greet',
  'balance',
  'pay_full',
  'payment_plan',
  'promise_to_pay',
  'already_paid',
  'dispute',
  'human',
  'opt_out',
  'hardship',
  'payment_methods',
  'wrong_person',
  'affirm',
  'deny',
  'help',
  'goodbye',
  'none',
] as const;

/** One intent name, e.g. `'promise_to_pay'`. */
export type Intent = (typeof INTENTS)[number];

/**
 * A sum of money the debtor mentioned: `value` in major units as a canonical decimal string, exactly as written once the
 * locale's separators are read ("1.234,50" in Spanish → "1234.5", "50 lucas" → "50000", "0,05" → "0.05"): digits, a "."
 * only before decimals, no sign, exponent or grouping, no leading zeros nor trailing decimal zeros, and never a float in
 * between. `currency` is an ISO 4217 code, or null when unsaid. The dialogs turn it into minor units or refuse it.
 */
export interface Amount {
  readonly value: string;
  readonly currency: string | null;
}

/** Which side of `today` relative dates resolve to: `'past'` (on or before it) or `'future'` (on or after it). */
export type DateDirection = 'past' | 'future';

/** What a message carries besides its intent; each field is absent when not mentioned. */
export interface Entities {
  /** Money mentioned, in major units as a decimal string. */
  readonly amount?: Amount;
  /**
   * A calendar day as ISO `YYYY-MM-DD`. Relative and partial dates ("el viernes", "el 15", "Nov 18") resolve to the past
   * (on or before `today`) when the message says a payment was made (`already_paid`) or the bot expects a past date
   * ({@link RecognizeOptions.dateDirection}), and forward (on or after `today`) otherwise.
   */
  readonly date?: string;
  /** Number of installments, an integer 1..120. */
  readonly count?: number;
}

/** Per-message context for recognition. */
export interface RecognizeOptions {
  /** `es`, `en` or a regional tag such as `es-CL`; the region picks the currency of "pesos" and "lucas". */
  readonly locale: string;
  /** The debtor's local date as ISO `YYYY-MM-DD`; relative dates resolve from it (see `dateDirection`). */
  readonly today: string;
  /** IANA timezone of the debtor, e.g. `America/Santiago`; `today` is already a date in this zone. */
  readonly timezone: string;
  /**
   * The direction the bot expects dates in, e.g. `'past'` while asking when a payment was made. Absent: past for
   * `already_paid` messages, forward for everything else (promises, plans).
   */
  readonly dateDirection?: DateDirection;
  /** The question the bot asked just before this message, if any (helps the LLM read "sí" or "el 15"). */
  readonly lastQuestion?: string;
}

/**
 * A recognizer's proposal: the intent, its confidence in [0, 1], and the entities found. A `none` given for lack of
 * confidence carries the low score of the best rejected guess.
 */
export interface Recognition {
  readonly intent: Intent;
  readonly score: number;
  readonly entities: Entities;
}

/** The NLU port (DESIGN §10.12): proposes an intent and entities for one message; never decides. */
export interface Recognizer {
  /** Recognizes one message; never rejects for ordinary input. */
  recognize(text: string, options: RecognizeOptions): Promise<Recognition>;
}

/** The part of a pino logger the NLU uses; inject a silent one in tests. */
export interface NluLogger {
  /** Logs a warning with structured fields first, as pino does. */
  warn(obj: object, msg: string): void;
}
