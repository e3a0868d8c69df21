import type { IntentModel, ScoredIntent } from './intent-model.js';

/** Averages the scores of several intent models (equal weights), best first. */
export function makeEnsemble(models: readonly IntentModel[]): IntentModel {
  return {
    async classify(language, normalized) {
      const results = await Promise.all(models.map((model) => model.classify(language, normalized)));
      const totals = new Map<ScoredIntent['intent'], number>();
      for (const result of results) {
        for (const { intent, score } of result) totals.set(intent, (totals.get(intent) ?? 0) + score / models.length);
      }
      return [...totals].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
    },
  };
}
