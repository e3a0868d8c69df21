import { z } from 'zod';
import { INTENTS } from '../types.js';

/** The shape the LLM must answer in; values are range-checked afterwards by `validateLlmEntities`. */
export const llmAnswerSchema = z.strictObject({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  amount: z.strictObject({ value: z.number(), currency: z.string().nullable() }).nullable(),
  date: z.string().nullable(),
  count: z.number().nullable(),
});

/** A well-formed LLM answer, not yet range-checked. */
export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

/** JSON Schema of {@link llmAnswerSchema} for the `response_format` of a chat completion (strict structured output). */
export function llmJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(llmAnswerSchema, { target: 'draft-7' });
  return schema;
}
