import type { LlmSettings } from './ask-llm.js';

/** Default model when `OPENAI_MODEL` is unset. */
export const DEFAULT_LLM_MODEL = 'gpt-4o-mini';

/** Default whole-request deadline when `NLU_LLM_TIMEOUT_MS` is unset. */
export const DEFAULT_LLM_TIMEOUT_MS = 4000;

/**
 * Reads LLM settings from an environment map (for CLIs; the server passes its validated config instead):
 * `OPENAI_API_KEY` (required), `OPENAI_BASE_URL`, `OPENAI_MODEL`, `NLU_LLM_TIMEOUT_MS`.
 * @throws Error naming the variable that is missing or malformed.
 */
export function llmSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): LlmSettings {
  const apiKey = env['OPENAI_API_KEY'];
  if (apiKey === undefined || apiKey === '') throw new Error('OPENAI_API_KEY is not set (needed for --mode llm or hybrid)');
  const timeoutText = env['NLU_LLM_TIMEOUT_MS'];
  const timeoutMs = timeoutText === undefined || timeoutText === '' ? DEFAULT_LLM_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new Error(`NLU_LLM_TIMEOUT_MS must be a positive integer, got "${timeoutText ?? ''}"`);
  const baseURL = env['OPENAI_BASE_URL'];
  return {
    apiKey,
    model: env['OPENAI_MODEL'] || DEFAULT_LLM_MODEL,
    timeoutMs,
    ...(baseURL === undefined || baseURL === '' ? {} : { baseURL }),
  };
}
