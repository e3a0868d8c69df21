import type { Found } from './found.js';
import type { NumberMention } from './numbers.js';
import { overlapsAny } from './span.js';
import type { Span } from './span.js';

/** Largest installment count the NLU proposes (ten years of monthly payments). */
export const MAX_COUNT = 120;

const UNIT_AFTER =
  /^\s*-?\s*(?:(?:monthly|small|equal|easy)\s+)?(cuotas?|pagos|partes|mensualidades|abonos|letras|meses|quincenas|installments?|instalments?|payments|months|month plan|parts|chunks|quotas|pagos? mensuales|monthly)(?![a-z])/;
const SPLIT_BEFORE =
  /(?:(?:divid\w*|partid[oa]s?|repartid[oa]s?|fraccion\w*|split(?: it| this| that| the \w+)?|divide[ds]?(?: it)?|break(?: it)?(?: up)?)\s+(?:en|in|into)|plan\s+(?:de|a))\s*$/;
const PAST_BEFORE = /(?:hace|behind|atrasad[oa] por|late by)\s*$/;
const PAST_AFTER = /^\s*(?:ago|de atraso|atrasad|de mora|en mora|behind|late|overdue|sin pagar|que no pago|que no he pagado|without paying)/;

/**
 * Finds the number of installments: a number followed by "cuotas", "pagos", "meses", "payments", "months"…
 * ("en 6 cuotas", "a 12 meses", "3 payments") or after "dividido en" / "split into" / "plan de". Months behind ("hace 3 meses",
 * "3 months late") are not counts.
 */
export function extractCount(folded: string, mentions: readonly NumberMention[], claimed: readonly Span[]): Found<number> | null {
  for (const mention of mentions) {
    const { span, value } = mention;
    if (!Number.isInteger(value) || value < 1 || value > MAX_COUNT || overlapsAny(span, claimed)) continue;
    const before = folded.slice(0, span[0]);
    const unit = UNIT_AFTER.exec(folded.slice(span[1]));
    if (unit !== null) {
      const end = span[1] + unit[0].length;
      if (!PAST_BEFORE.test(before) && !PAST_AFTER.test(folded.slice(end))) return { value, span: [span[0], end] };
      continue;
    }
    if (SPLIT_BEFORE.test(before)) return { value, span };
  }
  return null;
}
