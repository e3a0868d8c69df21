import { addDays, dateInTimeZone } from '../../lib/calendar.js';
import type { ContactRules } from '../outbound/contact-rules.js';
import { planDebtor, type DroppedContact, type PlannedContact } from '../outbound/planner.js';
import { loadPlanningDebtors } from '../store/outbound-rows.js';
import type { LedgerContext } from './context.js';

/** What to plan: from an instant, for a number of days, with the rules in force and the channels switched on. */
export interface OutboundPlanRequest {
  readonly fromMs: number;
  readonly days: number;
  readonly rules: ContactRules;
  /** Channels the configuration reaches debtors on: "webchat" (notices), "telegram", "whatsapp" (WHATSAPP_OUTBOUND). */
  readonly channels: ReadonlySet<string>;
}

/** The plan: the contacts in time order, and those the cadence asked for but the rules left out. */
export interface OutboundPlan {
  readonly planned: readonly PlannedContact[];
  readonly dropped: readonly DroppedContact[];
}

/** Longest a contact stays useful after the date it is for, plus the longest offset after a date (DESIGN §12 cadence). */
const lookBackDays = 40;

/** The oldest date a plan from `fromMs` still needs: promises due and contacts made since then can matter to it. */
export function planningSinceDateIso(fromMs: number): string {
  return addDays(dateInTimeZone(new Date(fromMs), 'UTC'), -lookBackDays);
}

/**
 * Plans every debtor's reminders and follow-ups in [from, from + days): the policy's cadence under the contact rules of
 * each debtor's country, in their own time zone. Deterministic for a given database and start; sends nothing.
 */
export async function planOutbound(context: LedgerContext, request: OutboundPlanRequest): Promise<OutboundPlan> {
  const untilMs = request.fromMs + request.days * 86_400_000;
  const debtors = await loadPlanningDebtors(context.sql, {
    sinceDateIso: planningSinceDateIso(request.fromMs),
    channels: request.channels,
    fromMs: request.fromMs,
  });
  const planned: PlannedContact[] = [];
  const dropped: DroppedContact[] = [];
  for (const debtor of debtors) {
    const plan = planDebtor(debtor, request.rules, context.policy.outbound, request.fromMs, untilMs);
    planned.push(...plan.planned);
    dropped.push(...plan.dropped);
  }
  planned.sort(
    (a, b) => a.atMs - b.atMs || compare(a.debtorRef, b.debtorRef) || compare(a.accountRef, b.accountRef) || compare(a.kind, b.kind),
  );
  return { planned, dropped };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
