import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeRecognizer } from './make-recognizer.js';
import type { NluRecognizer } from './make-recognizer.js';
import type { RecognizeOptions } from './types.js';

/** What the stub OpenAI-compatible server does with the next request. */
type StubBehaviour =
  | { readonly kind: 'answer'; readonly content: string }
  | { readonly kind: 'refusal' }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'slow'; readonly delayMs: number };

const TIMEOUT_MS = 300;
const OPTIONS: RecognizeOptions = { locale: 'es-CL', today: '2026-11-23', timezone: 'America/Santiago' };

let server: Server;
let baseURL: string;
let behaviour: StubBehaviour = { kind: 'status', status: 500 };
const requests: { path: string; body: Record<string, unknown> }[] = [];
const warnings: { obj: object; msg: string }[] = [];
const logger = { warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };

function completion(message: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1_764_000_000,
    model: 'stub-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });
}

function answerJson(answer: Record<string, unknown>): StubBehaviour {
  return { kind: 'answer', content: JSON.stringify(answer) };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  requests.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
  const current = behaviour;
  const send = (status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  };
  switch (current.kind) {
    case 'answer':
      return send(200, completion({ content: current.content, refusal: null }));
    case 'refusal':
      return send(200, completion({ content: null, refusal: 'I cannot help with that.' }));
    case 'status':
      return send(current.status, JSON.stringify({ error: { message: `stub ${current.status}`, type: 'stub_error', code: null } }));
    case 'slow':
      setTimeout(() => {
        if (!response.destroyed) send(200, completion({ content: '{}', refusal: null }));
      }, current.delayMs);
  }
}

let llm: NluRecognizer;
let local: NluRecognizer;
let hybrid: NluRecognizer;

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const openai = { apiKey: 'test-key', baseURL, model: 'stub-model', timeoutMs: TIMEOUT_MS };
  local = await makeRecognizer({ mode: 'local', logger });
  llm = await makeRecognizer({ mode: 'llm', openai, logger });
  hybrid = await makeRecognizer({ mode: 'hybrid', openai, logger });
  // The first call loads the OpenAI client and opens a connection; on a busy machine that alone can outlast TIMEOUT_MS,
  // and the first test would then see a timeout it did not ask for.
  behaviour = answerJson({ intent: 'greet', confidence: 0.9, amount: null, date: null, count: null });
  await llm.recognize('warm-up', OPTIONS);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  warnings.length = 0;
});

describe('LLM recognizer against a local OpenAI-compatible stub', () => {
  const text = 'mmm el viernes veo si te pago 20 lucas';

  it('uses a good structured answer and sends only the message and the last question', async () => {
    behaviour = answerJson({
      intent: 'promise_to_pay',
      confidence: 0.83,
      amount: { value: '20000.00', currency: 'CLP' },
      date: '2026-11-27',
      count: null,
    });
    const before = llm.counters();
    const result = await llm.recognize('soy 12.345.678-9, el viernes te pago 20 lucas', {
      ...OPTIONS,
      lastQuestion: '¿Cuándo podría pagar?',
    });
    expect(result).toEqual({
      intent: 'promise_to_pay',
      score: 0.83,
      entities: { amount: { value: '20000', currency: 'CLP' }, date: '2026-11-27' },
    });
    expect(llm.counters().llmCalls).toBe(before.llmCalls + 1);
    expect(llm.counters().llmFailures).toEqual(before.llmFailures);
    const [request] = requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body['model']).toBe('stub-model');
    expect(request?.body['response_format']).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    const prompt = JSON.stringify(request?.body['messages']);
    expect(prompt).toContain('el viernes te pago 20 lucas');
    expect(prompt).toContain('¿Cuándo podría pagar?');
    expect(prompt).not.toContain('12.345.678-9');
  });

  const failures = [
    ['malformed JSON', { kind: 'answer', content: '{"intent": "promise_to_pay", ' }, 'invalid'],
    ['an answer outside the schema', answerJson({ intent: 'pay_later', confidence: 2 }), 'invalid'],
    ['a slow answer past the timeout', { kind: 'slow', delayMs: TIMEOUT_MS * 5 }, 'timeout'],
    ['HTTP 429', { kind: 'status', status: 429 }, 'http'],
    ['HTTP 500', { kind: 'status', status: 500 }, 'http'],
    ['a refusal', { kind: 'refusal' }, 'refusal'],
  ] as const satisfies readonly (readonly [string, StubBehaviour, 'invalid' | 'timeout' | 'http' | 'refusal'])[];

  it.each(failures)('falls back to the local answer on %s and counts it', async (_name, stub, counter) => {
    behaviour = stub;
    const before = llm.counters();
    const result = await llm.recognize(text, OPTIONS);
    expect(result).toEqual(await local.recognize(text, OPTIONS));
    const after = llm.counters();
    expect(after.llmCalls).toBe(before.llmCalls + 1);
    expect(after.llmFailures[counter]).toBe(before.llmFailures[counter] + 1);
    expect(requests).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toMatchObject({ failure: counter });
    expect(JSON.stringify(warnings)).not.toContain('lucas');
  });

  it('drops entities that fail validation and keeps the local ones in their place', async () => {
    behaviour = answerJson({
      intent: 'promise_to_pay',
      confidence: 0.9,
      amount: { value: '-5', currency: 'CLP' },
      date: '2026-11-01',
      count: 2.5,
    });
    const before = llm.counters();
    const result = await llm.recognize(text, OPTIONS);
    expect(result).toEqual({
      intent: 'promise_to_pay',
      score: 0.9,
      entities: { amount: { value: '20000', currency: 'CLP' }, date: '2026-11-27' },
    });
    expect(llm.counters().llmRejectedEntities).toBe(before.llmRejectedEntities + 3);
    expect(llm.counters().llmFailures).toEqual(before.llmFailures);
  });

  it('keeps the decimals of a proposed amount exactly, as a canonical decimal string', async () => {
    behaviour = answerJson({
      intent: 'promise_to_pay',
      confidence: 0.9,
      amount: { value: '1234.50', currency: 'USD' },
      date: null,
      count: null,
    });
    expect((await llm.recognize('te pago 1.234,50 dolares', OPTIONS)).entities).toEqual({ amount: { value: '1234.5', currency: 'USD' } });
    behaviour = answerJson({
      intent: 'promise_to_pay',
      confidence: 0.9,
      amount: { value: '99999999999.995', currency: null },
      date: null,
      count: null,
    });
    expect((await llm.recognize('te pago 99999999999,995', OPTIONS)).entities).toEqual({
      amount: { value: '99999999999.995', currency: null },
    });
  });

  it.each(['0', '1e6', '1.234,50', '1,234.50', '12 000', '1000000000000', 'NaN'])(
    'rejects the proposed amount %j and keeps the local one',
    async (value) => {
      behaviour = answerJson({
        intent: 'promise_to_pay',
        confidence: 0.9,
        amount: { value, currency: 'CLP' },
        date: '2026-11-27',
        count: null,
      });
      const before = llm.counters();
      expect((await llm.recognize(text, OPTIONS)).entities).toEqual({ amount: { value: '20000', currency: 'CLP' }, date: '2026-11-27' });
      expect(llm.counters().llmRejectedEntities).toBe(before.llmRejectedEntities + 1);
    },
  );

  it('treats an amount sent as a JSON number (a float) as invalid output and answers locally', async () => {
    behaviour = answerJson({
      intent: 'promise_to_pay',
      confidence: 0.9,
      amount: { value: 20_000, currency: 'CLP' },
      date: null,
      count: null,
    });
    const before = llm.counters();
    expect(await llm.recognize(text, OPTIONS)).toEqual(await local.recognize(text, OPTIONS));
    expect(llm.counters().llmFailures.invalid).toBe(before.llmFailures.invalid + 1);
  });
});

describe('LLM dates follow the direction of the intent', () => {
  it('keeps a past date for already_paid and tells the model when the bot expects one', async () => {
    behaviour = answerJson({ intent: 'already_paid', confidence: 0.9, amount: null, date: '2026-11-20', count: null });
    const result = await llm.recognize('ya pagué el viernes', { ...OPTIONS, dateDirection: 'past' });
    expect(result.entities).toEqual({ date: '2026-11-20' });
    expect(JSON.stringify(requests[0]?.body['messages'])).toContain('expects a past date');
  });

  it('rejects a future date for already_paid and keeps the local past one instead', async () => {
    behaviour = answerJson({ intent: 'already_paid', confidence: 0.9, amount: null, date: '2026-11-27', count: null });
    const before = llm.counters();
    const result = await llm.recognize('ya pagué el viernes', OPTIONS);
    expect(result).toEqual({ intent: 'already_paid', score: 0.9, entities: { date: '2026-11-20' } });
    expect(llm.counters().llmRejectedEntities).toBe(before.llmRejectedEntities + 1);
  });

  it('rejects a past date for a promise', async () => {
    behaviour = answerJson({ intent: 'promise_to_pay', confidence: 0.9, amount: null, date: '2026-11-20', count: null });
    const result = await llm.recognize('te pago el viernes', OPTIONS);
    expect(result.entities).toEqual({ date: '2026-11-27' });
  });
});

describe('hybrid recognizer', () => {
  it('answers locally when the local model is confident', async () => {
    behaviour = { kind: 'status', status: 500 };
    const result = await hybrid.recognize('quiero hablar con una persona', OPTIONS);
    expect(result.intent).toBe('human');
    expect(requests).toHaveLength(0);
  });

  it('asks the LLM when the local answer is none', async () => {
    behaviour = answerJson({ intent: 'help', confidence: 0.7, amount: null, date: null, count: null });
    const result = await hybrid.recognize('qwpoeiru zxmcnv', OPTIONS);
    expect(result).toEqual({ intent: 'help', score: 0.7, entities: {} });
    expect(requests).toHaveLength(1);
  });
});

describe('makeRecognizer', () => {
  it('refuses the llm mode without settings', async () => {
    await expect(makeRecognizer({ mode: 'llm', logger })).rejects.toThrow(/openai settings/);
  });
});
