// Receipts: payments (and reversals) the debtor has not been told about yet, and the claim that one is being sent.
import type { LedgerDb } from './ledger-db.js';
import { toMinorNumber } from './numbers.js';

/** A payment due a receipt, with what the receipt says and where it may go. */
export interface ReceiptDue {
  readonly paymentId: string;
  readonly kind: 'payment' | 'reversal';
  readonly debtorId: string;
  /** The debtor's language ("es" | "en") and country, for the receipt's words and money format. */
  readonly language: string;
  readonly country: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly creditMinor: number;
  /** The account's balance now. */
  readonly balanceMinor: number;
  /** The conversation that asked for the link it paid, if any. */
  readonly conversationId: string | null;
  readonly createdAt: Date;
}

/** Payments recorded since `since` with no receipt yet, oldest first (at most `limit`). */
export async function receiptsDue(db: LedgerDb, since: Date, limit: number): Promise<ReceiptDue[]> {
  const rows = await db.payment.findMany({
    where: { receiptAt: null, createdAt: { gte: since } },
    include: {
      account: { select: { debtorId: true, externalRef: true, balanceMinor: true, debtor: { select: { language: true, country: true } } } },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  const linkIds = [...new Set(rows.flatMap((row) => (row.linkId ? [row.linkId] : [])))];
  const links = linkIds.length
    ? await db.paymentLink.findMany({ where: { id: { in: linkIds } }, select: { id: true, conversationId: true } })
    : [];
  return rows.map((row) => ({
    paymentId: row.id,
    kind: row.kind === 'reversal' ? 'reversal' : 'payment',
    debtorId: row.account.debtorId,
    language: row.account.debtor.language,
    country: row.account.debtor.country,
    accountId: row.accountId,
    accountRef: row.account.externalRef,
    currency: row.currency,
    amountMinor: toMinorNumber(row.amountMinor),
    creditMinor: toMinorNumber(row.creditMinor),
    balanceMinor: toMinorNumber(row.account.balanceMinor),
    conversationId: links.find((link) => link.id === row.linkId)?.conversationId ?? null,
    createdAt: row.createdAt,
  }));
}

/** Takes a payment's receipt for sending (once, even with several senders); false when another took it. */
export async function takeReceipt(db: LedgerDb, paymentId: string, at: Date): Promise<boolean> {
  const updated = await db.payment.updateMany({ where: { id: paymentId, receiptAt: null }, data: { receiptAt: at } });
  return updated.count === 1;
}

/** Where a receipt may go: a conversation of the debtor's on a channel where they verified, with its stored reference. */
export interface ReceiptRoute {
  readonly channel: string;
  readonly channelUserId: string;
  readonly conversationId: string;
  readonly referenceJson: string;
}

/**
 * The conversation a receipt goes to: the one that asked for the payment link when its channel user verified as this
 * debtor, else the debtor's most recently active conversation on a channel where they verified; null when none.
 * A receipt never starts a chat the debtor did not have.
 */
export async function findReceiptRoute(db: LedgerDb, debtorId: string, conversationId: string | null): Promise<ReceiptRoute | null> {
  const identities = await db.channelIdentity.findMany({
    where: { debtorId, verifiedAt: { not: null } },
    select: { channel: true, channelUserId: true },
  });
  if (identities.length === 0) return null;
  const conversations = await db.conversation.findMany({
    where: {
      reference: { not: null },
      OR: identities.map((identity) => ({ channel: identity.channel, channelUserId: identity.channelUserId })),
    },
    select: { id: true, channel: true, channelUserId: true, reference: true },
    orderBy: { updatedAt: 'desc' },
    take: 20,
  });
  const chosen = conversations.find((conversation) => conversation.id === conversationId) ?? conversations[0];
  return chosen?.reference
    ? { channel: chosen.channel, channelUserId: chosen.channelUserId, conversationId: chosen.id, referenceJson: chosen.reference }
    : null;
}
