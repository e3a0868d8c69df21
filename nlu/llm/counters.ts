/** Why an LLM answer was not used: no answer in time, an HTTP error or failed connection, unusable output, a refusal. */
export type LlmFailureKind = 'timeout' | 'http' | 'invalid' | 'refusal';

/** Running totals of the LLM path, shaped for a Prometheus exporter. */
export interface LlmCounters {
  /** Requests sent to the LLM. */
  readonly llmCalls: number;
  /** Requests whose answer was not used, by reason; the local recognizer answered instead. */
  readonly llmFailures: Readonly<Record<LlmFailureKind, number>>;
  /** Entities the LLM proposed that failed validation and were dropped. */
  readonly llmRejectedEntities: number;
}

/** Mutable counters with a snapshot view. */
export interface CounterBox {
  call(): void;
  fail(kind: LlmFailureKind): void;
  reject(entities: number): void;
  snapshot(): LlmCounters;
}

/** Makes zeroed LLM counters. */
export function makeCounters(): CounterBox {
  let llmCalls = 0;
  let llmRejectedEntities = 0;
  const llmFailures: Record<LlmFailureKind, number> = { timeout: 0, http: 0, invalid: 0, refusal: 0 };
  return {
    call: () => {
      llmCalls += 1;
    },
    fail: (kind) => {
      llmFailures[kind] += 1;
    },
    reject: (entities) => {
      llmRejectedEntities += entities;
    },
    snapshot: () => ({ llmCalls, llmFailures: { ...llmFailures }, llmRejectedEntities }),
  };
}
