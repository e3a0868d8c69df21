import { dateDirectionFor } from '../date-direction.js';
import { extractBothWays } from '../entities/extract.js';
import { parseLocale } from '../locale.js';
import { normalizeForClassifier } from '../text/normalize.js';
import type { Intent, NluLogger, Recognition } from '../types.js';
import { makeEnsemble } from './ensemble.js';
import type { IntentModel } from './intent-model.js';
import {
  isDatedCommitment,
  isDebtDenial,
  isDiscountRequest,
  isInabilityToPay,
  isInstallmentProposal,
  isMonthlyProposal,
  isPastPayment,
  isPlanForLess,
  ruleIntent,
} from './intent-rules.js';
import { loadOrTrain } from './model-cache.js';
import { trainNaiveBayes } from './naive-bayes.js';
import { withRecognitionCache } from './recognition-cache.js';
import type { CachingRecognizer, KeyedOptions } from './recognition-cache.js';
import { trainingDocuments } from './training-documents.js';

/** Below this classifier score the local recognizer answers `none` (the dialogs then ask instead of guessing). */
export const MIN_INTENT_SCORE = 0.4;

/** The score reported when a keyword rule settled the intent. */
export const RULE_SCORE = 0.95;

/** Settings of the offline recognizer. */
export interface LocalRecognizerOptions {
  /** Folder for the trained model; null trains in memory at every start. */
  readonly cacheDir: string | null;
  readonly logger: NluLogger;
  /** How many answers to keep in memory (see {@link withRecognitionCache}); 0 keeps none. */
  readonly recognitionCacheEntries: number;
}

/**
 * Makes the offline recognizer: keyword rules for the must-not-miss intents; for the rest, the trained nlp.js neural
 * model averaged with a character n-gram naive Bayes model (robust to typos); rule- and library-based entity extraction;
 * a bounded cache of recent answers in front. Starts by loading the cached nlp.js model or training it.
 */
export async function makeLocalRecognizer(options: LocalRecognizerOptions): Promise<CachingRecognizer> {
  const documents = trainingDocuments();
  const classifier = makeEnsemble([await loadOrTrain(documents, options.cacheDir, options.logger), trainNaiveBayes(documents)]);
  return withRecognitionCache((text, keyed) => recognizeLocally(classifier, text, keyed), options.recognitionCacheEntries);
}

async function recognizeLocally(classifier: IntentModel, text: string, options: KeyedOptions): Promise<Recognition> {
  const { language } = parseLocale(options.locale);
  const extraction = extractBothWays(text, options.locale, options.today);
  // The classifier always sees the forward reading, as its training sentences were normalized.
  const { entities, found } = extraction.future;
  const answer = (intent: Intent, score: number): Recognition => ({
    intent,
    score,
    entities: extraction[dateDirectionFor(intent, options.dateDirection)].entities,
  });
  const normalized = normalizeForClassifier(text, language, found);
  if (normalized === '') return answer('none', 0);
  const ruled = ruleIntent(normalized);
  if (ruled !== null) return answer(ruled, RULE_SCORE);
  const [best] = await classifier.classify(language, normalized);
  const intent = best === undefined || best.score < MIN_INTENT_SCORE ? 'none' : best.intent;
  const score = best?.score ?? 0;
  if (isDebtDenial(intent, normalized)) return answer('dispute', RULE_SCORE);
  if (isInstallmentProposal(intent, entities.count !== undefined)) return answer('payment_plan', RULE_SCORE);
  if (isMonthlyProposal(intent, entities.amount !== undefined, normalized)) return answer('payment_plan', RULE_SCORE);
  if (isDatedCommitment(intent, normalized, entities.date !== undefined)) return answer('promise_to_pay', RULE_SCORE);
  if (isPastPayment(intent, normalized)) return answer('already_paid', RULE_SCORE);
  if (isInabilityToPay(intent, normalized)) return answer('hardship', RULE_SCORE);
  if (isPlanForLess(intent, normalized)) return answer('payment_plan', RULE_SCORE);
  if (isDiscountRequest(intent, entities.count !== undefined, normalized)) return answer('pay_full', RULE_SCORE);
  return answer(intent, score);
}
