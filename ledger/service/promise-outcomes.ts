import { addDays, dateInTimeZone } from '../../lib/calendar.js';
import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit } from '../store/audit.js';
import {
  decidePromise,
  type PendingPromiseRow,
  paidBetween,
  pendingPromisesDueBefore,
  promisesOfAccount,
  reopenPromise,
} from '../store/promise-outcome-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/**
 * Inside a payment's transaction: each pending promise of the account that the payments dated from the day it was made
 * (in the debtor's zone) to its date now reach is kept, with its audit event. Returns the ids kept.
 */
export async function keepPromisesReached(tx: LedgerTransaction, accountId: string): Promise<string[]> {
  const kept: string[] = [];
  for (const promise of await promisesOfAccount(tx, accountId)) {
    const paid = await paidTowards(tx, promise);
    if (paid < promise.amountMinor || !(await decidePromise(tx, promise.id, 'kept'))) continue;
    kept.push(promise.id);
    await writeAudit(tx, {
      actor: { type: 'system' },
      action: 'promise.kept',
      entityType: 'PaymentPromise',
      entityId: promise.id,
      data: { accountId, paidMinor: String(paid), promisedMinor: String(promise.amountMinor) },
    });
  }
  return kept;
}

/** What the account's payments dated from the day the promise was made (in the debtor's zone) to its date add up to. */
function paidTowards(tx: LedgerTransaction, promise: PendingPromiseRow): Promise<bigint> {
  const madeOnIso = dateInTimeZone(promise.createdAt, promise.timezone);
  return paidBetween(tx, { accountId: promise.accountId, fromIso: madeOnIso, toIso: promise.dueDateIso });
}

/**
 * Inside a reversal's transaction (after the reversed payment stopped counting): each kept promise of the account that
 * the remaining payments no longer reach is pending again, with its audit event; once its date has passed, the next
 * check breaks it. Returns the ids reopened.
 */
export async function reopenPromisesNoLongerReached(tx: LedgerTransaction, accountId: string): Promise<string[]> {
  const reopened: string[] = [];
  for (const promise of await promisesOfAccount(tx, accountId, 'kept')) {
    const paid = await paidTowards(tx, promise);
    if (paid >= promise.amountMinor || !(await reopenPromise(tx, promise.id))) continue;
    reopened.push(promise.id);
    await writeAudit(tx, {
      actor: { type: 'system' },
      action: 'promise.reopened',
      entityType: 'PaymentPromise',
      entityId: promise.id,
      data: { accountId, paidMinor: String(paid), promisedMinor: String(promise.amountMinor) },
    });
  }
  return reopened;
}

/**
 * Marks broken every pending promise whose date has passed in the debtor's own zone (the day after it, unpaid), each
 * with its audit event. Run it regularly (the outbound scheduler does, every tick); returns how many broke.
 */
export async function breakOverduePromises(context: LedgerContext, now: Date): Promise<number> {
  // Every zone's today is at least the UTC date minus one day: promises due before tomorrow in UTC are the candidates.
  const candidates = await pendingPromisesDueBefore(context.sql, addDays(dateInTimeZone(now, 'UTC'), 1));
  let broken = 0;
  for (const promise of candidates) {
    if (promise.dueDateIso >= dateInTimeZone(now, promise.timezone)) continue;
    const decided = await inTransaction(context, async (tx) => {
      if (!(await decidePromise(tx, promise.id, 'broken'))) return false;
      await writeAudit(tx, {
        actor: { type: 'system' },
        action: 'promise.broken',
        entityType: 'PaymentPromise',
        entityId: promise.id,
        data: { accountId: promise.accountId, dueDateIso: promise.dueDateIso },
      });
      return true;
    });
    if (decided) broken += 1;
  }
  return broken;
}
