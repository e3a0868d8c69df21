import { addDays, instantAtLocalTime, localTimeAt } from '../../lib/calendar.js';
import { kindTier, lastUsefulDay, type ContactKind, type OutboundCadence } from './contact-kinds.js';
import type { ContactRules, CountryRules } from './contact-rules.js';
import { nextContactTime } from './contact-window.js';
import { frequencyRefusal, type CountedContact } from './frequency.js';

/** An account as the planner sees it. */
export interface PlanningAccount {
  readonly id: string;
  readonly ref: string;
  /** "active" | "on_hold" | "settled" | "closed" */
  readonly status: string;
  readonly balanceMinor: bigint;
  readonly dueDateIso: string;
  /** The pending installments of the agreement in force, or null when there is none. */
  readonly pendingInstallmentDates: readonly string[] | null;
  /** Promises not kept: their date and status ("pending" | "broken"). */
  readonly openPromises: ReadonlyArray<{ readonly dueDateIso: string; readonly status: string }>;
}

/** A debtor as the planner sees it: where they live, how they can be reached, and what was already sent. */
export interface PlanningDebtor {
  readonly id: string;
  /** The lender's id (`debtor_id` of the import). */
  readonly ref: string;
  readonly country: string;
  readonly timezone: string;
  /** Paused by the operator (this debtor, or everyone). */
  readonly paused: boolean;
  /** Channels that can reach the debtor and are not opted out or marked "wrong person", preferred first. */
  readonly channels: readonly string[];
  readonly accounts: readonly PlanningAccount[];
  /** Contacts already made (they count toward the frequency limits), with their keys (never planned again). */
  readonly made: ReadonlyArray<CountedContact & { readonly key: string }>;
}

/** One contact of the plan. */
export interface PlannedContact {
  /** Debtor, account, kind and the date it is for: the same contact always has the same key. */
  readonly key: string;
  readonly debtorId: string;
  readonly debtorRef: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly kind: ContactKind;
  readonly channel: string;
  /** The date the contact is about (the due date, the installment's or the promise's date). */
  readonly aboutDateIso: string;
  /** The date the cadence puts it on (aboutDateIso moved by the offset). */
  readonly forDateIso: string;
  /** When it goes out (UTC milliseconds); in the debtor's zone always inside the country's hours. */
  readonly atMs: number;
  /** The debtor's local date at `atMs`. */
  readonly localDateIso: string;
  readonly timezone: string;
}

/** Why a contact the cadence asks for is not in the plan. */
export type DropReason =
  | 'paused'
  | 'account_on_hold'
  | 'no_contact_rules'
  | 'no_channel'
  | 'no_allowed_time'
  | 'max_per_day'
  | 'max_per_week'
  | 'min_days_apart'
  | 'one_channel_per_week';

/** A contact the cadence asked for and the rules left out. */
export interface DroppedContact {
  readonly key: string;
  readonly debtorRef: string;
  readonly accountRef: string;
  readonly kind: ContactKind;
  readonly forDateIso: string;
  readonly reason: DropReason;
}

interface Candidate {
  readonly key: string;
  readonly account: PlanningAccount;
  readonly kind: ContactKind;
  readonly aboutDateIso: string;
  readonly forDateIso: string;
  readonly lastDateIso: string;
  readonly earliestMs: number;
}

/** The contact key: debtor, account, kind and the date the contact is for. */
export function contactKey(debtorId: string, accountId: string, kind: ContactKind, forDateIso: string): string {
  return `${debtorId}|${accountId}|${kind}|${forDateIso}`;
}

/** The dates an account's contacts are about, per kind (what the cadence's offsets apply to). */
function aboutDates(account: PlanningAccount): Array<{ readonly kind: ContactKind; readonly dates: readonly string[] }> {
  const pendingPromiseDates = account.openPromises.filter((promise) => promise.status === 'pending').map((promise) => promise.dueDateIso);
  const promiseDates = account.openPromises.map((promise) => promise.dueDateIso);
  const collections: Array<{ kind: ContactKind; dates: readonly string[] }> =
    account.pendingInstallmentDates === null
      ? [
          { kind: 'pre_due', dates: [account.dueDateIso] },
          { kind: 'due_today', dates: [account.dueDateIso] },
          { kind: 'past_due', dates: [account.dueDateIso] },
        ]
      : [{ kind: 'installment_due', dates: account.pendingInstallmentDates }];
  return [...collections, { kind: 'promise_due', dates: pendingPromiseDates }, { kind: 'broken_promise', dates: promiseDates }];
}

/** The contacts the cadence asks for on one account between two local dates, not yet made. */
function candidatesOf(
  debtor: PlanningDebtor,
  account: PlanningAccount,
  cadence: OutboundCadence,
  window: { readonly fromMs: number; readonly firstDateIso: string; readonly lastDateIso: string },
  made: ReadonlySet<string>,
): Candidate[] {
  if (account.status !== 'active' || account.balanceMinor <= 0n) return [];
  // A debtor who promised a date is not chased as late before it.
  const promisedUntil = account.openPromises
    .filter((promise) => promise.status === 'pending')
    .reduce((latest, promise) => (promise.dueDateIso > latest ? promise.dueDateIso : latest), '');
  const candidates: Candidate[] = [];
  for (const { kind, dates } of aboutDates(account)) {
    for (const aboutDateIso of dates) {
      for (const offset of cadence.offsets[kind]) {
        const forDateIso = addDays(aboutDateIso, offset);
        const lastDateIso = addDays(aboutDateIso, lastUsefulDay[kind](offset));
        if (lastDateIso < window.firstDateIso || forDateIso > window.lastDateIso || lastDateIso < forDateIso) continue;
        if (kind === 'past_due' && forDateIso <= promisedUntil) continue;
        const key = contactKey(debtor.id, account.id, kind, forDateIso);
        if (made.has(key)) continue;
        const aimedMs = instantAtLocalTime(forDateIso, cadence.sendAtMinute, debtor.timezone);
        candidates.push({ key, account, kind, aboutDateIso, forDateIso, lastDateIso, earliestMs: Math.max(aimedMs, window.fromMs) });
      }
    }
  }
  return candidates;
}

/**
 * Plans one debtor's contacts in [fromMs, untilMs): each contact the cadence asks for goes at its aimed local time,
 * or the next moment the country's rules allow (hours, holidays, frequency, one channel a week) while it is still
 * useful; otherwise it is dropped with the reason. The more urgent kinds are placed first; the plan is in time order.
 */
export function planDebtor(
  debtor: PlanningDebtor,
  rules: ContactRules,
  cadence: OutboundCadence,
  fromMs: number,
  untilMs: number,
): { readonly planned: PlannedContact[]; readonly dropped: DroppedContact[] } {
  const firstDateIso = localTimeAt(fromMs, debtor.timezone).dateIso;
  const lastDateIso = localTimeAt(untilMs - 1, debtor.timezone).dateIso;
  const made = new Set(debtor.made.map((contact) => contact.key));
  const candidates = debtor.accounts
    .flatMap((account) => candidatesOf(debtor, account, cadence, { fromMs, firstDateIso, lastDateIso }, made))
    .sort(
      (a, b) =>
        kindTier[a.kind] - kindTier[b.kind] ||
        a.earliestMs - b.earliestMs ||
        (a.account.ref < b.account.ref ? -1 : a.account.ref > b.account.ref ? 1 : 0),
    );
  const planned: PlannedContact[] = [];
  const dropped: DroppedContact[] = [];
  const drop = (candidate: Candidate, reason: DropReason) =>
    dropped.push({
      key: candidate.key,
      debtorRef: debtor.ref,
      accountRef: candidate.account.ref,
      kind: candidate.kind,
      forDateIso: candidate.forDateIso,
      reason,
    });
  const country = rules.countries.get(debtor.country);
  const blocker = debtorBlocker(debtor, country);
  if (blocker || !country) {
    for (const candidate of candidates) drop(candidate, blocker ?? 'no_contact_rules');
    return { planned, dropped };
  }
  const counted: CountedContact[] = [...debtor.made];
  // The more urgent kinds take their days first; the frequency limits do not depend on the order contacts are counted in.
  for (const candidate of candidates) {
    let refusal: DropReason = 'no_allowed_time';
    const channelOn = (dateIso: string) =>
      debtor.channels.find((channel) => {
        const reason = frequencyRefusal(country, counted, dateIso, channel);
        if (reason) refusal = reason;
        return reason === null;
      });
    const lastDate = candidate.lastDateIso < lastDateIso ? candidate.lastDateIso : lastDateIso;
    const atMs = nextContactTime(country, debtor.timezone, {
      fromMs: candidate.earliestMs,
      lastDateIso: lastDate,
      preferredMinute: cadence.sendAtMinute,
      acceptsDay: (dateIso) => channelOn(dateIso) !== undefined,
    });
    if (atMs === null || atMs >= untilMs) {
      drop(candidate, refusal);
      continue;
    }
    const localDateIso = localTimeAt(atMs, debtor.timezone).dateIso;
    const channel = channelOn(localDateIso) as string;
    counted.push({ dateIso: localDateIso, channel });
    planned.push({
      key: candidate.key,
      debtorId: debtor.id,
      debtorRef: debtor.ref,
      accountId: candidate.account.id,
      accountRef: candidate.account.ref,
      kind: candidate.kind,
      channel,
      aboutDateIso: candidate.aboutDateIso,
      forDateIso: candidate.forDateIso,
      atMs,
      localDateIso,
      timezone: debtor.timezone,
    });
  }
  planned.sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1));
  return { planned, dropped };
}

/** What keeps every contact of a debtor out of the plan, if anything. */
function debtorBlocker(debtor: PlanningDebtor, country: CountryRules | undefined): DropReason | null {
  if (debtor.paused) return 'paused';
  if (debtor.accounts.some((account) => account.status === 'on_hold')) return 'account_on_hold';
  if (!country) return 'no_contact_rules';
  if (debtor.channels.length === 0) return 'no_channel';
  return null;
}
