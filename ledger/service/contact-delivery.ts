import { lastInboundMessageAt } from '../store/message-rows.js';
import { applyDeliveryStatus, type DeliveryOutcome } from '../store/outbound-job-rows.js';
import type { LedgerContext } from './context.js';

export type { DeliveryOutcome } from '../store/outbound-job-rows.js';

/** A delivery status a channel's provider reported for a message sent on the bot's own initiative (a reminder). */
export interface DeliveryStatusReport {
  readonly channel: string;
  /** The provider's id of the message (WhatsApp Cloud API: the "wamid.…" it answered the send with). */
  readonly providerMessageId: string;
  readonly status: DeliveryOutcome;
  /** The provider's error code of a "failed" status (e.g. 131026 undeliverable). */
  readonly errorCode?: number;
  /** When the provider says it happened, in epoch milliseconds. */
  readonly atMs: number;
}

/** The reason written for a failed status that came without an error code. */
const failedWithoutCode = 'provider_failed';

/**
 * Writes a delivery status into the contact log: the attempt that message was sent in moves forward only (sent →
 * delivered → read, or sent → failed with the provider's error code as reason), so a late, repeated or out-of-order
 * status changes nothing. "changed" when it moved, "unchanged" when it was already there or further, "unknown" when no
 * attempt on that channel has that message id (a message that was not a reminder, or one from before erasure).
 * Contact outcomes are not money or status of a debt: like the rest of the contact log, no audit event.
 */
export async function recordDeliveryStatus(
  context: LedgerContext,
  report: DeliveryStatusReport,
): Promise<'changed' | 'unchanged' | 'unknown'> {
  const failed = report.status === 'failed';
  return applyDeliveryStatus(context.sql, {
    channel: report.channel,
    providerMessageId: report.providerMessageId,
    outcome: report.status,
    reason: failed ? (report.errorCode === undefined ? failedWithoutCode : String(report.errorCode)) : null,
    statusAt: new Date(report.atMs),
  });
}

/**
 * When the channel user last wrote to the bot on `channel`, in epoch milliseconds, or null when never: what a
 * customer-service window (WhatsApp's 24 hours, in which free text may be sent) is counted from.
 */
export async function lastInboundAt(context: LedgerContext, channel: string, channelUserId: string): Promise<number | null> {
  return (await lastInboundMessageAt(context.sql, channel, channelUserId))?.getTime() ?? null;
}
