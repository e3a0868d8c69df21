// How one payment is applied (DESIGN §13), decided without touching the database: what is owed is paid oldest due
// first (a plan's down payment and installments by due date, a settlement's lump sum), the rest of what is owed
// lowers the balance, and anything beyond what is owed becomes credit. Every part is exact and they sum to the payment.

/** One part of an agreement's schedule: the lump sum (sequence 0: a plan's down payment, a settlement's amount) or an installment. */
export interface Obligation {
  readonly target: 'lump_sum' | 'installment';
  /** 0 for the lump sum; the installment's 1-based sequence otherwise. */
  readonly sequence: number;
  readonly dueDateIso: string;
  readonly amountMinor: number;
  readonly paidMinor: number;
}

/** The agreement in force on the account, with what its schedule has been paid so far. */
export interface ScheduleState {
  readonly agreementId: string;
  readonly kind: 'plan' | 'settlement';
  readonly obligations: readonly Obligation[];
}

/** Where a part of a payment went. */
export interface Application {
  readonly target: 'lump_sum' | 'installment' | 'balance' | 'credit' | 'write_off';
  readonly agreementId: string | null;
  /** The obligation's sequence for lump_sum (0) and installment; null otherwise. */
  readonly sequence: number | null;
  readonly amountMinor: number;
}

/** The whole decision for one payment. */
export interface Allocation {
  /** Parts of the payment, in the order applied; they sum to the payment (write-offs aside). */
  readonly applications: readonly Application[];
  /** How much the balance goes down because of the payment itself. */
  readonly appliedMinor: number;
  readonly creditMinor: number;
  /** A settlement's discount written off when its amount is paid in full (not money received). */
  readonly writeOffMinor: number;
  /** Nothing is owed any more: the account is settled and its agreement completed. */
  readonly settles: boolean;
}

/** What is still owed on an obligation. */
export function remainingOf(obligation: Obligation): number {
  return Math.max(0, obligation.amountMinor - obligation.paidMinor);
}

/** The schedule's obligations in the order a payment reaches them: oldest due first, then by sequence. */
export function inPaymentOrder(obligations: readonly Obligation[]): Obligation[] {
  return [...obligations].sort((a, b) => a.dueDateIso.localeCompare(b.dueDateIso) || a.sequence - b.sequence);
}

/**
 * Decides how `amountMinor` applies to an account owing `balanceMinor` under `schedule` (or none). A settlement owes
 * only what remains of its agreed amount: paying it in full writes the discount off and settles the account.
 */
export function allocatePayment(amountMinor: number, balanceMinor: number, schedule: ScheduleState | null): Allocation {
  const ordered = schedule ? inPaymentOrder(schedule.obligations) : [];
  const scheduleRemaining = ordered.reduce((sum, item) => sum + remainingOf(item), 0);
  const balance = Math.max(0, balanceMinor);
  const owed = schedule?.kind === 'settlement' ? Math.min(balance, scheduleRemaining) : balance;
  const appliedMinor = Math.min(amountMinor, owed);
  const creditMinor = amountMinor - appliedMinor;
  const applications: Application[] = [];
  let left = appliedMinor;
  for (const obligation of ordered) {
    if (left === 0) break;
    const part = Math.min(left, remainingOf(obligation));
    if (part === 0) continue;
    applications.push({
      target: obligation.target,
      agreementId: schedule?.agreementId ?? null,
      sequence: obligation.sequence,
      amountMinor: part,
    });
    left -= part;
  }
  if (left > 0) applications.push({ target: 'balance', agreementId: null, sequence: null, amountMinor: left });
  const scheduleDone = schedule !== null && scheduleRemaining > 0 && appliedMinor >= scheduleRemaining;
  const writeOffMinor = schedule?.kind === 'settlement' && scheduleDone ? balance - appliedMinor : 0;
  if (writeOffMinor > 0)
    applications.push({ target: 'write_off', agreementId: schedule?.agreementId ?? null, sequence: null, amountMinor: writeOffMinor });
  if (creditMinor > 0) applications.push({ target: 'credit', agreementId: null, sequence: null, amountMinor: creditMinor });
  const settles = balance > 0 && balance - appliedMinor - writeOffMinor === 0;
  return { applications, appliedMinor, creditMinor, writeOffMinor, settles };
}

/** How a plan stands: completed (all paid), late (something due before today is unpaid), or current. */
export type PlanStanding = 'current' | 'late' | 'completed';

/** The standing of a schedule on `todayIso` (the debtor's today). */
export function planStanding(obligations: readonly Obligation[], todayIso: string): PlanStanding {
  if (obligations.every((item) => remainingOf(item) === 0)) return 'completed';
  return obligations.some((item) => item.dueDateIso < todayIso && remainingOf(item) > 0) ? 'late' : 'current';
}

/** The oldest obligation still owed (what "the next installment" is), or null when all are paid. */
export function nextObligation(obligations: readonly Obligation[]): Obligation | null {
  return inPaymentOrder(obligations).find((item) => remainingOf(item) > 0) ?? null;
}
