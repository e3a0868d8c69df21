import { randomInt } from 'node:crypto';
import { NotFoundError, LedgerError } from '../errors.js';
import { findAccount, setAccountStatus } from '../store/account-rows.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { findDisputeByKey, findStatusBeforeHold, insertDispute, type DisputeView } from '../store/dispute-rows.js';
import { writeOnce } from '../store/idempotency.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

export type { DisputeView } from '../store/dispute-rows.js';

/** Why a debtor disputes an account. */
export const disputeCategories = ['not_mine', 'amount_wrong', 'already_paid', 'fraud', 'other'] as const;

/** One of disputeCategories. */
export type DisputeCategory = (typeof disputeCategories)[number];

/** Input of openDispute. */
export interface DisputeInput {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly category: DisputeCategory;
  /** The debtor's own words (stored, never logged). */
  readonly text: string;
  readonly actor: Actor;
}

const referenceAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short, unambiguous reference such as "DSP-7K2M9Q". */
export function makeDisputeReference(): string {
  return `DSP-${Array.from({ length: 6 }, () => referenceAlphabet[randomInt(referenceAlphabet.length)]).join('')}`;
}

/** Opens a dispute: the account goes on hold (no offers) until an agent resolves it. */
export async function openDispute(context: LedgerContext, input: DisputeInput): Promise<{ dispute: DisputeView; replayed: boolean }> {
  if (!disputeCategories.includes(input.category)) throw new LedgerError('invalid_category', `unknown dispute category ${input.category}`);
  const text = input.text.slice(0, 4000);
  const result = await writeOnce<DisputeView>({
    idempotencyKey: input.idempotencyKey,
    payload: { accountId: input.accountId, category: input.category, text },
    find: (key) => findDisputeByKey(context.prisma, key),
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const account = await findAccount(tx, input.accountId);
        if (!account) throw new NotFoundError('account');
        const previousStatus = (await findStatusBeforeHold(tx, account.id)) ?? account.status;
        await setAccountStatus(tx, { accountId: account.id, status: 'on_hold' });
        const created = await insertDispute(tx, {
          reference: makeDisputeReference(),
          account,
          category: input.category,
          text,
          previousStatus,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        await writeAudit(tx, {
          actor: input.actor,
          action: 'dispute.opened',
          entityType: 'Account',
          entityId: account.id,
          data: {
            disputeId: created.id,
            reference: created.reference,
            category: input.category,
            statusBefore: account.status,
            statusAfter: 'on_hold',
          },
        });
        return created;
      }),
  });
  return { dispute: result.value, replayed: result.replayed };
}
