import { localTimeAt } from '../../lib/calendar.js';
import type { ContactRules } from '../outbound/contact-rules.js';
import { planDebtor } from '../outbound/planner.js';
import {
  claimJob,
  dropPlannedJob,
  dueJobs,
  expiredClaims,
  finishJob,
  insertContactAttempt,
  jobByKey,
  plannedJobKeysBetween,
  plannedJobUpsert,
  rescheduleJob,
  type OutboundJobRow,
} from '../store/outbound-job-rows.js';
import { findContactRoute, findDebtorContactFacts, type ContactRoute, type DebtorContactFacts } from '../store/outbound-route-rows.js';
import { loadPlanningDebtors } from '../store/outbound-rows.js';
import { chunked } from '../store/chunked.js';
import type { LedgerContext } from './context.js';
import { planningSinceDateIso, planOutbound, type OutboundPlanRequest } from './outbound-plan.js';

export type { OutboundJobRow } from '../store/outbound-job-rows.js';
export type { ContactRoute, DebtorContactFacts } from '../store/outbound-route-rows.js';

/** The start of the minute `epochMs` falls in: plans made "from now" may place a contact in the current minute. */
export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / 60_000) * 60_000;
}

/**
 * Plans [from, from + days) and stores it: each planned contact becomes a job (or moves, while still planned); planned
 * jobs in that span that the plan no longer has (paid, paused, disputed, opted out) are dropped. Idempotent. Returns
 * how many were planned and dropped, and the contacts the rules left out by reason.
 */
export async function refreshOutboundJobs(
  context: LedgerContext,
  request: OutboundPlanRequest,
): Promise<{ planned: number; dropped: number; leftOut: Record<string, number> }> {
  const plan = await planOutbound(context, request);
  const now = new Date();
  for (const contacts of chunked([...plan.planned], 500))
    await context.sql.batch(contacts.map((contact) => plannedJobUpsert(contact, now)));
  const keep = new Set(plan.planned.map((contact) => contact.key));
  const stale = (
    await plannedJobKeysBetween(context.sql, new Date(request.fromMs), new Date(request.fromMs + request.days * 86_400_000))
  ).filter((key) => !keep.has(key));
  for (const key of stale) await dropPlannedJob(context.sql, key, now);
  // What the cadence asked for and the rules left out, by reason (no personal data): the scheduler logs it.
  const leftOut: Record<string, number> = {};
  for (const contact of plan.dropped) leftOut[contact.reason] = (leftOut[contact.reason] ?? 0) + 1;
  return { planned: plan.planned.length, dropped: stale.length, leftOut };
}

/** The job stored under `key` (a contact key), or null. */
export async function findOutboundJob(context: LedgerContext, key: string): Promise<OutboundJobRow | null> {
  return jobByKey(context.sql, key);
}

/** Up to `limit` planned jobs due by `nowMs`, oldest first (not claimed yet: claim each right before sending it). */
export async function dueContacts(context: LedgerContext, nowMs: number, limit: number): Promise<OutboundJobRow[]> {
  return dueJobs(context.sql, new Date(nowMs), limit);
}

/**
 * Claims a due job for `leaseMs`; false when another sender claimed it first. Claim one job right before sending it:
 * if the process dies, only that one is left in doubt.
 */
export async function claimContact(context: LedgerContext, job: OutboundJobRow, nowMs: number, leaseMs: number): Promise<boolean> {
  return claimJob(context.sql, job.key, new Date(nowMs + leaseMs), new Date(nowMs));
}

/** What to do with a claimed contact now. */
export type SendDecision =
  | {
      readonly action: 'send';
      /** The planned channel first, then the debtor's other allowed channels (the fallbacks). */
      readonly channels: readonly string[];
      readonly debtor: DebtorContactFacts;
      readonly localDateIso: string;
      /** The US disclosure and opt-out statement go with the message. */
      readonly disclosure: boolean;
      /**
       * Why channels were passed over before these, for the contact log line of the one that carries it: a job put
       * back after its message was reported undeliverable says so ("whatsapp_cloud:undeliverable"); else empty.
       */
      readonly fellBackFrom: readonly string[];
    }
  | { readonly action: 'reschedule'; readonly atMs: number }
  | { readonly action: 'refuse'; readonly reason: string };

/**
 * The rules asked again at send time: the debtor's plan is made again from now, with everything as it is now (paid,
 * disputed, paused, opted out, contacts made since). The contact goes now if that plan has it now, moves if the plan has
 * it later, and is refused with the planner's reason if the plan leaves it out. A job with a channel excluded (put back
 * after its message was reported undeliverable there) is planned without that channel.
 */
export async function decideAtSendTime(
  context: LedgerContext,
  job: OutboundJobRow,
  request: { readonly nowMs: number; readonly rules: ContactRules; readonly channels: ReadonlySet<string> },
): Promise<SendDecision> {
  const sinceDateIso = planningSinceDateIso(request.nowMs);
  const [loaded] = await loadPlanningDebtors(context.sql, {
    sinceDateIso,
    channels: request.channels,
    debtorId: job.debtorId,
    fromMs: request.nowMs,
  });
  const facts = await findDebtorContactFacts(context.sql, job.debtorId);
  if (!loaded || !facts) return { action: 'refuse', reason: 'no_longer_due' };
  const excluded = job.excludedChannel;
  const debtor = excluded === null ? loaded : { ...loaded, channels: loaded.channels.filter((channel) => channel !== excluded) };
  // Planned from the start of this minute: the rules allow a minute or not, so "now" is allowed when its minute is.
  const plan = planDebtor(debtor, request.rules, context.policy.outbound, minuteOf(request.nowMs), request.nowMs + 45 * 86_400_000);
  const planned = plan.planned.find((contact) => contact.key === job.key);
  if (!planned) return { action: 'refuse', reason: plan.dropped.find((contact) => contact.key === job.key)?.reason ?? 'no_longer_due' };
  if (planned.atMs > request.nowMs) return { action: 'reschedule', atMs: planned.atMs };
  const rules = request.rules.countries.get(debtor.country);
  return {
    action: 'send',
    channels: [planned.channel, ...debtor.channels.filter((channel) => channel !== planned.channel)],
    debtor: facts,
    localDateIso: localTimeAt(request.nowMs, debtor.timezone).dateIso,
    disclosure: rules?.disclosure ?? false,
    fellBackFrom: excluded === null ? [] : [`${excluded}:undeliverable`],
  };
}

/** Where a message to the debtor on `channel` goes: the conversation to continue, or the address to start one. */
export async function contactRouteOf(context: LedgerContext, debtorId: string, channel: string): Promise<ContactRoute | null> {
  return findContactRoute(context.sql, debtorId, channel);
}

/** How a claimed contact ended, for the job and the contact log. */
export interface ContactOutcome {
  /** The job's new status: "sent", "notice" (web chat, shown at the next visit), "refused", "failed". */
  readonly status: 'sent' | 'notice' | 'refused' | 'failed';
  readonly channel: string;
  readonly template: string;
  readonly rulesVersion: string;
  readonly reason: string | null;
  readonly localDateIso: string;
  /** The provider's id of the message sent (its delivery statuses name it), when the channel gave one. */
  readonly providerMessageId?: string | null;
}

/** Ends a claimed job and writes its line in the contact log, in one transaction; false if the claim was lost meanwhile. */
export async function recordContactOutcome(
  context: LedgerContext,
  job: OutboundJobRow,
  outcome: ContactOutcome,
  nowMs: number,
): Promise<boolean> {
  const now = new Date(nowMs);
  return context.sql.transaction(async (sql) => {
    if (!(await finishJob(sql, job.key, outcome.status, now))) return false;
    await insertContactAttempt(sql, {
      jobKey: job.key,
      debtorId: job.debtorId,
      accountId: job.accountId,
      channel: outcome.channel,
      kind: job.kind,
      template: outcome.template,
      rulesVersion: outcome.rulesVersion,
      outcome: outcome.status === 'notice' ? 'sent' : outcome.status,
      reason: outcome.reason,
      localDateIso: outcome.localDateIso,
      attemptedAt: now,
      providerMessageId: outcome.providerMessageId ?? null,
    });
    return true;
  });
}

/** Puts a claimed job back in the plan at `atMs`. */
export async function rescheduleContact(context: LedgerContext, job: OutboundJobRow, atMs: number, nowMs: number): Promise<void> {
  await rescheduleJob(context.sql, job.key, new Date(atMs), new Date(nowMs));
}

/**
 * Jobs whose sender died mid-send (the claim ran out): whether the message left is unknown, so they are never sent
 * again (a debtor gets a reminder at most once); each is logged as failed, "interrupted". Returns how many.
 */
export async function recoverInterruptedContacts(context: LedgerContext, nowMs: number, rulesVersion: string): Promise<number> {
  let recovered = 0;
  for (const job of await expiredClaims(context.sql, new Date(nowMs))) {
    const facts = await findDebtorContactFacts(context.sql, job.debtorId);
    const localDateIso = localTimeAt(nowMs, facts?.timezone ?? 'UTC').dateIso;
    const outcome: ContactOutcome = {
      status: 'failed',
      channel: job.channel,
      template: '-',
      rulesVersion,
      reason: 'interrupted',
      localDateIso,
    };
    if (await recordContactOutcome(context, job, outcome, nowMs)) recovered += 1;
  }
  return recovered;
}
