import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { RecognizeOptions } from '../types.js';
import type { LlmFailureKind } from './counters.js';
import { buildMessages } from './prompt.js';
import { llmAnswerSchema, llmJsonSchema } from './schema.js';
import type { LlmAnswer } from './schema.js';

/** How to reach an OpenAI-compatible chat-completions API. */
export interface LlmSettings {
  readonly apiKey: string;
  /** e.g. `https://api.openai.com/v1`; the client's default when absent. */
  readonly baseURL?: string;
  readonly model: string;
  /** Whole-request deadline; the client does not retry. */
  readonly timeoutMs: number;
}

/** What one LLM request gave: a schema-valid answer, or why there is none (with a log-safe detail). */
export type LlmOutcome =
  { readonly ok: true; readonly answer: LlmAnswer } | { readonly ok: false; readonly failure: LlmFailureKind; readonly detail: string };

/** A function that asks the LLM about one message. */
export type AskLlm = (text: string, options: RecognizeOptions) => Promise<LlmOutcome>;

/** Binds an `openai` client (no retries, `timeoutMs` deadline) that requests strict JSON-schema output. */
export function makeAskLlm(settings: LlmSettings): AskLlm {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  const responseFormat = {
    type: 'json_schema' as const,
    json_schema: { name: 'debtor_message', strict: true, schema: llmJsonSchema() },
  };
  return async (text, options) => {
    let content: string | null | undefined;
    try {
      const completion = await client.chat.completions.create({
        model: settings.model,
        messages: buildMessages(text, options.today, options.locale, options.lastQuestion, options.dateDirection),
        response_format: responseFormat,
      });
      const message = completion.choices[0]?.message;
      if (message?.refusal) return { ok: false, failure: 'refusal', detail: 'model refused' };
      content = message?.content;
    } catch (error) {
      if (error instanceof APIConnectionTimeoutError) {
        return { ok: false, failure: 'timeout', detail: `no answer within ${settings.timeoutMs} ms` };
      }
      if (error instanceof APIError) {
        return { ok: false, failure: 'http', detail: `status ${error.status ?? 'none (connection failed)'}: ${error.name}` };
      }
      return { ok: false, failure: 'invalid', detail: `unreadable response: ${error instanceof Error ? error.name : typeof error}` };
    }
    return parseAnswer(content);
  };
}

function parseAnswer(content: string | null | undefined): LlmOutcome {
  if (typeof content !== 'string') return { ok: false, failure: 'invalid', detail: 'no content' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, failure: 'invalid', detail: 'content is not JSON' };
  }
  const parsed = llmAnswerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, failure: 'invalid', detail: `schema: ${parsed.error.issues[0]?.message ?? 'mismatch'}` };
  return { ok: true, answer: parsed.data };
}
