import { fileURLToPath } from 'node:url';
import type { LlmSettings } from './llm/ask-llm.js';
import { makeCounters } from './llm/counters.js';
import type { LlmCounters } from './llm/counters.js';
import { makeLlmRecognize } from './llm/llm-recognizer.js';
import { makeLocalRecognizer } from './local/local-recognizer.js';
import { DEFAULT_RECOGNITION_CACHE_ENTRIES } from './local/recognition-cache.js';
import type { NluMode } from './mode.js';
import type { NluLogger, Recognition, Recognizer } from './types.js';

/** In hybrid mode, local answers scoring below this (or `none`) are sent to the LLM. */
export const HYBRID_MIN_LOCAL_SCORE = 0.8;

/** Where the trained model is cached by default: `nlu/.cache/` (git-ignored). */
export const DEFAULT_MODEL_CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));

/** Settings for {@link makeRecognizer}; nothing is read from the environment here. */
export interface MakeRecognizerOptions {
  readonly mode: NluMode;
  /** Required for `llm` and `hybrid`. */
  readonly openai?: LlmSettings;
  readonly logger: NluLogger;
  /** Folder for the trained model (default {@link DEFAULT_MODEL_CACHE_DIR}); null trains in memory at start. */
  readonly modelCacheDir?: string | null;
  /**
   * How many local answers to keep in memory, least recently used dropped first (default
   * {@link DEFAULT_RECOGNITION_CACHE_ENTRIES}); 0 keeps none. Messages with more than two digits are never kept.
   */
  readonly recognitionCacheEntries?: number;
}

/** The recognizer the bot uses, with counters for its LLM path (all zero in `local` mode). */
export interface NluRecognizer extends Recognizer {
  readonly mode: NluMode;
  /** A snapshot of the LLM counters. */
  counters(): LlmCounters;
}

/**
 * Builds the recognizer for a mode. The local model is always built (it is the fallback); its answers are cached by
 * message and context (`recognitionCacheEntries`), the LLM's are not.
 * @throws Error when `llm` or `hybrid` is asked for without `openai` settings.
 * @throws RangeError when `recognitionCacheEntries` is not a non-negative integer.
 * @example
 * const nlu = await makeRecognizer({ mode: 'local', logger: pino() });
 * await nlu.recognize('cuanto debo??', { locale: 'es-CL', today: '2026-11-23', timezone: 'America/Santiago' });
 */
export async function makeRecognizer(options: MakeRecognizerOptions): Promise<NluRecognizer> {
  const { mode, logger, openai } = options;
  if (mode !== 'local' && openai === undefined) throw new Error(`NLU mode "${mode}" needs openai settings (apiKey, model, timeoutMs)`);
  const counters = makeCounters();
  const local = await makeLocalRecognizer({
    cacheDir: options.modelCacheDir === undefined ? DEFAULT_MODEL_CACHE_DIR : options.modelCacheDir,
    logger,
    recognitionCacheEntries: options.recognitionCacheEntries ?? DEFAULT_RECOGNITION_CACHE_ENTRIES,
  });
  if (mode === 'local' || openai === undefined)
    return { mode, counters: counters.snapshot, recognize: (text, opts) => local.recognize(text, opts) };
  // The OpenAI client is loaded only when a mode uses it, so a local-only server does not carry it in memory.
  const { makeAskLlm } = await import('./llm/ask-llm.js');
  const llm = makeLlmRecognize(makeAskLlm(openai), counters, logger);
  return {
    mode,
    counters: counters.snapshot,
    async recognize(text, opts) {
      if (mode === 'llm') return llm(text, opts, () => local.recognize(text, opts));
      const localAnswer: Recognition = await local.recognize(text, opts);
      if (localAnswer.intent !== 'none' && localAnswer.score >= HYBRID_MIN_LOCAL_SCORE) return localAnswer;
      return llm(text, opts, () => Promise.resolve(localAnswer));
    },
  };
}
