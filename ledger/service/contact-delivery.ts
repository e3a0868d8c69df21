import { addDays, daysBetween, localTimeAt } from '../../lib/calendar.js';
import { isContactKind, lastUsefulDay } from '../outbound/contact-kinds.js';
import { lastInboundMessageAt } from '../store/message-rows.js';
import {
  applyDeliveryStatus,
  jobByKey,
  jobKeyOfProviderMessage,
  requeueSentJob,
  type DeliveryOutcome,
} from '../store/outbound-job-rows.js';
import { findDebtorContactFacts } from '../store/outbound-route-rows.js';
import { undeliverableReasons } from '../store/outbound-rows.js';
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
  /** When it is recorded, in epoch milliseconds (default `atMs`): an undeliverable reminder is put back due then. */
  readonly nowMs?: number;
}

/** The reason written for a failed status that came without an error code. */
const failedWithoutCode = 'provider_failed';

/**
 * Writes a delivery status into the contact log: the attempt that message was sent in moves forward only (sent →
 * delivered → read, or sent → failed with the provider's error code as reason), so a late, repeated or out-of-order
 * status changes nothing. "changed" when it moved, "unchanged" when it was already there or further, "unknown" when no
 * attempt on that channel has that message id (a message that was not a reminder, or one from before erasure).
 *
 * A "failed" status saying the number is undeliverable (WhatsApp's 131026, see undeliverableReasons) also puts the
 * reminder's job back in the plan, due now, with this channel excluded ("requeued"), in the same transaction: the
 * scheduler then sends it on the debtor's next channel, once, after checking the rules again as for any contact
 * (decideAtSendTime). Not when the reminder's last useful day (lastUsefulDay, in the debtor's zone) has passed, and only
 * once per job: the status arriving again finds the attempt failed already and changes nothing.
 * Contact outcomes are not money or status of a debt: like the rest of the contact log, no audit event.
 */
export async function recordDeliveryStatus(
  context: LedgerContext,
  report: DeliveryStatusReport,
): Promise<'changed' | 'requeued' | 'unchanged' | 'unknown'> {
  const failed = report.status === 'failed';
  const reason = failed ? (report.errorCode === undefined ? failedWithoutCode : String(report.errorCode)) : null;
  return context.sql.transaction(async (sql) => {
    const result = await applyDeliveryStatus(sql, {
      channel: report.channel,
      providerMessageId: report.providerMessageId,
      outcome: report.status,
      reason,
      statusAt: new Date(report.atMs),
    });
    if (result !== 'changed' || reason === null || !undeliverableReasons.includes(reason)) return result;
    const jobKey = await jobKeyOfProviderMessage(sql, report.channel, report.providerMessageId);
    const job = jobKey === null ? null : await jobByKey(sql, jobKey);
    if (!job || !isContactKind(job.kind)) return result;
    const nowMs = report.nowMs ?? report.atMs;
    const facts = await findDebtorContactFacts(sql, job.debtorId);
    const lastDateIso = addDays(job.aboutDateIso, lastUsefulDay[job.kind](daysBetween(job.aboutDateIso, job.forDateIso)));
    if (!facts || localTimeAt(nowMs, facts.timezone).dateIso > lastDateIso) return result;
    const now = new Date(nowMs);
    const requeued = await requeueSentJob(sql, { key: job.key, excludedChannel: report.channel, dueAt: now, now });
    return requeued ? 'requeued' : result;
  });
}

/**
 * When the channel user last wrote to the bot on `channel`, in epoch milliseconds, or null when never: what a
 * customer-service window (WhatsApp's 24 hours, in which free text may be sent) is counted from.
 */
export async function lastInboundAt(context: LedgerContext, channel: string, channelUserId: string): Promise<number | null> {
  return (await lastInboundMessageAt(context.sql, channel, channelUserId))?.getTime() ?? null;
}
