import type { Language } from '../locale.js';
import type { Intent } from '../types.js';

/** One training example, already normalized for the classifier. */
export interface TrainingDocument {
  readonly language: Language;
  readonly text: string;
  readonly intent: Intent;
}

/** A scored intent; the scores of one classification sum to about 1. */
export interface ScoredIntent {
  readonly intent: Intent;
  readonly score: number;
}

/** A trained intent model for Spanish and English. */
export interface IntentModel {
  /** Scores the intents for a normalized message, best first (empty when the model knows nothing of the language). */
  classify(language: Language, normalized: string): Promise<readonly ScoredIntent[]>;
}
