import { dateDirectionFor, isOnSide } from '../date-direction.js';
import type { Entities, NluLogger, Recognition, RecognizeOptions } from '../types.js';
import type { AskLlm } from './ask-llm.js';
import type { CounterBox } from './counters.js';
import { validateLlmEntities } from './validate.js';

/** Recognizes with the LLM given the local answer (computed lazily) to fall back on. */
export type LlmRecognize = (text: string, options: RecognizeOptions, local: () => Promise<Recognition>) => Promise<Recognition>;

/**
 * Wraps an LLM call with the fallback policy: on timeout, HTTP error, refusal or invalid output the local answer is
 * returned, the failure counted and logged (without the message). A valid answer keeps its intent and confidence;
 * an entity that fails validation is replaced by the local one (or dropped). Its date must lie on the side of today its
 * intent implies: back for `already_paid` or when the bot expects a past date, forward otherwise.
 */
export function makeLlmRecognize(ask: AskLlm, counters: CounterBox, logger: NluLogger): LlmRecognize {
  return async (text, options, local) => {
    counters.call();
    const outcome = await ask(text, options);
    if (!outcome.ok) {
      counters.fail(outcome.failure);
      logger.warn({ failure: outcome.failure, detail: outcome.detail }, 'nlu llm failed; local recognizer answered');
      return local();
    }
    const direction = dateDirectionFor(outcome.answer.intent, options.dateDirection);
    const { entities, rejected } = validateLlmEntities(outcome.answer, options.today, direction);
    if (rejected.length === 0) return { intent: outcome.answer.intent, score: outcome.answer.confidence, entities };
    counters.reject(rejected.length);
    logger.warn({ rejected }, 'nlu llm proposed invalid entities; local ones used instead');
    const localEntities = (await local()).entities;
    const usable = (name: keyof Entities): boolean =>
      localEntities[name] !== undefined && (name !== 'date' || isOnSide(localEntities.date ?? '', options.today, direction));
    const replaced: Entities = Object.fromEntries(rejected.filter(usable).map((name) => [name, localEntities[name]]));
    return { intent: outcome.answer.intent, score: outcome.answer.confidence, entities: { ...entities, ...replaced } };
  };
}
