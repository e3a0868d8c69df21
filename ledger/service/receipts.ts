import { findReceiptRoute, receiptsDue, takeReceipt, type ReceiptDue, type ReceiptRoute } from '../store/receipt-rows.js';
import type { LedgerContext } from './context.js';

export type { ReceiptDue, ReceiptRoute } from '../store/receipt-rows.js';

/** How far back a receipt is still worth sending: older payments are marked without one. */
export const RECEIPT_WINDOW_DAYS = 7;

/** Payments and reversals from the last week whose receipt was not sent yet, oldest first. */
export function pendingReceipts(context: LedgerContext, now: Date, limit = 100): Promise<ReceiptDue[]> {
  return receiptsDue(context.prisma, new Date(now.getTime() - RECEIPT_WINDOW_DAYS * 86_400_000), limit);
}

/** Claims a receipt before sending it, so it goes at most once (the claim is the record that it was handled). */
export function claimReceipt(context: LedgerContext, paymentId: string, now: Date): Promise<boolean> {
  return takeReceipt(context.prisma, paymentId, now);
}

/** Where the receipt of a payment may go (DESIGN §11): a verified conversation of the debtor's, or null. */
export function receiptRouteOf(context: LedgerContext, receipt: ReceiptDue): Promise<ReceiptRoute | null> {
  return findReceiptRoute(context.prisma, receipt.debtorId, receipt.conversationId);
}
