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
/** A correction or choice that names a bare number of installments: "no, mejor en 8", "que sean a 12", "hagámoslo en 4". */
const CORRECTION_BEFORE =
  /\b(?:mejor|mas\s+bien|mejor\s+dicho|o\s+sea|entonces|que\s+sean?|hagamos(?:lo)?|hagamosla|hagalo|hazlo|dejemos(?:lo)?|dejalo|dejelo|ponlo|pongalo|pongamos(?:lo)?|prefiero|mejor\s+que\s+sea|mejor\s+hagamos(?:lo)?)\s+(?:en|a)\s*$/;
/** Money or time right after a number, which a correction then names instead of installments ("mejor en 50 mil", "mejor en 3 días"). */
const NOT_INSTALLMENTS_AFTER =
  /^\s*(?:mil|k|lucas?|lukas?|palos?|pesos|dolares|soles|varos|bucks|dollars|millon|millones|dias?|semanas?|horas?|hrs|am|pm|%|[.,:/]\d)(?![a-z])/;
const PAST_BEFORE = /(?:hace|behind|atrasad[oa] por|late by)\s*$/;
const PAST_AFTER =
  /^\s*(?:ago|de atraso|atrasad|de mora|en mora|behind|late|overdue|sin pagar|que no pago|que no he pagado|without paying)/;

/**
 * Finds the number of installments: a number followed by "cuotas", "pagos", "meses", "payments", "months"…
 * ("en 6 cuotas", "a 12 meses", "3 payments"), or a bare number after "dividido en" / "split into" / "plan de" or after a
 * correction ("no, mejor en 8", "que sean a 12"). Months behind ("hace 3 meses",
 * "3 months late") are not counts.
 */
export function extractCount(folded: string, mentions: readonly NumberMention[], claimed: readonly Span[]): Found<number> | null {
  for (const mention of mentions) {
    const { span, decimal } = mention;
    const value = /^\d{1,3}$/.test(decimal) ? Number(decimal) : 0;
    if (value < 1 || value > MAX_COUNT || overlapsAny(span, claimed)) continue;
    const before = folded.slice(0, span[0]);
    const unit = UNIT_AFTER.exec(folded.slice(span[1]));
    if (unit !== null) {
      const end = span[1] + unit[0].length;
      if (!PAST_BEFORE.test(before) && !PAST_AFTER.test(folded.slice(end))) return { value, span: [span[0], end] };
      continue;
    }
    if (SPLIT_BEFORE.test(before)) return { value, span };
    if (CORRECTION_BEFORE.test(before) && !NOT_INSTALLMENTS_AFTER.test(folded.slice(span[1]))) return { value, span };
  }
  return null;
}
