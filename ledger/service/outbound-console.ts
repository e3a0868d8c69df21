import { isoWithOffset, localTimeAt } from '../../lib/calendar.js';
import { NotFoundError } from '../errors.js';
import { writeAudit } from '../store/audit.js';
import { findDebtorContactFacts } from '../store/outbound-route-rows.js';
import { contactLogOf } from '../store/outbound-job-rows.js';
import { deletePause, insertPause, pauseScopeOf, pauseScopes, upcomingJobs } from '../store/outbound-pause-rows.js';
import { dateColumn } from '../store/sql-columns.js';
import type { LedgerContext } from './context.js';

/** One day of the upcoming plan (the debtors' local date), with its contacts. */
export interface PlanDay {
  readonly date: string;
  readonly count: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly byChannel: Readonly<Record<string, number>>;
  /** The first contacts of the day (up to 50), in time order. */
  readonly contacts: ReadonlyArray<{ debtorRef: string; accountRef: string; kind: string; channel: string; at: string }>;
}

/** The upcoming plan as supervisors see it: by day, and whether everything is paused. */
export interface UpcomingPlan {
  readonly pausedAll: boolean;
  readonly total: number;
  readonly days: readonly PlanDay[];
}

/** The stored plan (planned jobs) from `fromMs` for `days` days, grouped by the debtors' local date. */
export async function upcomingPlan(context: LedgerContext, fromMs: number, days: number): Promise<UpcomingPlan> {
  const jobs = await upcomingJobs(context.sql, new Date(fromMs), new Date(fromMs + days * 86_400_000));
  const byDate = new Map<
    string,
    { count: number; byKind: Record<string, number>; byChannel: Record<string, number>; contacts: PlanDay['contacts'][number][] }
  >();
  for (const job of jobs) {
    const atMs = (dateColumn(job.dueAt) as Date).getTime();
    const date = localTimeAt(atMs, job.timezone).dateIso;
    const day = byDate.get(date) ?? { count: 0, byKind: {}, byChannel: {}, contacts: [] };
    day.count += 1;
    day.byKind[job.kind] = (day.byKind[job.kind] ?? 0) + 1;
    day.byChannel[job.channel] = (day.byChannel[job.channel] ?? 0) + 1;
    if (day.contacts.length < 50)
      day.contacts.push({
        debtorRef: job.debtorRef,
        accountRef: job.accountRef,
        kind: job.kind,
        channel: job.channel,
        at: isoWithOffset(atMs, job.timezone),
      });
    byDate.set(date, day);
  }
  return {
    pausedAll: (await pauseScopes(context.sql)).has('all'),
    total: jobs.length,
    days: [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, day]) => ({ date, ...day })),
  };
}

/** Pauses (or resumes) outbound contact for one debtor, or for everyone (null), audited; true when it changed. NotFoundError for an unknown debtor. */
export async function setOutboundPause(
  context: LedgerContext,
  input: { readonly debtorId: string | null; readonly paused: boolean; readonly agentId: string; readonly now: Date },
): Promise<boolean> {
  if (input.debtorId !== null && !(await findDebtorContactFacts(context.sql, input.debtorId))) throw new NotFoundError('debtor');
  return context.sql.transaction(async (sql) => {
    const changed = input.paused
      ? await insertPause(sql, { debtorId: input.debtorId, agentId: input.agentId, at: input.now })
      : await deletePause(sql, input.debtorId);
    if (changed)
      await writeAudit(sql, {
        actor: { type: 'agent', id: input.agentId },
        action: input.paused ? 'outbound.paused' : 'outbound.resumed',
        entityType: input.debtorId === null ? 'Outbound' : 'Debtor',
        entityId: input.debtorId ?? 'all',
        data: { scope: pauseScopeOf(input.debtorId) },
      });
    return changed;
  });
}

/** A debtor's contact log (newest first, up to `limit`) and whether their outbound contact is paused (them, or everyone). */
export async function debtorContacts(
  context: LedgerContext,
  debtorId: string,
  limit = 50,
): Promise<{ readonly paused: boolean; readonly pausedAll: boolean; readonly log: Awaited<ReturnType<typeof contactLogOf>> }> {
  const [scopes, log] = await Promise.all([pauseScopes(context.sql), contactLogOf(context.sql, debtorId, limit)]);
  return { paused: scopes.has(pauseScopeOf(debtorId)), pausedAll: scopes.has('all'), log };
}
