import type { Logger } from 'pino';
import { composeReminder } from '../dialogs/reminders.js';
import {
  appendMessage,
  breakOverduePromises,
  claimContact,
  contactRouteOf,
  decideAtSendTime,
  dueContacts,
  findOutboundJob,
  isContactKind,
  minuteOf,
  recordContactOutcome,
  recoverInterruptedContacts,
  refreshOutboundJobs,
  rescheduleContact,
  type ContactOutcome,
  type ContactRoute,
  type ContactRules,
  type LedgerContext,
  type OutboundJobRow,
} from '../ledger/index.js';
import type { ChannelSenders } from './channel-senders.js';
import { errorForLog } from './logger.js';
import type { OutboundGate } from './outbound-gate.js';
import type { OutboundQueue } from './outbound-queue.js';
import type { WhatsAppCloudOutbound } from './whatsapp-cloud-outbound.js';

/** Settings of the outbound scheduler (DESIGN §12). */
export interface OutboundSchedulerOptions {
  readonly ledger: LedgerContext;
  readonly rules: ContactRules;
  /**
   * Channels reminders may use: "webchat" (a notice at the next visit), "telegram", "whatsapp" (WHATSAPP_OUTBOUND),
   * "whatsapp_cloud" (the Cloud API, with `whatsAppCloud`).
   */
  readonly channels: ReadonlySet<string>;
  readonly senders: ChannelSenders;
  /** The WhatsApp Cloud API's reminder sender (free text in the 24-hour window, else the kind's template); its channel skips `senders`. */
  readonly whatsAppCloud?: WhatsAppCloudOutbound;
  readonly gate: OutboundGate;
  readonly logger: Logger;
  readonly lenderName: string;
  readonly now: () => Date;
  /** Days the stored plan reaches ahead. */
  readonly planDays: number;
  /** How often the plan is made again, in ms (it is also made at the first tick). */
  readonly replanEveryMs: number;
  /** Jobs looked at per tick (each claimed right before it is sent). */
  readonly batchSize: number;
  /** How long a claim lasts before a sender is taken for dead, in ms. */
  readonly leaseMs: number;
  /** With a Redis URL, due contacts go through a BullMQ queue (workers in every instance); else they are sent in the tick. */
  readonly redisUrl?: string;
  /** BullMQ's key prefix in Redis (default "bull"). */
  readonly queuePrefix?: string;
}

/** What one tick did. */
export interface TickSummary {
  /** Handed to the BullMQ queue (sent by its worker). */
  readonly queued: number;
  readonly sent: number;
  readonly notices: number;
  readonly refused: number;
  readonly failed: number;
  readonly rescheduled: number;
  readonly interrupted: number;
}

/**
 * The outbound scheduler: keeps the plan stored as jobs (OutboundJob) and sends what is due. Plan and send are separate
 * steps: each job is checked against the rules again when it is due (the debtor may have paid, disputed, opted out or
 * been paused). A job is claimed before it is sent and finished after, so a restart, even mid-send, neither loses a
 * contact nor sends it twice: a claim that ran out is logged as interrupted and not sent again. With REDIS_URL the due
 * contacts go through a BullMQ queue whose workers (in every instance on that Redis) claim and send them the same way.
 */
export class OutboundScheduler {
  private lastPlanMs = Number.NEGATIVE_INFINITY;
  private running: Promise<TickSummary> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** The BullMQ queue, with REDIS_URL only (BullMQ and ioredis are loaded only then). */
  private readonly queue: Promise<OutboundQueue> | undefined;

  constructor(private readonly options: OutboundSchedulerOptions) {
    const { redisUrl } = options;
    this.queue = redisUrl
      ? import('./outbound-queue.js').then(({ makeOutboundQueue }) =>
          makeOutboundQueue(redisUrl, (key) => this.sendByKey(key), options.logger, options.queuePrefix),
        )
      : undefined;
  }

  /** Runs a tick every `intervalMs` (never two at once) until stop(). */
  start(intervalMs: number): void {
    const run = () => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: unknown) => {
          this.options.logger.error({ err: errorForLog(error) }, 'outbound tick failed');
          return { queued: 0, sent: 0, notices: 0, refused: 0, failed: 0, rescheduled: 0, interrupted: 0 };
        })
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
    setImmediate(run);
  }

  /** Stops the ticks and waits for the one running. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
    await (await this.queue)?.close();
  }

  /** Recovers interrupted claims, makes the plan again when due, and sends the jobs due now. */
  async tick(): Promise<TickSummary> {
    const { ledger, rules } = this.options;
    const nowMs = this.options.now().getTime();
    const interrupted = await recoverInterruptedContacts(ledger, nowMs, rules.version);
    // Promises whose date passed unpaid break first: the follow-up the plan makes for them depends on it.
    const broken = await breakOverduePromises(ledger, new Date(nowMs));
    if (broken > 0) this.options.logger.info({ broken }, 'promises past their date marked broken');
    if (interrupted > 0)
      this.options.logger.warn({ interrupted }, 'outbound contacts interrupted by a restart were logged and not sent again');
    // What is due goes before the plan is made again, so a new plan never moves a contact that is due now.
    if (this.lastPlanMs === Number.NEGATIVE_INFINITY) await this.replan(nowMs);
    const counts = { queued: 0, sent: 0, notices: 0, refused: 0, failed: 0, rescheduled: 0, interrupted };
    const queue = await this.queue;
    for (const job of await dueContacts(ledger, nowMs, this.options.batchSize)) {
      if (this.stopping) break;
      if (queue) {
        await queue.add(job.key);
        counts.queued += 1;
        continue;
      }
      const claimedAt = this.options.now().getTime();
      if (!(await claimContact(ledger, job, claimedAt, this.options.leaseMs))) continue;
      counts[await this.handle(job, claimedAt)] += 1;
    }
    if (nowMs - this.lastPlanMs >= this.options.replanEveryMs) await this.replan(nowMs);
    return counts;
  }

  /** The BullMQ worker's step: the job by its key, sent if it is still planned and due (claimed first, as in a tick). */
  private async sendByKey(key: string): Promise<void> {
    const job = await findOutboundJob(this.options.ledger, key);
    const nowMs = this.options.now().getTime();
    if (!job || job.status !== 'planned' || job.dueAt.getTime() > nowMs) return;
    if (await claimContact(this.options.ledger, job, nowMs, this.options.leaseMs)) await this.handle(job, nowMs);
  }

  private async replan(nowMs: number): Promise<void> {
    const { ledger, rules, channels } = this.options;
    const refreshed = await refreshOutboundJobs(ledger, { fromMs: minuteOf(nowMs), days: this.options.planDays, rules, channels });
    this.lastPlanMs = nowMs;
    this.options.logger.info(refreshed, 'outbound plan refreshed');
  }

  private async handle(job: OutboundJobRow, nowMs: number): Promise<'sent' | 'notices' | 'refused' | 'failed' | 'rescheduled'> {
    const { ledger, rules, logger } = this.options;
    const decision = await decideAtSendTime(ledger, job, { nowMs, rules, channels: this.options.channels });
    if (decision.action === 'reschedule') {
      await rescheduleContact(ledger, job, decision.atMs, nowMs);
      return 'rescheduled';
    }
    const localDateIso = decision.action === 'send' ? decision.localDateIso : new Date(nowMs).toISOString().slice(0, 10);
    const finish = async (outcome: Omit<ContactOutcome, 'rulesVersion' | 'localDateIso'>) => {
      await recordContactOutcome(ledger, job, { ...outcome, rulesVersion: rules.version, localDateIso }, nowMs);
      if (outcome.status === 'refused' || outcome.status === 'failed')
        logger.info(
          { kind: job.kind, channel: outcome.channel, outcome: outcome.status, reason: outcome.reason },
          'outbound contact not sent',
        );
    };
    if (decision.action === 'refuse') {
      await finish({ status: 'refused', channel: job.channel, template: '-', reason: decision.reason });
      return 'refused';
    }
    if (!isContactKind(job.kind)) {
      await finish({ status: 'refused', channel: job.channel, template: '-', reason: 'unknown_kind' });
      return 'refused';
    }
    const language = decision.debtor.language === 'en' ? 'en' : 'es';
    const facts = { kind: job.kind, language, lenderName: this.options.lenderName, aboutDateIso: job.aboutDateIso, localDateIso } as const;
    const { text, template } = composeReminder({ ...facts, disclosure: decision.disclosure });
    const cloud = this.options.whatsAppCloud;
    let lastReason = 'no_route';
    // Channels that could not carry it before the one that did ("whatsapp_cloud:undeliverable"): the sent line says so.
    // A job put back after the provider reported its message undeliverable starts with that channel.
    const fellThrough: string[] = [...decision.fellBackFrom];
    const fallbackReason = () => (fellThrough.length > 0 ? fellThrough.join(',') : null);
    for (const channel of decision.channels) {
      if (channel === 'webchat') {
        await finish({ status: 'notice', channel, template, reason: fallbackReason() });
        return 'notices';
      }
      const route = await contactRouteOf(ledger, job.debtorId, channel);
      if (!route) continue;
      const allowed = await this.options.gate.decide(
        { channel, channelUserId: route.channelUserId, debtorId: job.debtorId },
        'collection',
        job.kind,
        route.conversationId,
      );
      if (!allowed.allowed) {
        lastReason = allowed.reason;
        if (allowed.reason === 'in_dispute') break;
        continue;
      }
      let sent: { readonly providerMessageId: string | undefined; readonly template: string; readonly transcript: string };
      try {
        if (cloud && channel === cloud.channel) {
          // The Cloud API: free text inside the debtor's 24-hour window, else the template configured for the kind.
          const result = await cloud.send(route.channelUserId, { ...facts, text, textTemplate: template }, nowMs);
          if (!result.sent) {
            lastReason = result.reason;
            fellThrough.push(`${channel}:${result.reason}`);
            logger.info(
              { kind: job.kind, channel, reason: result.reason },
              'no template for this reminder outside the window; trying the next channel',
            );
            continue;
          }
          sent = result;
        } else {
          const providerMessageId = await this.options.senders.send(channel, route.referenceJson ?? startReference(route), text);
          sent = { providerMessageId, template, transcript: text };
        }
      } catch (error) {
        lastReason = 'undeliverable';
        fellThrough.push(`${channel}:undeliverable`);
        logger.warn({ kind: job.kind, channel, err: errorForLog(error) }, 'outbound contact undeliverable; trying the next channel');
        continue;
      }
      if (route.conversationId)
        await appendMessage(ledger, { conversationId: route.conversationId, direction: 'out', author: 'bot', text: sent.transcript });
      await finish({
        status: 'sent',
        channel,
        template: sent.template,
        reason: fallbackReason(),
        providerMessageId: sent.providerMessageId ?? null,
      });
      return 'sent';
    }
    const refusedByGate = ['opted_out', 'wrong_person', 'in_dispute'].includes(lastReason);
    await finish({ status: refusedByGate ? 'refused' : 'failed', channel: job.channel, template, reason: lastReason });
    return refusedByGate ? 'refused' : 'failed';
  }
}

/** A conversation reference that starts a chat with an address the debtor never wrote from (WhatsApp: their phone). */
function startReference(route: ContactRoute): string {
  return JSON.stringify({
    channelId: route.channel,
    conversation: { id: route.channelUserId, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: route.channelUserId, name: '' },
    bot: { id: 'bot', name: 'bot' },
    serviceUrl: '',
  });
}
