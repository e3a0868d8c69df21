import { addDays, dateInTimeZone } from '../../lib/calendar.js';
import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit } from '../store/audit.js';
import { decidePromise, paidBetween, pendingPromisesDueBefore, pendingPromisesOfAccount } from '../store/promise-outcome-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/**
 * Inside a payment's transaction: each pending promise of the account that the payments dated from the day it was made
 * (in the debtor's zone) to its date now reach is kept, with its audit event. Returns the ids kept.
 */
export async function keepPromisesReached(tx: LedgerTransaction, accountId: string): Promise<string[]> {
  const kept: string[] = [];
  for (const promise of await pendingPromisesOfAccount(tx, accountId)) {
    const madeOnIso = dateInTimeZone(promise.createdAt, promise.timezone);
    const paid = await paidBetween(tx, { accountId, fromIso: madeOnIso, toIso: promise.dueDateIso });
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

/**
 * Marks broken every pending promise whose date has passed in the debtor's own zone (the day after it, unpaid), each
 * with its audit event. Run it regularly (the outbound scheduler does, every tick); returns how many broke.
 */
export async function breakOverduePromises(context: LedgerContext, now: Date): Promise<number> {
  // Every zone's today is at least the UTC date minus one day: promises due before tomorrow in UTC are the candidates.
  const candidates = await pendingPromisesDueBefore(context.prisma, addDays(dateInTimeZone(now, 'UTC'), 1));
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
