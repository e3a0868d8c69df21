import { parseLocale } from '../locale.js';
import type { Recognition, RecognizeOptions, Recognizer } from '../types.js';

/**
 * How many answers the local recognizer keeps by default: about 2 MB of heap for short messages, under 6 MB were every
 * message {@link MAX_CACHED_TEXT_LENGTH} characters outside Latin-1.
 */
export const DEFAULT_RECOGNITION_CACHE_ENTRIES = 5000;

/** Longest message kept, in UTF-16 units: long messages are seldom repeated, and this bounds the memory per entry. */
export const MAX_CACHED_TEXT_LENGTH = 280;

/**
 * Messages with more digits than this are never kept: a document number, a phone number or a date of birth written in
 * digits has more ("12.345.678-5", "3/4/85", "el 5 de mayo del 90"), and such messages are seldom repeated anyway.
 */
export const MAX_CACHED_DIGITS = 2;

/** The options a local answer depends on. They are the whole cache key, and the only options the recognizer is given. */
export type KeyedOptions = Pick<RecognizeOptions, 'locale' | 'today' | 'timezone' | 'dateDirection'>;

/** A recognize function the cache can sit in front of. */
export type RecognizeFunction = (text: string, options: KeyedOptions) => Promise<Recognition>;

/** A recognizer with a bounded cache of its answers in front. */
export interface CachingRecognizer extends Recognizer {
  /** How many answers are kept right now; never more than the bound. */
  cachedEntries(): number;
}

/**
 * Puts a bounded, in-process LRU cache in front of a deterministic recognize function. The key is the exact message
 * (chrono-node reads it before folding, so two spellings that fold alike may be read differently) with the parsed locale,
 * `today`, the time zone and the date direction, so no relative date is reused on another day or in another zone; other
 * options (`lastQuestion`) never reach `recognize`. Answers are frozen, so no caller can change a kept one. Messages that
 * may carry identity data ({@link MAX_CACHED_DIGITS}) or are long ({@link MAX_CACHED_TEXT_LENGTH}) are answered but not
 * kept; nothing kept is ever logged. `maxEntries` 0 turns the cache off.
 * @throws RangeError when `maxEntries` is not a non-negative integer.
 */
export function withRecognitionCache(recognize: RecognizeFunction, maxEntries: number): CachingRecognizer {
  if (!Number.isInteger(maxEntries) || maxEntries < 0)
    throw new RangeError(`recognition cache entries must be an integer ≥ 0, got ${maxEntries}`);
  const entries = new Map<string, Recognition>();
  return {
    cachedEntries: () => entries.size,
    async recognize(text, options) {
      const { language, region } = parseLocale(options.locale);
      const keyed: KeyedOptions = {
        locale: region === null ? language : `${language}-${region}`,
        today: options.today,
        timezone: options.timezone,
        ...(options.dateDirection === undefined ? {} : { dateDirection: options.dateDirection }),
      };
      if (maxEntries === 0 || !isCacheable(text)) return frozen(await recognize(text, keyed));
      // The context as JSON ends where its array closes, so the message follows it as is, unescaped.
      const key = `${JSON.stringify([keyed.locale, keyed.today, keyed.timezone, keyed.dateDirection ?? null])}${text}`;
      const kept = entries.get(key);
      if (kept !== undefined) {
        entries.delete(key);
        entries.set(key, kept);
        return kept;
      }
      const answer = frozen(await recognize(text, keyed));
      entries.delete(key);
      entries.set(key, answer);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return answer;
    },
  };
}

/** Whether a message may be kept: short enough, and with too few digits to hold a document number or date of birth. */
export function isCacheable(text: string): boolean {
  return text.length <= MAX_CACHED_TEXT_LENGTH && (text.match(/\p{Nd}/gu)?.length ?? 0) <= MAX_CACHED_DIGITS;
}

/** The answer with itself, its entities and its amount frozen. */
function frozen(recognition: Recognition): Recognition {
  if (recognition.entities.amount !== undefined) Object.freeze(recognition.entities.amount);
  Object.freeze(recognition.entities);
  return Object.freeze(recognition);
}
