import { TRAINING_EN } from '../corpus/training-en.js';
import { TRAINING_ES } from '../corpus/training-es.js';
import type { TrainingCorpus } from '../corpus/training-corpus.js';
import { extractEntities } from '../entities/extract.js';
import type { Language } from '../locale.js';
import { normalizeForClassifier } from '../text/normalize.js';
import { INTENTS } from '../types.js';
import type { TrainingDocument } from './intent-model.js';

/** A fixed reference day for reading entities in training sentences; only their positions matter. */
const TRAINING_TODAY = '2026-01-05';

/** The built-in corpus, normalized exactly as messages are at recognition time (entities become placeholders). */
export function trainingDocuments(): TrainingDocument[] {
  return [...prepare('es', TRAINING_ES), ...prepare('en', TRAINING_EN)];
}

function prepare(language: Language, corpus: TrainingCorpus): TrainingDocument[] {
  return INTENTS.flatMap((intent) =>
    corpus[intent].map((sentence) => ({
      language,
      intent,
      text: normalizeForClassifier(sentence, language, extractEntities(sentence, language, TRAINING_TODAY).found),
    })),
  );
}
