import type { Intent, Recognition } from '../nlu/types.js';

/** Intents that need a verified debtor, because answering them discloses something about a debt. */
export const disclosingIntents: ReadonlySet<Intent> = new Set([
  'balance',
  'pay_full',
  'payment_plan',
  'promise_to_pay',
  'already_paid',
  'dispute',
  'hardship',
]);

/** Intents with consequences (a handoff, an opt-out, a hold) need this much confidence; others need `minimumScore`. */
const consequentialIntents: ReadonlyMap<Intent, number> = new Map([
  ['human', 0.7],
  ['opt_out', 0.7],
  ['wrong_person', 0.7],
  ['dispute', 0.7],
]);
const minimumScore = 0.45;

/** The intent the bot acts on: the NLU's proposal when confident enough, else `none` (the bot asks instead of guessing). */
export function actionableIntent(intent: Intent, score: number): Intent {
  return score >= (consequentialIntents.get(intent) ?? minimumScore) ? intent : 'none';
}

/** Top-level requests clear enough (score at least this) to leave an open question for: "cuánto debo" while a plan is being discussed. */
export const interruptingIntents: ReadonlyMap<Intent, number> = new Map([
  ['balance', 0.85],
  ['dispute', 0.85],
  ['pay_full', 0.9],
  ['payment_plan', 0.9],
  ['promise_to_pay', 0.9],
  ['already_paid', 0.9],
  ['hardship', 0.9],
  ['payment_methods', 0.9],
]);

/** Intents that say yes to a question whose yes records something (a plan, a promise, a settlement). */
const consentingIntents: ReadonlySet<Intent> = new Set(['affirm', 'pay_full', 'payment_plan', 'promise_to_pay']);
/** Below this a consenting intent is the classifier's guess, not a clear yes. */
const clearYesScore = 0.8;

/**
 * The intent a reply gives to a question whose yes records an agreement: a yes that is itself a question ("¿y sin
 * pie?", "what if I pay it all?") or only a guess of the classifier is no yes (null), so nothing is recorded on it.
 * Other intents (a no, a person) pass. Choosing an option by its title or number does not go through here.
 */
export function consentIntent(recognition: Recognition, reply: string): Intent | null {
  if (!consentingIntents.has(recognition.intent)) return recognition.intent;
  return recognition.score >= clearYesScore && !/[?¿]/.test(reply) ? recognition.intent : null;
}
