import { localTimeAt } from '../../lib/calendar.js';
import { insertContactAttempt, latestReminderOn, markNoticeDelivered, pendingNotices } from '../store/outbound-job-rows.js';
import { findDebtorContactFacts } from '../store/outbound-route-rows.js';
import type { LedgerContext } from './context.js';

/** How long after a reminder the debtor's reply in the same chat is taken as an answer to it. */
const replyWindowMs = 7 * 86_400_000;

/** A web chat notice shown to the debtor at this visit: what it was about and the template it was made with. */
export interface ShownNotice {
  readonly kind: string;
  readonly aboutDateIso: string;
  /** The debtor's local date when the notice was left. */
  readonly noticeDateIso: string;
  /** E.g. "reminder.past_due.es.us" (".us": with the US disclosure). */
  readonly template: string;
}

/** What follows a verification: the web chat notices shown now, or the reminder this chat is answering. */
export interface ReminderFollowUp {
  readonly notices: readonly ShownNotice[];
  readonly lastReminder: Awaited<ReturnType<typeof latestReminderOn>>;
}

/**
 * What the bot says right after a debtor verifies, about the reminders: on web chat the notices left while they were
 * away (each marked delivered in the job and the contact log, so it is shown once); elsewhere the last reminder sent on
 * this channel in the past week, so a reply to it is understood as one.
 */
export async function reminderFollowUp(
  context: LedgerContext,
  input: { readonly debtorId: string; readonly channel: string; readonly nowMs: number },
): Promise<ReminderFollowUp> {
  if (input.channel !== 'webchat') {
    const lastReminder = await latestReminderOn(context.sql, { ...input, since: new Date(input.nowMs - replyWindowMs) });
    return { notices: [], lastReminder };
  }
  const now = new Date(input.nowMs);
  const [facts, notices] = await Promise.all([
    findDebtorContactFacts(context.sql, input.debtorId),
    pendingNotices(context.sql, input.debtorId),
  ]);
  const shown: ShownNotice[] = [];
  for (const notice of notices) {
    const delivered = await context.sql.transaction(async (sql) => {
      if (!(await markNoticeDelivered(sql, notice.key, now))) return false;
      await insertContactAttempt(sql, {
        jobKey: notice.key,
        debtorId: notice.debtorId,
        accountId: notice.accountId,
        channel: 'webchat',
        kind: notice.kind,
        template: notice.template,
        rulesVersion: '-',
        outcome: 'delivered',
        reason: null,
        localDateIso: localTimeAt(input.nowMs, facts?.timezone ?? 'UTC').dateIso,
        attemptedAt: now,
      });
      return true;
    });
    if (delivered)
      shown.push({ kind: notice.kind, aboutDateIso: notice.aboutDateIso, noticeDateIso: notice.noticeDateIso, template: notice.template });
  }
  return { notices: shown, lastReminder: null };
}
