import type { DateDirection, Entities, Intent } from '../types.js';
import type { GoldLine } from './gold.js';

/** Precision, recall and F1 of one intent, with its support (gold lines carrying it). */
export interface IntentScore {
  readonly intent: Intent;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** How often one gold intent was recognized as another. */
export interface Confusion {
  readonly gold: Intent;
  readonly predicted: Intent;
  readonly count: number;
}

/** The headline figures, exactly the final JSON line of the eval command. */
export interface Summary {
  readonly n: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly amountAccuracy: number;
  readonly dateAccuracy: number;
  readonly countAccuracy: number;
  /** Date accuracy over the `already_paid` gold lines carrying a date (resolved back from today). */
  readonly pastDateAccuracy: number;
  /** Date accuracy over the other gold lines carrying a date (resolved forward from today). */
  readonly futureDateAccuracy: number;
}

/** How many gold lines with a date each direction has. */
export type DateSupport = Readonly<Record<DateDirection, number>>;

/** Everything the eval command reports. */
export interface Evaluation {
  readonly summary: Summary;
  readonly perIntent: readonly IntentScore[];
  readonly confusions: readonly Confusion[];
  /** Gold lines with a date, per direction (the denominators of the per-direction date accuracies). */
  readonly dateSupport: DateSupport;
}

/** One gold line with what the recognizer answered. */
export interface Scored {
  readonly gold: GoldLine;
  readonly intent: Intent;
  readonly entities: Entities;
}

/**
 * Scores predictions: accuracy, per-intent P/R/F1, macro F1 over every intent seen in gold or predictions, and exact-match
 * entity accuracies over the gold lines carrying that entity (an amount matches on value, and on currency when the gold
 * currency is not null), the date one also split by direction ({@link goldDateDirection}). A figure with no lines to measure is 1.
 */
export function evaluate(scored: readonly Scored[]): Evaluation {
  const intents = [...new Set(scored.flatMap((s) => [s.gold.intent, s.intent]))].sort();
  const perIntent = intents.map((intent) => scoreIntent(intent, scored));
  const confusionCounts = new Map<string, Confusion>();
  for (const { gold, intent } of scored) {
    if (gold.intent === intent) continue;
    const key = `${gold.intent}>${intent}`;
    const previous = confusionCounts.get(key)?.count ?? 0;
    confusionCounts.set(key, { gold: gold.intent, predicted: intent, count: previous + 1 });
  }
  const confusions = [...confusionCounts.values()].sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold));
  const pastLines = scored.filter((s) => goldDateDirection(s.gold) === 'past');
  const futureLines = scored.filter((s) => goldDateDirection(s.gold) === 'future');
  const summary: Summary = {
    n: scored.length,
    accuracy: ratio(scored.filter((s) => s.gold.intent === s.intent).length, scored.length),
    macroF1: ratio(
      perIntent.reduce((sum, score) => sum + score.f1, 0),
      perIntent.length,
    ),
    amountAccuracy: entityAccuracy(scored, 'amount'),
    dateAccuracy: entityAccuracy(scored, 'date'),
    countAccuracy: entityAccuracy(scored, 'count'),
    pastDateAccuracy: entityAccuracy(pastLines, 'date'),
    futureDateAccuracy: entityAccuracy(futureLines, 'date'),
  };
  const withDate = (lines: readonly Scored[]): number => lines.filter((s) => s.gold.entities.date !== undefined).length;
  return { summary, perIntent, confusions, dateSupport: { past: withDate(pastLines), future: withDate(futureLines) } };
}

/** The direction a gold line's date is written in: back for `already_paid`, forward for every other intent. */
export function goldDateDirection(gold: GoldLine): DateDirection {
  return gold.intent === 'already_paid' ? 'past' : 'future';
}

function scoreIntent(intent: Intent, scored: readonly Scored[]): IntentScore {
  const truePositives = scored.filter((s) => s.gold.intent === intent && s.intent === intent).length;
  const predicted = scored.filter((s) => s.intent === intent).length;
  const support = scored.filter((s) => s.gold.intent === intent).length;
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = support === 0 ? 0 : truePositives / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { intent, precision, recall, f1, support };
}

/**
 * Whether the recognized entity equals the gold one exactly; an amount matches on value (both canonical decimal strings, so
 * "1234.5" equals a gold 1234.50), and on currency too when the gold currency is not null. False when either side lacks the entity.
 */
export function entityMatches({ gold, entities }: Scored, name: keyof Entities): boolean {
  if (name !== 'amount') return gold.entities[name] !== undefined && entities[name] === gold.entities[name];
  const expected = gold.entities.amount;
  const actual = entities.amount;
  if (expected === undefined || actual === undefined) return false;
  return actual.value === expected.value && (expected.currency === null || actual.currency === expected.currency);
}

function entityAccuracy(scored: readonly Scored[], name: keyof Entities): number {
  const relevant = scored.filter((s) => s.gold.entities[name] !== undefined);
  return ratio(relevant.filter((s) => entityMatches(s, name)).length, relevant.length);
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
