import { randomInt } from 'node:crypto';
import { NotFoundError, LedgerError } from '../errors.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { writeOnce } from '../store/idempotency.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** Why a debtor disputes an account. */
export const disputeCategories = ['not_mine', 'amount_wrong', 'already_paid', 'fraud', 'other'] as const;

/** One of disputeCategories. */
export type DisputeCategory = (typeof disputeCategories)[number];

/** A dispute as recorded, with the reference given to the debtor. */
export interface DisputeView {
  readonly id: string;
  readonly reference: string;
  readonly accountId: string;
  readonly category: string;
  readonly status: string;
}

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
  const { prisma } = context;
  if (!disputeCategories.includes(input.category)) throw new LedgerError('invalid_category', `unknown dispute category ${input.category}`);
  const text = input.text.slice(0, 4000);
  const result = await writeOnce<DisputeView>({
    idempotencyKey: input.idempotencyKey,
    payload: { accountId: input.accountId, category: input.category, text },
    find: async (key) => {
      const row = await prisma.dispute.findUnique({ where: { idempotencyKey: key } });
      return row && { requestHash: row.requestHash, value: row };
    },
    write: (requestHash) =>
      inTransaction(context, async (tx) => {
        const account = await tx.account.findUnique({ where: { id: input.accountId } });
        if (!account) throw new NotFoundError('account');
        const openDisputeRow = await tx.dispute.findFirst({ where: { accountId: account.id, status: 'open' }, orderBy: { createdAt: 'asc' } });
        const previousStatus = openDisputeRow?.previousStatus ?? account.status;
        await tx.account.update({ where: { id: account.id }, data: { status: 'on_hold' } });
        const created = await tx.dispute.create({
          data: {
            reference: makeDisputeReference(),
            accountId: account.id,
            debtorId: account.debtorId,
            category: input.category,
            text,
            previousStatus,
            idempotencyKey: input.idempotencyKey,
            requestHash,
          },
        });
        await writeAudit(tx, {
          actor: input.actor,
          action: 'dispute.opened',
          entityType: 'Account',
          entityId: account.id,
          data: { disputeId: created.id, reference: created.reference, category: input.category, statusBefore: account.status, statusAfter: 'on_hold' },
        });
        return created;
      }),
  });
  const { id, reference, accountId, category, status } = result.value;
  return { dispute: { id, reference, accountId, category, status }, replayed: result.replayed };
}
