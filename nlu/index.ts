// Public API of the language-understanding module (DESIGN §5): one Recognizer port, a factory for its three modes,
// the entity extractor and the evaluation helpers.

export { INTENTS } from './types.js';
export type { Amount, DateDirection, Entities, Intent, NluLogger, Recognition, RecognizeOptions, Recognizer } from './types.js';
export { NLU_MODES, isNluMode } from './mode.js';
export type { NluMode } from './mode.js';
export { DEFAULT_MODEL_CACHE_DIR, HYBRID_MIN_LOCAL_SCORE, makeRecognizer } from './make-recognizer.js';
export type { MakeRecognizerOptions, NluRecognizer } from './make-recognizer.js';
export type { LlmSettings } from './llm/ask-llm.js';
export type { LlmCounters, LlmFailureKind } from './llm/counters.js';
export { DEFAULT_LLM_MODEL, DEFAULT_LLM_TIMEOUT_MS, llmSettingsFromEnv } from './llm/env.js';
export { extractEntities } from './entities/extract.js';
export type { EntityExtraction } from './entities/extract.js';
export { defaultTimezone, parseLocale } from './locale.js';
export { detectLanguage } from './language-detect.js';
export { fold } from './text/fold.js';
export { currenciesNamed } from './entities/currency.js';
export { MONTHS } from './entities/date-words.js';
export type { Language, ParsedLocale } from './locale.js';
export { evaluate } from './eval/metrics.js';
export type { DateSupport, Evaluation, Scored, Summary } from './eval/metrics.js';
