// NLU stage costs: µs per call of each stage of the local recognizer for typical turns, so a change to one stage shows
// where the time goes. Prints one JSON line per stage: the mean over the turns and the figure for each turn.
// `npx tsx bench/nlu-stages.bench.ts [--budget-ms N]` (time spent per stage and turn, default 200).
// Each figure is the best of 5 rounds, so other work on the machine inflates it as little as possible.
import { Culture, recognizeNumber } from '@microsoft/recognizers-text-number';
import * as chrono from 'chrono-node';
import { parseArgs } from 'node:util';
import { extractAmount } from '../nlu/entities/amount.js';
import { extractCount } from '../nlu/entities/count.js';
import { extractDate } from '../nlu/entities/date.js';
import { extractBothWays } from '../nlu/entities/extract.js';
import { findNumbers } from '../nlu/entities/numbers.js';
import { DEFAULT_MODEL_CACHE_DIR, makeRecognizer } from '../nlu/index.js';
import { ruleIntent } from '../nlu/local/intent-rules.js';
import { loadOrTrain } from '../nlu/local/model-cache.js';
import { trainNaiveBayes } from '../nlu/local/naive-bayes.js';
import { trainingDocuments } from '../nlu/local/training-documents.js';
import { parseLocale } from '../nlu/locale.js';
import { fold } from '../nlu/text/fold.js';
import { normalizeForClassifier } from '../nlu/text/normalize.js';

const { values } = parseArgs({ options: { 'budget-ms': { type: 'string', default: '200' } }, strict: false });
const budgetMs = Math.max(10, Number(values['budget-ms']) || 200);
const ROUNDS = 5;
const silent = { warn: () => undefined };
const TODAY = '2026-11-23';

/** Typical turns, by name (the names are printed, never the texts). */
const TURNS: readonly { readonly name: string; readonly text: string; readonly locale: string }[] = [
  { name: 'greeting', text: 'hola buenas tardes', locale: 'es' },
  { name: 'identity', text: '12.345.678-5 14/03/1985', locale: 'es' },
  { name: 'balance', text: 'cuánto debo', locale: 'es-CL' },
  { name: 'plan', text: 'quiero pagar en 3 cuotas', locale: 'es-CL' },
  { name: 'promise', text: 'pago 50000 el viernes', locale: 'es-CL' },
  { name: 'numberWords', text: 'puedo hacer un pago de cincuenta mil', locale: 'es-CL' },
  { name: 'english', text: 'I can pay 200 dollars next Friday, is that ok?', locale: 'en-US' },
];

/** µs per call of `run`: after a warm-up, the best of {@link ROUNDS} rounds of about `budgetMs / ROUNDS` each. */
async function microsPerCall(run: () => unknown): Promise<number> {
  for (let warm = 0; warm < 20; warm += 1) await run();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    let calls = 0;
    const startedMs = performance.now();
    let elapsedMs = 0;
    while (elapsedMs < budgetMs / ROUNDS) {
      for (let batch = 0; batch < 10; batch += 1) await run();
      calls += 10;
      elapsedMs = performance.now() - startedMs;
    }
    best = Math.min(best, (elapsedMs * 1000) / calls);
  }
  return best;
}

const documents = trainingDocuments();
const nlpjs = await loadOrTrain(documents, DEFAULT_MODEL_CACHE_DIR, silent);
const naiveBayes = trainNaiveBayes(documents);
const uncached = await makeRecognizer({ mode: 'local', logger: silent, recognitionCacheEntries: 0 });
const cached = await makeRecognizer({ mode: 'local', logger: silent });

/** The classifier's input for a turn: entities replaced by placeholders, then normalized. */
function normalizedFor(text: string, locale: string): string {
  return normalizeForClassifier(text, parseLocale(locale).language, extractBothWays(text, locale, TODAY).future.found);
}

/** Each stage as it runs inside `recognize()`, given one turn. */
const STAGES: readonly { readonly stage: string; readonly note: string; readonly make: (text: string, locale: string) => () => unknown }[] =
  [
    {
      stage: 'recognize.uncached',
      note: 'the whole local recognize() call, cache off',
      make: (text, locale) => () => uncached.recognize(text, { locale, today: TODAY, timezone: 'UTC' }),
    },
    {
      stage: 'recognize.cached',
      note: 'the same message again with the default cache (messages with more than two digits are never cached)',
      make: (text, locale) => () => cached.recognize(text, { locale, today: TODAY, timezone: 'UTC' }),
    },
    {
      stage: 'entities',
      note: 'extractBothWays: every entity extractor',
      make: (text, locale) => () => extractBothWays(text, locale, TODAY),
    },
    { stage: 'entities.fold', note: 'lower case, no accents', make: (text) => () => fold(text) },
    {
      stage: 'entities.date',
      note: 'own date rules, then chrono-node on what they leave',
      make: (text, locale) => {
        const folded = fold(text);
        const { language } = parseLocale(locale);
        return () => extractDate(folded, text, language, TODAY);
      },
    },
    {
      stage: 'entities.date.chrono',
      note: 'chrono-node alone on the whole message (an upper bound of its share of entities.date)',
      make: (text, locale) => {
        const parser = parseLocale(locale).language === 'es' ? chrono.es : chrono.en;
        const reference = { instant: new Date(`${TODAY}T12:00:00Z`), timezone: 0 };
        return () => parser.parse(text, reference, { forwardDate: true });
      },
    },
    {
      stage: 'entities.numbers',
      note: 'digits, then Microsoft recognizers only when a number word is present (numberWords)',
      make: (text, locale) => {
        const folded = fold(text);
        const { language } = parseLocale(locale);
        return () => findNumbers(folded, language);
      },
    },
    {
      stage: 'entities.numbers.microsoft',
      note: 'Microsoft recognizeNumber alone: what each turn would cost if it always ran',
      make: (text, locale) => {
        const folded = fold(text);
        const culture = parseLocale(locale).language === 'es' ? Culture.Spanish : Culture.English;
        return () => recognizeNumber(folded, culture);
      },
    },
    {
      stage: 'entities.count+amount',
      note: 'own count and amount rules over the numbers found',
      make: (text, locale) => {
        const folded = fold(text);
        const { language, region } = parseLocale(locale);
        const dates = extractDate(folded, text, language, TODAY);
        const mentions = findNumbers(folded, language);
        return () => {
          const count = extractCount(folded, mentions, dates.claimed);
          return extractAmount(folded, mentions, [...dates.claimed, ...(count === null ? [] : [count.span])], language, region);
        };
      },
    },
    {
      stage: 'classifier.normalize+rules',
      note: 'placeholders, normalization and the keyword rules',
      make: (text, locale) => {
        const { language } = parseLocale(locale);
        const { found } = extractBothWays(text, locale, TODAY).future;
        return () => ruleIntent(normalizeForClassifier(text, language, found));
      },
    },
    {
      stage: 'classifier.nlpjs',
      note: 'the nlp.js neural model',
      make: (text, locale) => {
        const normalized = normalizedFor(text, locale);
        return () => nlpjs.classify(parseLocale(locale).language, normalized);
      },
    },
    {
      stage: 'classifier.naiveBayes',
      note: 'the naive Bayes model',
      make: (text, locale) => {
        const normalized = normalizedFor(text, locale);
        return () => naiveBayes.classify(parseLocale(locale).language, normalized);
      },
    },
  ];

for (const { stage, note, make } of STAGES) {
  const turns: Record<string, number> = {};
  for (const { name, text, locale } of TURNS) turns[name] = Number((await microsPerCall(make(text, locale))).toFixed(1));
  const figures = Object.values(turns);
  const mean = figures.reduce((sum, figure) => sum + figure, 0) / figures.length;
  console.log(JSON.stringify({ bench: `nlu.stage.${stage}`, value: Number(mean.toFixed(1)), unit: 'µs/call', turns, note }));
}
