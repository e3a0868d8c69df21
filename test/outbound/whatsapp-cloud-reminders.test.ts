import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startFakeGraphApi, type FakeGraphApi, type FakeSentMessage } from '../support/fake-graph-api.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';

// The whole server with the WhatsApp Cloud API and Telegram on and the outbound scheduler ticking every second, against
// the local fake Graph API (which refuses free text outside the 24-hour window, as Meta does) and the fake Bot API, on a
// clock the test moves. Three debtors owe a payment due Friday 4 December, so each gets a pre_due reminder on Tuesday
// at 10:00 in Santiago: one never wrote (the approved template, with the lender and the date), one wrote an hour before
// (the free text), one whose WhatsApp number is undeliverable (131026: the reminder goes to their Telegram chat).
// Then the template's delivery statuses move its contact log line: delivered, read. Last, a debtor whose number Meta
// accepts a send for and reports undeliverable later (a "failed" status with 131026): the reminder then goes, once, to
// their Telegram chat.
const token = 'EAAG-reminders-token-for-the-fake-graph-api';
const phoneNumberId = '106540352242923';
const appSecret = 'app-secret-reminders-0123456789';
const telegramToken = '123456789:AAE-test-token-for-cloud-reminders';
const folder = mkdtempSync(join(tmpdir(), 'cloud-reminders-'));
let clock = new Date('2026-12-01T12:00:00Z'); // Tuesday 1 December, 09:00 in Santiago

const neverWrote = '56921000001';
const wroteBefore = '56921000002';
const undeliverable = '56921000003';
const telegramChat = 7401;
const undeliverableLater = '56921000004';
const laterChat = 7402;

describe('reminders on the WhatsApp Cloud API', () => {
  let fake: FakeGraphApi;
  let telegram: FakeBotApi;
  let app: RunningApp;

  beforeAll(async () => {
    fake = await startFakeGraphApi({
      token,
      phoneNumberId,
      appSecret,
      templates: [{ name: 'payment_reminder', language: 'es', bodyParameters: 2 }],
      nowMs: () => clock.getTime(),
    });
    telegram = await startFakeBotApi({ token: telegramToken });
    app = await startTestApp(
      {
        DATABASE_URL: `file:${join(folder, 'reminders.db')}`,
        DEMO_DATA: 'false',
        LENDER_NAME: 'Banco Demo',
        TELEGRAM_BOT_TOKEN: telegramToken,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        WHATSAPP_CLOUD_TOKEN: token,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
        WHATSAPP_CLOUD_APP_SECRET: appSecret,
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-for-cloud-reminders',
        WHATSAPP_CLOUD_API_ROOT: fake.apiRoot,
        WHATSAPP_CLOUD_TEMPLATES: JSON.stringify({ pre_due: { name: 'payment_reminder', language: 'es', parameters: ['lender', 'date'] } }),
        OUTBOUND_ENABLED: 'true',
        OUTBOUND_TICK_SECONDS: '1',
      },
      { now: () => clock },
    );
    fake.setWebhook(`${app.url}/whatsapp/cloud/webhook`);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await telegram?.close();
    await fake?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const ticks = (count: number) => new Promise((resolve) => setTimeout(resolve, count * 1000 + 300));
  const sentTo = (waId: string) => fake.sent.filter((message) => message.to === waId);
  const isReminder = (message: FakeSentMessage) =>
    message.type === 'template' ||
    String((message.body.text as { body?: unknown } | undefined)?.body ?? '').startsWith('Hola, te escribe Banco Demo');
  const attemptOf = async (waId: string) => {
    const debtor = await app.database.prisma.debtor.findFirstOrThrow({ where: { phone: `+${waId}` } });
    return app.database.prisma.contactAttempt.findFirstOrThrow({ where: { debtorId: debtor.id, kind: 'pre_due' } });
  };

  /** A Chilean debtor with one account due on `dueDateIso` (Friday 4 December) and the phone +`waId`. */
  /**
   * A debtor verified on 10 November both in the Telegram chat `chat` and at the Cloud number `waId`, who last wrote on
   * the Cloud channel on 25 November: reminders are planned there, outside the 24-hour window.
   */
  async function linkTelegramAndCloud(debtorId: string, chat: number, waId: string): Promise<void> {
    const verifiedAt = new Date('2026-11-10T12:00:00Z');
    await app.database.prisma.channelIdentity.create({
      data: { channel: 'telegram', channelUserId: String(chat), debtorId, verifiedAt },
    });
    await app.database.prisma.conversation.updateMany({
      where: { channel: 'telegram', channelUserId: String(chat) },
      data: { debtorId, updatedAt: verifiedAt },
    });
    await app.database.prisma.channelIdentity.create({
      data: { channel: 'whatsapp_cloud', channelUserId: waId, debtorId, verifiedAt },
    });
    await app.database.prisma.conversation.create({
      data: {
        channel: 'whatsapp_cloud',
        channelConversationId: waId,
        channelUserId: waId,
        debtorId,
        reference: JSON.stringify({
          channelId: 'whatsapp_cloud',
          conversation: { id: waId },
          user: { id: waId },
          bot: { id: 'bot' },
          serviceUrl: '',
        }),
        updatedAt: new Date('2026-11-25T12:00:00Z'),
      },
    });
  }

  async function seedDebtor(waId: string, dueDateIso = '2026-12-04'): Promise<string> {
    const debtor = await app.database.prisma.debtor.create({
      data: {
        externalId: `CLOUD-${waId}`,
        fullName: 'Test Debtor',
        documentType: 'RUT',
        documentNumber: waId,
        documentNumberNormalized: waId,
        dateOfBirthIso: '1980-01-01',
        phone: `+${waId}`,
        email: '',
        language: 'es',
        country: 'CL',
        timezone: 'America/Santiago',
      },
    });
    await app.database.prisma.account.create({
      data: {
        externalRef: `CLOUD-${waId}-A`,
        debtorId: debtor.id,
        product: 'loan',
        currency: 'CLP',
        originalAmountMinor: 350_000n,
        balanceMinor: 350_000n,
        dueDateIso,
      },
    });
    return debtor.id;
  }

  it('sends the template to a debtor who never wrote, free text to one who wrote an hour ago, and falls back from an undeliverable number', async () => {
    await seedDebtor(neverWrote);
    await seedDebtor(wroteBefore);
    const fallback = await seedDebtor(undeliverable);
    // The third has a Telegram chat with the bot, verified long ago, and wrote on WhatsApp since: WhatsApp is where they
    // are planned.
    const ana = new TelegramUser(telegram, { id: telegramChat, firstName: 'Ana', languageCode: 'es' });
    await ana.say('/start', /Banco Demo/);
    await linkTelegramAndCloud(fallback, telegramChat, undeliverable);

    // The second writes at 09:00 (the bot answers, inside the window the message opened).
    const written = await fake.deliverText(wroteBefore, 'hola');
    expect(written.status).toBe(200);
    await fake.waitForSent((message) => message.to === wroteBefore, 15_000);
    // The transcript dates the message by the server's own clock: put it at the test's 09:00.
    await app.database.prisma.message.updateMany({
      where: { author: 'debtor', conversation: { channel: 'whatsapp_cloud', channelUserId: wroteBefore } },
      data: { createdAt: clock },
    });

    clock = new Date('2026-12-01T12:40:00Z'); // 09:40: the plan is made again, nothing is due yet
    await ticks(2);
    const jobs = await app.database.prisma.outboundJob.findMany({ where: { kind: 'pre_due' } });
    expect(jobs.map((job) => job.channel)).toEqual(['whatsapp_cloud', 'whatsapp_cloud', 'whatsapp_cloud']);
    expect(jobs.every((job) => job.dueAt.toISOString() === '2026-12-01T13:00:00.000Z')).toBe(true);

    fake.failNext(undeliverable, 131026);
    clock = new Date('2026-12-01T13:00:30Z'); // 10:00:30: all three are due
    const template = await fake.waitForSent((message) => message.to === neverWrote, 15_000);
    expect(template.type).toBe('template');
    expect(template.body.template).toEqual({
      name: 'payment_reminder',
      language: { code: 'es' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Banco Demo' },
            { type: 'text', text: '4 de diciembre de 2026' },
          ],
        },
      ],
    });
    const freeText = await fake.waitForSent((message) => message.to === wroteBefore && isReminder(message), 15_000);
    expect(freeText.type).toBe('text');
    expect((freeText.body.text as { body: string }).body).toBe(
      'Hola, te escribe Banco Demo. Un pago de tu cuenta vence el 4 de diciembre de 2026. Responde aquí para ver tu saldo o tus opciones.',
    );
    const onTelegram = await telegram.waitFor(
      () => telegram.sentMessages(telegramChat).find((message) => message.text.startsWith('Hola, te escribe Banco Demo')),
      15_000,
    );
    expect(onTelegram.text).toContain('vence el 4 de diciembre de 2026');

    await expect.poll(async () => app.database.prisma.contactAttempt.count({ where: { kind: 'pre_due' } }), { timeout: 10_000 }).toBe(3);
    expect(await attemptOf(neverWrote)).toMatchObject({
      channel: 'whatsapp_cloud',
      outcome: 'sent',
      template: 'whatsapp_template.payment_reminder.es',
      reason: null,
      providerMessageId: template.messageId,
    });
    expect(await attemptOf(wroteBefore)).toMatchObject({
      channel: 'whatsapp_cloud',
      outcome: 'sent',
      template: 'reminder.pre_due.es',
      providerMessageId: freeText.messageId,
    });
    expect(await attemptOf(undeliverable)).toMatchObject({
      channel: 'telegram',
      outcome: 'sent',
      template: 'reminder.pre_due.es',
      reason: 'whatsapp_cloud:undeliverable',
      providerMessageId: null,
    });
    expect(fake.refused).toEqual([expect.objectContaining({ to: undeliverable, code: 131026 })]);

    // Nothing else, and nothing twice: the first only ever got the template, nothing was sent outside a window.
    await ticks(2);
    expect(sentTo(neverWrote)).toEqual([template]);
    expect(sentTo(wroteBefore).filter(isReminder)).toEqual([freeText]);
    expect(sentTo(undeliverable)).toEqual([]);
    expect(telegram.sentMessages(telegramChat).filter((message) => message.text.startsWith('Hola, te escribe'))).toHaveLength(1);
    expect(fake.refused.filter((refusal) => refusal.code === 131047)).toEqual([]);
  });

  it('moves the contact log line as the delivery statuses come: delivered, then read', async () => {
    const [template] = sentTo(neverWrote);
    expect(template?.type).toBe('template');
    const messageId = template?.messageId ?? '';
    expect(await fake.deliverStatus(messageId, 'delivered')).toBe(200);
    await expect.poll(async () => (await attemptOf(neverWrote)).outcome, { timeout: 10_000 }).toBe('delivered');
    expect(await fake.deliverStatus(messageId, 'read')).toBe(200);
    await expect.poll(async () => (await attemptOf(neverWrote)).outcome, { timeout: 10_000 }).toBe('read');
    // A late "delivered" (Meta may send them out of order, or again) does not move it back.
    expect(await fake.deliverStatus(messageId, 'delivered')).toBe(200);
    await ticks(1);
    expect(await attemptOf(neverWrote)).toMatchObject({ outcome: 'read', providerMessageId: messageId });
    // The others are untouched.
    expect((await attemptOf(wroteBefore)).outcome).toBe('sent');
  });

  it('sends the reminder on Telegram, once, when Meta accepts it and reports the number undeliverable later', async () => {
    // Due Saturday 5 December: the pre_due goes Wednesday at 10:00. The debtor last wrote on WhatsApp, so it is planned there.
    const debtorId = await seedDebtor(undeliverableLater, '2026-12-05');
    const bea = new TelegramUser(telegram, { id: laterChat, firstName: 'Bea', languageCode: 'es' });
    await bea.say('/start', /Banco Demo/);
    await linkTelegramAndCloud(debtorId, laterChat, undeliverableLater);
    fake.undeliverableLater(undeliverableLater);

    clock = new Date('2026-12-02T12:40:00Z'); // Wednesday 09:40: the plan is made again
    await ticks(2);
    const job = await app.database.prisma.outboundJob.findFirstOrThrow({ where: { debtorId, kind: 'pre_due' } });
    expect(job).toMatchObject({ channel: 'whatsapp_cloud', dueAt: new Date('2026-12-02T13:00:00Z'), excludedChannel: null });

    clock = new Date('2026-12-02T13:00:30Z'); // 10:00:30: due; Meta accepts the template, then reports 131026
    const accepted = await fake.waitForSent((message) => message.to === undeliverableLater, 15_000);
    expect(accepted.type).toBe('template');
    const onTelegram = await telegram.waitFor(
      () => telegram.sentMessages(laterChat).find((message) => message.text.startsWith('Hola, te escribe Banco Demo')),
      20_000,
    );
    expect(onTelegram.text).toContain('vence el 5 de diciembre de 2026');

    const log = async () => app.database.prisma.contactAttempt.findMany({ where: { debtorId }, orderBy: { id: 'asc' } });
    await expect.poll(async () => (await log()).length, { timeout: 10_000 }).toBe(2);
    // Both lines carry the test's frozen instant, so their ids do not order them: compare as a set.
    expect(await log()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: 'whatsapp_cloud',
          kind: 'pre_due',
          outcome: 'failed',
          reason: '131026',
          template: 'whatsapp_template.payment_reminder.es',
          providerMessageId: accepted.messageId,
        }),
        expect.objectContaining({
          channel: 'telegram',
          kind: 'pre_due',
          outcome: 'sent',
          reason: 'whatsapp_cloud:undeliverable',
          template: 'reminder.pre_due.es',
          providerMessageId: null,
        }),
      ]),
    );
    expect(await app.database.prisma.outboundJob.findUniqueOrThrow({ where: { key: job.key } })).toMatchObject({
      status: 'sent',
      excludedChannel: 'whatsapp_cloud',
      attempts: 2,
    });

    // Meta repeating the status puts nothing back; nothing goes twice, nothing more to the undeliverable number.
    expect(await fake.deliverStatus(accepted.messageId, 'failed', 131026)).toBe(200);
    await ticks(2);
    expect(sentTo(undeliverableLater)).toEqual([accepted]);
    expect(telegram.sentMessages(laterChat).filter((message) => message.text.startsWith('Hola, te escribe'))).toHaveLength(1);
    expect(await log()).toHaveLength(2);
  }, 60_000);
});
