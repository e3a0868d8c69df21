import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { whatsAppCloudChannelId } from '../../adapters/whatsapp-cloud/index.js';
import { defaultPolicy, whatsAppCloudChannel, type LedgerContext } from '../../ledger/index.js';
import {
  checkCloudTemplates,
  recordCloudDeliveryStatuses,
  reminderTemplateParameters,
  WhatsAppCloudOutbound,
  type CloudDeliveryStatus,
  type CloudMessenger,
  type CloudTemplates,
} from '../../server/whatsapp-cloud-outbound.js';
import { seedDebtor } from '../support/seed.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeTestScheduler } from '../support/test-scheduler.js';

// The outbound scheduler on the WhatsApp Cloud API channel, with a stand-in for the channel's sends: the 24-hour window
// read from the transcript, the template per kind and its parameters, the window closing meanwhile (131047), a kind
// with no template, 131026 falling back, and delivery statuses that overtake the contact log line.
const cloud = whatsAppCloudChannel;
const clock = new Date('2026-12-01T13:00:30Z'); // Tuesday 10:00:30 in Santiago: a pre_due for Friday 4 December is due
const templates: CloudTemplates = {
  pre_due: { name: 'payment_reminder', language: 'es', parameters: ['lender', 'date'] },
  past_due: { name: 'late_payment', language: 'es', parameters: ['lender', 'days', 'date'] },
};

/** A stand-in for the channel's sends: records each one, answers wamids, and fails the next ones as told. */
class StubMessenger implements CloudMessenger {
  readonly calls: Array<{ type: 'text' | 'template'; to: string; text?: string; name?: string; bodyParameters?: readonly string[] }> = [];
  readonly failures: number[] = [];

  constructor(private readonly prefix = 'stub') {}

  async sendText(to: string, text: string): Promise<string> {
    this.calls.push({ type: 'text', to, text });
    return this.answer();
  }

  async sendTemplate(to: string, template: { name: string; language: string; bodyParameters: readonly string[] }): Promise<string> {
    this.calls.push({ type: 'template', to, name: template.name, bodyParameters: template.bodyParameters });
    return this.answer();
  }

  private answer(): string {
    const code = this.failures.shift();
    if (code !== undefined) throw Object.assign(new Error(`WhatsApp Cloud API error ${code}`), { code });
    return `wamid.${this.prefix}-${this.calls.length}`;
  }
}

describe('reminders on the WhatsApp Cloud API channel', () => {
  let database: TempDatabase;
  let ledger: LedgerContext;
  beforeAll(async () => {
    database = await openTempDatabase('sqlite');
    ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
  });
  afterAll(async () => {
    await database?.destroy();
  });

  let phones = 0;
  /** The WhatsApp id of the debtor of the test running (their phone's digits). */
  let waId = '';

  /** A Chilean debtor with a phone of their own and one account due on `dueDateIso`, the only one with anything due. */
  async function debtorDue(dueDateIso = '2026-12-04'): Promise<string> {
    await database.prisma.outboundJob.deleteMany({});
    await database.prisma.account.updateMany({ data: { status: 'settled' } }); // earlier tests' debtors: out of the way
    const { debtorId } = await seedDebtor(database.prisma, [{ dueDateIso }]);
    phones += 1;
    waId = `5691111000${phones}`;
    await database.prisma.debtor.update({ where: { id: debtorId }, data: { phone: `+${waId}` } });
    return debtorId;
  }

  /** The debtor wrote on the Cloud channel at `at`. */
  async function wroteOnCloud(at: Date): Promise<void> {
    const conversation = await database.prisma.conversation.create({
      data: { channel: cloud, channelConversationId: waId, channelUserId: waId, reference: '{}' },
    });
    await database.prisma.message.create({
      data: { id: `m-${at.getTime()}`, conversationId: conversation.id, direction: 'in', author: 'debtor', text: 'hola', createdAt: at },
    });
  }

  function scheduler(messenger: StubMessenger, options: { templates?: CloudTemplates; telegram?: string[] } = {}) {
    const outbound = new WhatsAppCloudOutbound({ channel: cloud, messenger, templates: options.templates ?? templates, ledger });
    return makeTestScheduler(
      ledger,
      async (reference) => {
        options.telegram?.push(String(reference.conversation?.id));
      },
      { now: () => clock, channels: new Set(['webchat', 'telegram', cloud]), whatsAppCloud: outbound },
    );
  }

  const onlyAttempt = async (debtorId: string) => {
    const attempts = await database.prisma.contactAttempt.findMany({ where: { debtorId } });
    expect(attempts).toHaveLength(1);
    return attempts[0];
  };

  it('uses the adapter’s channel id', () => {
    expect(whatsAppCloudChannelId).toBe(cloud);
  });

  it('sends the kind’s template, its parameters filled by name, to a debtor who never wrote; the log keeps the wamid', async () => {
    const debtorId = await debtorDue();
    const messenger = new StubMessenger();
    expect(await scheduler(messenger).tick()).toMatchObject({ sent: 1, failed: 0 });
    expect(messenger.calls).toEqual([
      { type: 'template', to: waId, name: 'payment_reminder', bodyParameters: ['Banco Demo', '4 de diciembre de 2026'] },
    ]);
    expect(await onlyAttempt(debtorId)).toMatchObject({
      channel: cloud,
      outcome: 'sent',
      template: 'whatsapp_template.payment_reminder.es',
      reason: null,
      providerMessageId: 'wamid.stub-1',
    });
  });

  it('sends the free text inside the 24-hour window', async () => {
    const debtorId = await debtorDue();
    await wroteOnCloud(new Date(clock.getTime() - 23 * 3_600_000));
    const messenger = new StubMessenger();
    await scheduler(messenger).tick();
    expect(messenger.calls).toHaveLength(1);
    expect(messenger.calls[0]).toMatchObject({ type: 'text', to: waId });
    expect(messenger.calls[0]?.text).toMatch(/^Hola, te escribe Banco Demo\. Un pago de tu cuenta vence el 4 de diciembre de 2026/);
    expect(await onlyAttempt(debtorId)).toMatchObject({
      channel: cloud,
      template: 'reminder.pre_due.es',
      providerMessageId: 'wamid.stub-1',
    });
    // The reminder joins the transcript of the conversation it went to.
    const transcript = await database.prisma.message.findMany({ where: { conversation: { channelUserId: waId }, author: 'bot' } });
    expect(transcript.map((message) => message.text)).toEqual([messenger.calls[0]?.text]);
  });

  it('sends the template when the window closed meanwhile (131047 on the free text), once', async () => {
    const debtorId = await debtorDue();
    await wroteOnCloud(new Date(clock.getTime() - 3_600_000));
    const messenger = new StubMessenger();
    messenger.failures.push(131047);
    await scheduler(messenger).tick();
    expect(messenger.calls.map((call) => call.type)).toEqual(['text', 'template']);
    expect(await onlyAttempt(debtorId)).toMatchObject({
      channel: cloud,
      outcome: 'sent',
      template: 'whatsapp_template.payment_reminder.es',
      providerMessageId: 'wamid.stub-2',
    });
  });

  it('sends nothing on the channel outside the window for a kind without a template: the next channel, or failed "no_template"', async () => {
    const debtorId = await debtorDue();
    const messenger = new StubMessenger();
    expect(await scheduler(messenger, { templates: {} }).tick()).toMatchObject({ sent: 0, failed: 1 });
    expect(messenger.calls).toEqual([]);
    expect(await onlyAttempt(debtorId)).toMatchObject({ outcome: 'failed', reason: 'no_template' });

    const withChat = await debtorDue();
    await database.prisma.channelIdentity.create({
      data: { channel: 'webchat', channelUserId: `wc-${withChat}`, debtorId: withChat, verifiedAt: new Date('2026-11-20T12:00:00Z') },
    });
    expect(await scheduler(messenger, { templates: {} }).tick()).toMatchObject({ notices: 1 });
    expect(messenger.calls).toEqual([]);
    expect(await onlyAttempt(withChat)).toMatchObject({ channel: 'webchat', outcome: 'sent', reason: `${cloud}:no_template` });
  });

  it('falls back to the next channel when the number is undeliverable (131026), and the sent line says why', async () => {
    const debtorId = await debtorDue();
    await database.prisma.channelIdentity.create({
      data: { channel: 'webchat', channelUserId: `wc-${debtorId}`, debtorId, verifiedAt: new Date('2026-11-20T12:00:00Z') },
    });
    const messenger = new StubMessenger();
    messenger.failures.push(131026);
    expect(await scheduler(messenger).tick()).toMatchObject({ notices: 1, failed: 0 });
    expect(messenger.calls.map((call) => call.type)).toEqual(['template']);
    expect(await onlyAttempt(debtorId)).toMatchObject({
      channel: 'webchat',
      outcome: 'sent',
      reason: `${cloud}:undeliverable`,
      providerMessageId: null,
    });
  });

  it('fills "days" with the days late of a past_due reminder', async () => {
    const debtorId = await debtorDue('2026-11-24'); // 7 days late on 1 December
    const messenger = new StubMessenger();
    await scheduler(messenger).tick();
    expect(messenger.calls).toEqual([
      { type: 'template', to: waId, name: 'late_payment', bodyParameters: ['Banco Demo', '7', '24 de noviembre de 2026'] },
    ]);
    expect((await onlyAttempt(debtorId))?.kind).toBe('past_due');
  });

  it('offers only what a reminder may disclose, and refuses other parameter names at start-up', () => {
    const values = reminderTemplateParameters({
      kind: 'pre_due',
      text: '',
      textTemplate: '',
      language: 'en',
      lenderName: 'Demo Bank',
      aboutDateIso: '2026-12-04',
      localDateIso: '2026-12-01',
    });
    expect(values).toEqual({ lender: 'Demo Bank', date: 'December 4, 2026', days: '3' });
    expect(() => checkCloudTemplates({ pre_due: { name: 'x', language: 'es', parameters: ['lender', 'balance'] } })).toThrow(
      'WHATSAPP_CLOUD_TEMPLATES.pre_due.parameters[1]: "balance" is not a parameter a reminder may fill (one of lender, date, days)',
    );
    expect(() => checkCloudTemplates({ welcome: { name: 'x', language: 'es', parameters: [] } })).toThrow(/welcome: not an outbound kind/);
  });

  it('records a delivery status that came before its contact log line, once the line is there', async () => {
    const debtorId = await debtorDue();
    let listener: ((status: CloudDeliveryStatus) => void) | undefined;
    const stop = recordCloudDeliveryStatuses(
      ledger,
      cloud,
      { onStatus: (added) => ((listener = added), () => undefined) },
      pino({ level: 'silent' }),
      {
        retryMs: 300,
      },
    );
    try {
      // The webhook's "delivered" arrives while the send's answer is still on its way.
      listener?.({ messageId: 'wamid.early-1', status: 'delivered', atMs: clock.getTime() + 1000 });
      await scheduler(new StubMessenger('early')).tick();
      await expect.poll(async () => (await onlyAttempt(debtorId))?.outcome, { timeout: 5000 }).toBe('delivered');
      listener?.({ messageId: 'wamid.early-1', status: 'read', atMs: clock.getTime() + 5000 });
      await expect.poll(async () => (await onlyAttempt(debtorId))?.outcome, { timeout: 5000 }).toBe('read');
    } finally {
      stop();
    }
  });
});
