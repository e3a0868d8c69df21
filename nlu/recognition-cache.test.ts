import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../lib/calendar.js';
import { defaultTimezone, parseLocale } from './locale.js';
import { MAX_CACHED_TEXT_LENGTH, isCacheable, withRecognitionCache } from './local/recognition-cache.js';
import type { KeyedOptions } from './local/recognition-cache.js';
import { makeRecognizer } from './make-recognizer.js';
import type { NluRecognizer } from './make-recognizer.js';
import type { Recognition, RecognizeOptions } from './types.js';

const MONDAY = '2026-11-23';
const SANTIAGO: RecognizeOptions = { locale: 'es-CL', today: MONDAY, timezone: 'America/Santiago' };

/** A stand-in recognizer that records what it is asked and answers with a date that depends on `today`. */
function recording() {
  const calls: { text: string; options: KeyedOptions }[] = [];
  const recognize = (text: string, options: KeyedOptions): Promise<Recognition> => {
    calls.push({ text, options });
    return Promise.resolve({
      intent: 'promise_to_pay',
      score: 0.9,
      entities: { amount: { value: '50000', currency: 'CLP' }, date: options.today },
    });
  };
  return { calls, recognize };
}

describe('recognition cache: what is kept', () => {
  it('answers a repeated message from the cache, with the very same answer', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    const first = await cache.recognize('cuánto debo', SANTIAGO);
    expect(await cache.recognize('cuánto debo', SANTIAGO)).toBe(first);
    expect(inner.calls).toHaveLength(1);
    expect(cache.cachedEntries()).toBe(1);
  });

  it('keeps a different entry for another day, time zone, date direction or region, so no relative date leaks', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    const variants: RecognizeOptions[] = [
      SANTIAGO,
      { ...SANTIAGO, today: addDays(MONDAY, 1) },
      { ...SANTIAGO, timezone: 'America/Lima' },
      { ...SANTIAGO, dateDirection: 'past' },
      { ...SANTIAGO, dateDirection: 'future' },
      { ...SANTIAGO, locale: 'es-PE' },
      { ...SANTIAGO, locale: 'es' },
    ];
    for (const options of variants) await cache.recognize('pago el viernes', options);
    expect(inner.calls).toHaveLength(variants.length);
    expect(cache.cachedEntries()).toBe(variants.length);
    expect((await cache.recognize('pago el viernes', { ...SANTIAGO, today: addDays(MONDAY, 1) })).entities.date).toBe(addDays(MONDAY, 1));
    expect((await cache.recognize('pago el viernes', SANTIAGO)).entities.date).toBe(MONDAY);
    expect(inner.calls).toHaveLength(variants.length);
  });

  it('shares an entry between spellings of one locale, and never splits or sees entries by the last question', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    await cache.recognize('sí', { ...SANTIAGO, locale: 'es-CL' });
    await cache.recognize('sí', { ...SANTIAGO, locale: 'es_cl' });
    await cache.recognize('sí', { ...SANTIAGO, locale: 'ES-CL', lastQuestion: '¿Confirmas el pago?' });
    expect(inner.calls).toEqual([{ text: 'sí', options: { locale: 'es-CL', today: MONDAY, timezone: 'America/Santiago' } }]);
  });

  it('never mistakes part of the context for part of the message', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    await cache.recognize('x', { ...SANTIAGO, timezone: 'UTC",null]' });
    await cache.recognize('",null]x', { ...SANTIAGO, timezone: 'UTC' });
    await cache.recognize('null]x', { ...SANTIAGO, timezone: 'UTC",' });
    expect(inner.calls).toHaveLength(3);
  });

  it('keys by the exact message: two spellings that fold alike are two entries', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    for (const text of ['quizá sábado', 'quizásabado', 'quizasabado']) await cache.recognize(text, SANTIAGO);
    expect(inner.calls).toHaveLength(3);
  });

  it.each([
    ['a document number', '12.345.678-5'],
    ['a document number without separators', '123456785'],
    ['a date of birth', '14/03/1985'],
    ['a date of birth with a month word', 'naci el 5 de mayo del 90'],
    ['a phone number', '+56 9 1234 5678'],
    ['digits of another script', 'mi rut es １２３４５６７８'],
  ])('never keeps %s', async (_what, text) => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    await cache.recognize(text, SANTIAGO);
    await cache.recognize(text, SANTIAGO);
    expect(inner.calls).toHaveLength(2);
    expect(cache.cachedEntries()).toBe(0);
  });

  it('keeps short messages with at most two digits, and no long ones', () => {
    expect(['sí', 'cuanto debo', '12 cuotas', 'el 15', '50 lucas', '3'].every(isCacheable)).toBe(true);
    expect(isCacheable('hola '.repeat(MAX_CACHED_TEXT_LENGTH))).toBe(false);
    expect(isCacheable('pago 100 mil')).toBe(false);
  });

  it('keeps nothing with a bound of 0, and refuses a bound that is not a whole number', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 0);
    await cache.recognize('hola', SANTIAGO);
    await cache.recognize('hola', SANTIAGO);
    expect(inner.calls).toHaveLength(2);
    expect(cache.cachedEntries()).toBe(0);
    for (const bound of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => withRecognitionCache(inner.recognize, bound)).toThrow(RangeError);
  });
});

describe('recognition cache: bounds and safety', () => {
  it('never holds more entries than its bound, and drops the least recently used first', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'), { maxLength: 60 }),
        async (bound, texts) => {
          const inner = recording();
          const cache = withRecognitionCache(inner.recognize, bound);
          const recent: string[] = [];
          for (const text of texts) {
            const callsBefore = inner.calls.length;
            await cache.recognize(text, SANTIAGO);
            const kept = recent.includes(text);
            expect(inner.calls.length - callsBefore).toBe(kept ? 0 : 1);
            if (kept) recent.splice(recent.indexOf(text), 1);
            recent.push(text);
            if (recent.length > bound) recent.shift();
            expect(cache.cachedEntries()).toBeLessThanOrEqual(bound);
            expect(cache.cachedEntries()).toBe(recent.length);
          }
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });

  it('returns answers no caller can change, so a kept answer stays as it was', async () => {
    const inner = recording();
    const cache = withRecognitionCache(inner.recognize, 10);
    const answer = await cache.recognize('pago 50 lucas hoy', SANTIAGO);
    const mutable = answer as { intent: string; entities: { date?: string; amount?: { value: string } } };
    expect(() => (mutable.intent = 'none')).toThrow(TypeError);
    expect(() => delete mutable.entities.date).toThrow(TypeError);
    expect(() => ((mutable.entities.amount ?? { value: '' }).value = '1')).toThrow(TypeError);
    expect(await cache.recognize('pago 50 lucas hoy', SANTIAGO)).toEqual({
      intent: 'promise_to_pay',
      score: 0.9,
      entities: { amount: { value: '50000', currency: 'CLP' }, date: MONDAY },
    });
  });

  it('freezes answers it does not keep too', async () => {
    const cache = withRecognitionCache(recording().recognize, 10);
    expect(Object.isFrozen((await cache.recognize('12.345.678-5', SANTIAGO)).entities)).toBe(true);
  });
});

describe('recognition cache in front of the local recognizer', () => {
  const silent = { warn: () => undefined };
  const corpus = readFileSync(new URL('./corpus/dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; lang: string });
  let cached: NluRecognizer;
  let uncached: NluRecognizer;

  beforeAll(async () => {
    cached = await makeRecognizer({ mode: 'local', logger: silent });
    uncached = await makeRecognizer({ mode: 'local', logger: silent, recognitionCacheEntries: 0 });
  });

  it('answers every corpus message exactly as without the cache, on the first call and from the cache', async () => {
    for (const { text, lang } of corpus) {
      for (const dateDirection of [undefined, 'past'] as const) {
        const options: RecognizeOptions = {
          locale: lang,
          today: MONDAY,
          timezone: defaultTimezone(parseLocale(lang).language),
          ...(dateDirection === undefined ? {} : { dateDirection }),
        };
        const expected = await uncached.recognize(text, options);
        const first = await cached.recognize(text, options);
        const again = await cached.recognize(text, options);
        expect(first, text).toEqual(expected);
        expect(again, text).toEqual(expected);
        if (isCacheable(text)) expect(again, text).toBe(first);
      }
    }
  });

  it('answers as without the cache whatever the order of days, zones and directions a message comes in', async () => {
    const texts = corpus.filter(({ text }) => isCacheable(text)).map(({ text, lang }) => ({ text, lang }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            line: fc.constantFrom(...texts),
            dayOffset: fc.integer({ min: 0, max: 9 }),
            timezone: fc.constantFrom('America/Santiago', 'America/New_York', 'UTC'),
            past: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (asks) => {
          for (const { line, dayOffset, timezone, past } of asks) {
            const options: RecognizeOptions = {
              locale: line.lang,
              today: addDays(MONDAY, dayOffset),
              timezone,
              ...(past ? { dateDirection: 'past' as const } : {}),
            };
            expect(await cached.recognize(line.text, options)).toEqual(await uncached.recognize(line.text, options));
          }
        },
      ),
      { seed: 23, numRuns: 150 },
    );
  });

  it('answers without the cache when asked to keep nothing', async () => {
    const first = await uncached.recognize('cuanto debo', SANTIAGO);
    expect(await uncached.recognize('cuanto debo', SANTIAGO)).not.toBe(first);
  });
});
