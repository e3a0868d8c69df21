/** Which recognizer answers: the offline model, the LLM (local on failure), or local first and the LLM when unsure. */
export type NluMode = 'local' | 'llm' | 'hybrid';

/** The NLU modes, for validating configuration (`NLU_MODE`). */
export const NLU_MODES: readonly NluMode[] = ['local', 'llm', 'hybrid'];

/** Narrows a configuration string to an {@link NluMode}. */
export function isNluMode(value: string): value is NluMode {
  return (NLU_MODES as readonly string[]).includes(value);
}
