import type { Intent } from '../types.js';

/** Training sentences for one language, by intent (the `none` list holds off-topic chatter). */
export type TrainingCorpus = Readonly<Record<Intent, readonly string[]>>;
