import { entityMatches } from './metrics.js';
import type { Evaluation, Scored, Summary } from './metrics.js';

const MAX_CONFUSIONS = 12;
const MAX_EXAMPLES = 2;
const MAX_ENTITY_MISSES = 10;
const ENTITY_NAMES = ['amount', 'date', 'count'] as const;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The final line of the eval output: the summary as one JSON object, ratios rounded to 4 decimals. */
export function formatSummaryLine(summary: Summary): string {
  return JSON.stringify({
    n: summary.n,
    accuracy: round4(summary.accuracy),
    macroF1: round4(summary.macroF1),
    amountAccuracy: round4(summary.amountAccuracy),
    dateAccuracy: round4(summary.dateAccuracy),
    countAccuracy: round4(summary.countAccuracy),
    pastDateAccuracy: round4(summary.pastDateAccuracy),
    futureDateAccuracy: round4(summary.futureDateAccuracy),
  });
}

/**
 * The human-readable part of the eval output: the per-intent table, date accuracy per direction, the most frequent
 * confusions and entity misses, with examples.
 */
export function formatReport(evaluation: Evaluation, scored: readonly Scored[]): string {
  const lines = ['intent            precision  recall     f1  support'];
  for (const score of evaluation.perIntent) {
    lines.push(
      `${score.intent.padEnd(16)}  ${fixed(score.precision, 9)}  ${fixed(score.recall, 6)}  ${fixed(score.f1, 5)}  ${String(score.support).padStart(7)}`,
    );
  }
  const { summary, dateSupport } = evaluation;
  lines.push(
    '',
    'date accuracy by direction      accuracy  lines',
    `past (already_paid)             ${fixed(summary.pastDateAccuracy, 8)}  ${String(dateSupport.past).padStart(5)}`,
    `future (every other intent)     ${fixed(summary.futureDateAccuracy, 8)}  ${String(dateSupport.future).padStart(5)}`,
  );
  lines.push('', 'most frequent confusions (gold -> predicted):');
  if (evaluation.confusions.length === 0) lines.push('  none');
  for (const confusion of evaluation.confusions.slice(0, MAX_CONFUSIONS)) {
    const examples = scored
      .filter((s) => s.gold.intent === confusion.gold && s.intent === confusion.predicted)
      .slice(0, MAX_EXAMPLES)
      .map((s) => JSON.stringify(s.gold.text))
      .join(', ');
    lines.push(`  ${String(confusion.count).padStart(3)}  ${confusion.gold} -> ${confusion.predicted}   e.g. ${examples}`);
  }
  const misses = scored.flatMap((s) =>
    ENTITY_NAMES.filter((name) => s.gold.entities[name] !== undefined && !entityMatches(s, name)).map(
      (name) =>
        `  ${name}: expected ${JSON.stringify(s.gold.entities[name])}, got ${JSON.stringify(s.entities[name] ?? null)}   in ${JSON.stringify(s.gold.text)}`,
    ),
  );
  lines.push('', `entity misses (${misses.length}):`, ...(misses.length === 0 ? ['  none'] : misses.slice(0, MAX_ENTITY_MISSES)));
  return lines.join('\n');
}

function fixed(value: number, width: number): string {
  return value.toFixed(3).padStart(width);
}
