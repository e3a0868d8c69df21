import { z } from 'zod';
import { INTENTS } from '../types.js';

/**
 * The shape the LLM must answer in; values are range-checked afterwards by `validateLlmEntities`. The amount is a decimal
 * string, not a JSON number, so no float ever stands between what the model read and the dialogs.
 */
export const llmAnswerSchema = z.strictObject({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  amount: z
    .strictObject({
      value: z
        .string()
        .describe('major units as a plain decimal string: digits, "." before any decimals, no grouping ("1500000", "1234.50")'),
      currency: z.string().nullable(),
    })
    .nullable(),
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
