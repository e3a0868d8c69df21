import type { Logger } from 'pino';
import { composeReceipt } from '../dialogs/receipts.js';
import { appendMessage, claimReceipt, pendingReceipts, receiptRouteOf, type LedgerContext, type ReceiptDue } from '../ledger/index.js';
import type { ChannelSenders } from './channel-senders.js';
import { errorForLog } from './logger.js';
import type { OutboundGate } from './outbound-gate.js';

/** What the receipt sender needs. */
export interface ReceiptSenderOptions {
  readonly ledger: LedgerContext;
  readonly senders: ChannelSenders;
  readonly gate: OutboundGate;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Sends each recorded payment's (and reversal's) receipt once to the debtor's verified conversation, through the gate
 * of DESIGN §11 (a receipt is an answer, not collection contact, and still never goes to an opted-out channel or a
 * wrong person). Payments from any source are picked up: a webhook asks for a flush at once, and a timer catches the
 * rest (a bank file imported by the CLI, a restart).
 */
export class ReceiptSender {
  private running: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReceiptSenderOptions) {}

  /** Sends the receipts due now; flushes never overlap. Resolves with how many were sent. */
  flush(): Promise<number> {
    this.running = this.running.then(
      () => this.sendDue(),
      () => this.sendDue(),
    );
    return this.running;
  }

  /** Flushes every `everyMs` until stopped. */
  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.options.logger.warn({ err: errorForLog(error) }, 'receipts not sent'));
    }, everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a flush in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running.catch(() => 0);
  }

  private async sendDue(): Promise<number> {
    const { ledger, now } = this.options;
    let sent = 0;
    for (const receipt of await pendingReceipts(ledger, now())) {
      // Taken before sending: a receipt goes at most once, even with several servers or a crash mid-send.
      if (!(await claimReceipt(ledger, receipt.paymentId, now()))) continue;
      if (await this.send(receipt)) sent += 1;
    }
    return sent;
  }

  private async send(receipt: ReceiptDue): Promise<boolean> {
    const { ledger, senders, gate, logger } = this.options;
    const route = await receiptRouteOf(ledger, receipt);
    if (!route) {
      logger.info({ paymentId: receipt.paymentId }, 'receipt not sent: the debtor has no verified conversation');
      return false;
    }
    const target = { channel: route.channel, channelUserId: route.channelUserId, debtorId: receipt.debtorId };
    if (!(await gate.allows(target, 'service', 'receipt', route.conversationId))) return false;
    const text = composeReceipt(receipt, receipt.language === 'en' ? 'en' : 'es', receipt.country);
    try {
      await senders.send(route.channel, route.referenceJson, text);
    } catch (error) {
      logger.warn({ paymentId: receipt.paymentId, channel: route.channel, err: errorForLog(error) }, 'receipt undeliverable');
      return false;
    }
    await appendMessage(ledger, { conversationId: route.conversationId, direction: 'out', author: 'bot', text });
    return true;
  }
}
