// Reminders on the WhatsApp Business Cloud API (DESIGN §6, §12): free text inside the debtor's 24-hour
// customer-service window, the approved template configured for the reminder's kind outside it; and the delivery
// statuses of what was sent, written into the contact log.
import type { Logger } from 'pino';
import { longDate } from '../dialogs/format.js';
import type { Language } from '../dialogs/messages/index.js';
import { daysBetween } from '../lib/calendar.js';
import { contactKinds, lastInboundAt, recordDeliveryStatus, type ContactKind, type LedgerContext } from '../ledger/index.js';
import { errorForLog } from './logger.js';

/** WhatsApp's customer-service window: free text only this long after the user's last message, in ms. */
export const customerServiceWindowMs = 24 * 60 * 60_000;

/** Meta's error code for free text outside the customer-service window (131047 re-engagement): only a template may go. */
const reEngagementCode = 131047;

/**
 * The names a template's body parameters may have in WHATSAPP_CLOUD_TEMPLATES, filled in this order of the template's
 * own `parameters` list. A template outside the window goes to a number that may not be the debtor's (nobody verified
 * anything yet), so, like every reminder, it may say only who writes and the date (DESIGN §11, README "Outbound
 * reminders"): never an amount, an account, a product or the debtor's name.
 * - `lender`: the lender's name (LENDER_NAME);
 * - `date`: the date the reminder is about (the due date, the installment's or the promised date), written out in the
 *   debtor's language ("4 de diciembre de 2026", "December 4, 2026");
 * - `days`: whole days between the debtor's local date and that date: days late for `past_due` (at least 1, as the
 *   free text says), days left for `pre_due` and `installment_due`, 0 on the day itself.
 * The US debt-collector disclosure and opt-out statement are no parameter: a template for US debtors carries them in
 * its approved text.
 */
export const templateParameterNames = ['lender', 'date', 'days'] as const;

/** A template body parameter's name (see templateParameterNames). */
export type TemplateParameterName = (typeof templateParameterNames)[number];

/** One approved template, as configured for an outbound kind in WHATSAPP_CLOUD_TEMPLATES. */
export interface CloudTemplateSetting {
  /** The template's name as approved by Meta. */
  readonly name: string;
  /** Its language code as approved, e.g. "es", "es_MX", "en_US". */
  readonly language: string;
  /** What fills its body parameters {{1}}, {{2}}…, in order: names from templateParameterNames. */
  readonly parameters: readonly string[];
}

/** The approved template per outbound kind; a kind left out sends nothing on this channel outside the window. */
export type CloudTemplates = Readonly<Partial<Record<string, CloudTemplateSetting>>>;

/** What the Cloud channel sends with (the adapter's WhatsAppCloudChannel); each resolves with the message's wamid. */
export interface CloudMessenger {
  sendTemplate(to: string, template: { name: string; language: string; bodyParameters: readonly string[] }): Promise<string>;
  sendText(to: string, text: string): Promise<string>;
}

/** A delivery status from the webhook (the adapter's WhatsAppCloudStatus). */
export interface CloudDeliveryStatus {
  /** The wamid the send answered with. */
  readonly messageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Meta's error code of a failed message (e.g. 131026 undeliverable). */
  readonly errorCode?: number;
  /** When it happened, in epoch ms. */
  readonly atMs: number;
}

/** Where delivery statuses come from (the adapter's WhatsAppCloudChannel.onStatus); returns the unsubscribe. */
export interface CloudStatusSource {
  onStatus(listener: (status: CloudDeliveryStatus) => void): () => void;
}

/** What a reminder on the Cloud channel is made of: its free text, and the facts its template's parameters are filled from. */
export interface CloudReminder {
  readonly kind: ContactKind;
  /** The reminder's free text (composeReminder), sent inside the window. */
  readonly text: string;
  /** The free text's template id for the contact log, e.g. "reminder.pre_due.es". */
  readonly textTemplate: string;
  readonly language: Language;
  readonly lenderName: string;
  /** The date it is about. */
  readonly aboutDateIso: string;
  /** The debtor's local date when it goes out. */
  readonly localDateIso: string;
}

/** How a reminder went on the Cloud channel: sent (the wamid, the template id for the log, the transcript line) or not. */
export type CloudSendResult =
  | { readonly sent: true; readonly providerMessageId: string; readonly template: string; readonly transcript: string }
  | { readonly sent: false; readonly reason: 'no_template' };

/** The value of every template parameter name for a reminder (only what a reminder may disclose). */
export function reminderTemplateParameters(reminder: CloudReminder): Readonly<Record<TemplateParameterName, string>> {
  const apart = daysBetween(reminder.localDateIso, reminder.aboutDateIso);
  const days = reminder.kind === 'past_due' ? Math.max(1, -apart) : Math.abs(apart);
  return { lender: reminder.lenderName, date: longDate(reminder.aboutDateIso, reminder.language), days: String(days) };
}

/**
 * Checks WHATSAPP_CLOUD_TEMPLATES against what the scheduler can fill: known kinds, a name and a language, and only the
 * parameter names of templateParameterNames; throws naming the kind and the field otherwise (start-up stops).
 */
export function checkCloudTemplates(templates: CloudTemplates): void {
  for (const [kind, template] of Object.entries(templates)) {
    const where = `WHATSAPP_CLOUD_TEMPLATES.${kind}`;
    if (!(contactKinds as readonly string[]).includes(kind))
      throw new Error(`${where}: not an outbound kind (one of ${contactKinds.join(', ')})`);
    if (!template) continue;
    if (!template.name.trim()) throw new Error(`${where}.name: must name the approved template`);
    if (!template.language.trim()) throw new Error(`${where}.language: must be the template's language code (e.g. es, es_MX, en_US)`);
    template.parameters.forEach((name, index) => {
      if (!(templateParameterNames as readonly string[]).includes(name))
        throw new Error(
          `${where}.parameters[${index}]: "${name}" is not a parameter a reminder may fill (one of ${templateParameterNames.join(', ')})`,
        );
    });
  }
}

/** True for the Graph API's "outside the 24-hour window" error (the adapter's WhatsAppCloudError with code 131047). */
function isReEngagement(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === reEngagementCode;
}

/** Settings of WhatsAppCloudOutbound. */
export interface WhatsAppCloudOutboundOptions {
  /** The Cloud channel's id (the adapter's whatsAppCloudChannelId). */
  readonly channel: string;
  readonly messenger: CloudMessenger;
  readonly templates: CloudTemplates;
  readonly ledger: LedgerContext;
  /** The customer-service window, in ms (default 24 hours). */
  readonly windowMs?: number;
}

/**
 * Sends reminders on the Cloud channel by WhatsApp's rules: inside the debtor's customer-service window (they wrote on
 * this channel in the last 24 hours, as the transcript says) the reminder's free text; outside it the approved template
 * configured for the reminder's kind, or nothing when there is none ("no_template": the scheduler tries the next
 * channel). Free text refused with 131047 (the window closed meanwhile) goes once more as the template. Any other
 * refusal rejects (131026 undeliverable: the scheduler falls back to the next channel).
 */
export class WhatsAppCloudOutbound {
  /** The Cloud channel's id. */
  readonly channel: string;
  private readonly windowMs: number;

  constructor(private readonly options: WhatsAppCloudOutboundOptions) {
    checkCloudTemplates(options.templates);
    this.channel = options.channel;
    this.windowMs = options.windowMs ?? customerServiceWindowMs;
  }

  /** Sends `reminder` to the WhatsApp id `to` (the route's channel user) at `nowMs`. */
  async send(to: string, reminder: CloudReminder, nowMs: number): Promise<CloudSendResult> {
    const lastInboundMs = await lastInboundAt(this.options.ledger, this.channel, to);
    if (lastInboundMs !== null && nowMs - lastInboundMs < this.windowMs) {
      try {
        const providerMessageId = await this.options.messenger.sendText(to, reminder.text);
        return { sent: true, providerMessageId, template: reminder.textTemplate, transcript: reminder.text };
      } catch (error) {
        if (!isReEngagement(error)) throw error;
      }
    }
    return this.sendTemplate(to, reminder);
  }

  private async sendTemplate(to: string, reminder: CloudReminder): Promise<CloudSendResult> {
    const template = this.options.templates[reminder.kind];
    if (!template) return { sent: false, reason: 'no_template' };
    const values = reminderTemplateParameters(reminder);
    const bodyParameters = template.parameters.map((name) => values[name as TemplateParameterName]);
    const providerMessageId = await this.options.messenger.sendTemplate(to, {
      name: template.name,
      language: template.language,
      bodyParameters,
    });
    return {
      sent: true,
      providerMessageId,
      template: `whatsapp_template.${template.name}.${template.language}`,
      // The transcript has no rendering of Meta's approved text: it names the template and what filled it.
      transcript: `[${template.name}] ${bodyParameters.join(' · ')}`.trim(),
    };
  }
}

/** How long after an unknown status it is looked for once more, in ms: a status may come before the attempt is written. */
const unknownStatusRetryMs = 5_000;

/**
 * Writes every delivery status the Cloud channel reports into the contact log (recordDeliveryStatus: forward only,
 * idempotent, ids that are not reminders ignored); a reminder reported undeliverable (131026) is put back, due now, for
 * the debtor's next channel, which the scheduler's next tick sends it on. A status can overtake the contact log line its send is about to
 * write, so one naming an unknown message is tried once more a little later. "sent" adds nothing to what the log says
 * already. Logs no message id (a wamid encodes the number). Returns the unsubscribe (it also drops the retries waiting).
 */
export function recordCloudDeliveryStatuses(
  ledger: LedgerContext,
  channel: string,
  source: CloudStatusSource,
  logger: Logger,
  options: { readonly retryMs?: number; readonly now?: () => Date } = {},
): () => void {
  const waiting = new Set<NodeJS.Timeout>();
  const record = async (status: CloudDeliveryStatus, again: boolean): Promise<void> => {
    const result = await recordDeliveryStatus(ledger, {
      channel,
      providerMessageId: status.messageId,
      status: status.status,
      ...(status.errorCode === undefined ? {} : { errorCode: status.errorCode }),
      atMs: status.atMs,
      ...(options.now ? { nowMs: options.now().getTime() } : {}),
    });
    if (result === 'changed') logger.debug({ channel, status: status.status, errorCode: status.errorCode }, 'contact log: delivery status');
    if (result === 'requeued')
      logger.info({ channel, errorCode: status.errorCode }, 'reminder undeliverable on this channel; put back for the next channel');
    if (result === 'unknown' && again) {
      const timer = setTimeout(() => {
        waiting.delete(timer);
        record(status, false).catch(failed);
      }, options.retryMs ?? unknownStatusRetryMs);
      timer.unref();
      waiting.add(timer);
    }
  };
  const failed = (error: unknown) => logger.warn({ channel, err: errorForLog(error) }, 'delivery status not recorded');
  const unsubscribe = source.onStatus((status) => {
    if (status.status !== 'sent') record(status, true).catch(failed);
  });
  return () => {
    unsubscribe();
    for (const timer of waiting) clearTimeout(timer);
    waiting.clear();
  };
}
