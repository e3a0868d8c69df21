import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangEs } from '@nlpjs/lang-es';
import { Nlp } from '@nlpjs/nlp';
import { INTENTS } from '../types.js';
import type { Intent } from '../types.js';
import type { IntentModel, TrainingDocument } from './intent-model.js';

/** The nlp.js neural intent model, which can be saved as JSON for the on-disk cache. */
export interface NlpjsModel extends IntentModel {
  /** The trained model as JSON. */
  toJson(): string;
}

const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, log() {}, warn() {}, error() {}, fatal() {} };

/** Builds an empty nlp.js pipeline for both languages with autosave, autoload, sentiment and logging off. */
function makeNlp(): Nlp {
  const container = containerBootstrap();
  container.use(LangEs);
  container.use(LangEn);
  container.register('logger', SILENT_LOGGER, true);
  const nlp = new Nlp({ languages: ['es', 'en'], autoSave: false, autoLoad: false, calculateSentiment: false, forceNER: false }, container);
  nlp.addLanguage(['es', 'en']);
  return nlp;
}

function wrap(nlp: Nlp): NlpjsModel {
  const known = new Set<string>(INTENTS);
  return {
    async classify(language, normalized) {
      const { classifications } = await nlp.classify(language, normalized);
      return classifications
        .filter((c): c is { intent: Intent; score: number } => known.has(c.intent))
        .map(({ intent, score }) => ({ intent, score }));
    },
    toJson: () => nlp.export(true),
  };
}

/** Trains the nlp.js neural intent model on the given documents (a second or two for the built-in corpus). */
export async function trainNlpjsModel(documents: readonly TrainingDocument[]): Promise<NlpjsModel> {
  const nlp = makeNlp();
  for (const { language, text, intent } of documents) nlp.addDocument(language, text, intent);
  await nlp.nluManager.train({ log: false });
  return wrap(nlp);
}

/** Restores a model saved with {@link NlpjsModel.toJson}. */
export function loadNlpjsModel(json: string): NlpjsModel {
  const nlp = makeNlp();
  nlp.import(json);
  return wrap(nlp);
}
