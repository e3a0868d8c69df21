import type { Language } from '../locale.js';
import type { Intent } from '../types.js';
import type { IntentModel, ScoredIntent, TrainingDocument } from './intent-model.js';

/** Additive smoothing of the feature counts. */
const SMOOTHING = 0.5;
const CHAR_NGRAM_MIN = 3;
const CHAR_NGRAM_MAX = 5;

/**
 * The features of a normalized message: words, word pairs, and the 3- to 5-letter pieces of each word (with its edges),
 * so that "desempleada", "desempleao" and "desempleado" share most of their evidence.
 */
export function textFeatures(text: string): Set<string> {
  const words = text.split(' ').filter((word) => word !== '');
  const features = new Set<string>();
  words.forEach((word, index) => {
    features.add(`w:${word}`);
    const next = words[index + 1];
    if (next !== undefined) features.add(`b:${word} ${next}`);
    const padded = `<${word}>`;
    for (let size = CHAR_NGRAM_MIN; size <= CHAR_NGRAM_MAX; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1) features.add(`c:${padded.slice(start, start + size)}`);
    }
  });
  return features;
}

interface LanguageModel {
  readonly intents: readonly Intent[];
  readonly logPriors: Float64Array;
  /** Per feature, the log-likelihood of seeing it under each intent. */
  readonly logLikelihoods: ReadonlyMap<string, Float64Array>;
}

/**
 * Trains a multinomial naive Bayes model over {@link textFeatures}; it takes milliseconds, so it is trained at every
 * start rather than cached. It complements nlp.js, whose features are whole stems only.
 */
export function trainNaiveBayes(documents: readonly TrainingDocument[]): IntentModel {
  const models = new Map<Language, LanguageModel>();
  for (const language of ['es', 'en'] as const) {
    const own = documents.filter((document) => document.language === language);
    if (own.length > 0) models.set(language, trainLanguage(own));
  }
  return {
    classify: (language, normalized) => Promise.resolve(classifyWith(models.get(language), normalized)),
  };
}

function trainLanguage(documents: readonly TrainingDocument[]): LanguageModel {
  const intents = [...new Set(documents.map((document) => document.intent))];
  const indexOf = new Map(intents.map((intent, index) => [intent, index]));
  const documentCounts = new Float64Array(intents.length);
  const featureTotals = new Float64Array(intents.length);
  const counts = new Map<string, Float64Array>();
  for (const { intent, text } of documents) {
    const index = indexOf.get(intent) ?? 0;
    documentCounts[index] = (documentCounts[index] ?? 0) + 1;
    for (const feature of textFeatures(text)) {
      let row = counts.get(feature);
      if (row === undefined) {
        row = new Float64Array(intents.length);
        counts.set(feature, row);
      }
      row[index] = (row[index] ?? 0) + 1;
      featureTotals[index] = (featureTotals[index] ?? 0) + 1;
    }
  }
  const vocabularySize = counts.size;
  const logPriors = documentCounts.map((count) => Math.log(count / documents.length));
  const logLikelihoods = new Map<string, Float64Array>();
  for (const [feature, row] of counts) {
    logLikelihoods.set(
      feature,
      row.map((count, index) => Math.log((count + SMOOTHING) / ((featureTotals[index] ?? 0) + SMOOTHING * vocabularySize))),
    );
  }
  return { intents, logPriors, logLikelihoods };
}

function classifyWith(model: LanguageModel | undefined, normalized: string): ScoredIntent[] {
  if (model === undefined) return [];
  const logScores = Float64Array.from(model.logPriors);
  for (const feature of textFeatures(normalized)) {
    const row = model.logLikelihoods.get(feature);
    if (row !== undefined) row.forEach((value, index) => (logScores[index] = (logScores[index] ?? 0) + value));
  }
  const max = Math.max(...logScores);
  const weights = logScores.map((value) => Math.exp(value - max));
  const total = weights.reduce((sum, value) => sum + value, 0);
  return model.intents.map((intent, index) => ({ intent, score: (weights[index] ?? 0) / total })).sort((a, b) => b.score - a.score);
}
