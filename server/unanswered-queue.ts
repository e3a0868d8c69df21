import type { Logger } from 'pino';
import { messagesFor } from '../dialogs/messages/index.js';
import { appendMessage, findUnanswered, markWaitNoticeSent, type LedgerContext } from '../ledger/index.js';
import type { ChannelSenders } from './channel-senders.js';
import type { ConversationEvents } from '../bot/conversation-events.js';
import { errorForLog } from './logger.js';
import type { OutboundGate } from './outbound-gate.js';

/** Settings of the unanswered-queue watcher. */
export interface UnansweredQueueOptions {
  readonly ledger: LedgerContext;
  readonly senders: ChannelSenders;
  readonly events: ConversationEvents;
  readonly logger: Logger;
  readonly timeoutMinutes: number;
  readonly businessHours: { readonly es: string; readonly en: string };
  readonly now: () => Date;
  /** Asked before each notice: nothing goes to an opted-out or "wrong person" address. */
  readonly gate: OutboundGate;
}

/**
 * Tells debtors whose queued conversation nobody answered within `timeoutMinutes` when someone will
 * (business hours); once per handoff, and the conversation stays queued. Returns how many were told.
 */
export async function notifyUnanswered(options: UnansweredQueueOptions): Promise<number> {
  const now = options.now();
  const waiting = await findUnanswered(options.ledger, new Date(now.getTime() - options.timeoutMinutes * 60_000));
  let notified = 0;
  for (const handoff of waiting) {
    // Claimed once per handoff (another instance may have it); a notice the gate refuses is not tried again.
    if (!handoff.reference || !(await markWaitNoticeSent(options.ledger, handoff.handoffId, now))) continue;
    const target = { channel: handoff.channel, channelUserId: handoff.channelUserId, debtorId: handoff.debtorId };
    if (!(await options.gate.allows(target, 'service', 'queue_notice', handoff.conversationId))) continue;
    const language = handoff.locale?.toLowerCase().startsWith('en') ? 'en' : 'es';
    const text = messagesFor(language).handoffStillWaiting(options.businessHours[language]);
    try {
      await options.senders.send(handoff.channel, handoff.reference, text);
      await appendMessage(options.ledger, { conversationId: handoff.conversationId, direction: 'out', author: 'bot', text });
      options.events.publish({ type: 'message', conversationId: handoff.conversationId, author: 'bot', text, at: now.toISOString() });
      notified += 1;
    } catch (error) {
      options.logger.warn({ conversationId: handoff.conversationId, err: errorForLog(error) }, 'could not send the wait notice');
    }
  }
  return notified;
}

/** Checks the queue every `intervalMs`; returns the function that stops it. */
export function watchUnansweredQueue(options: UnansweredQueueOptions, intervalMs = 30_000): () => void {
  const timer = setInterval(() => {
    notifyUnanswered(options).catch((error: unknown) => options.logger.error({ err: errorForLog(error) }, 'unanswered-queue check failed'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
