import { describe, expect, it } from 'vitest';
import { seedDebtor } from '../../test/support/seed.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { eraseDebtor } from '../privacy/erase-debtor.js';
import { insertContactAttempt } from '../store/outbound-job-rows.js';
import { loadPlanningDebtors, whatsAppCloudChannel } from '../store/outbound-rows.js';
import { lastInboundAt, recordDeliveryStatus } from './contact-delivery.js';
import { appendMessage } from './conversations.js';
import { contactRouteOf } from './outbound-jobs.js';

const cloud = whatsAppCloudChannel;
let serial = 0;

describe.each(testProviders)('delivery statuses in the contact log on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const attemptedAt = new Date('2026-12-01T13:00:00Z');

  /** A reminder sent on the Cloud channel whose send answered `wamid`; returns its line's id reader. */
  async function sentReminder(wamid: string | null, channel = cloud): Promise<{ debtorId: string; jobKey: string }> {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma);
    serial += 1;
    const jobKey = `${debtorId}|${accountIds[0]}|pre_due|2026-12-01|${serial}`;
    await insertContactAttempt(ledger.context.sql, {
      jobKey,
      debtorId,
      accountId: accountIds[0] ?? '',
      channel,
      kind: 'pre_due',
      template: 'whatsapp_template.payment_reminder.es',
      rulesVersion: 'built-in',
      outcome: 'sent',
      reason: null,
      localDateIso: '2026-12-01',
      attemptedAt,
      providerMessageId: wamid,
    });
    return { debtorId, jobKey };
  }

  const lineOf = (jobKey: string) => ledger.database.prisma.contactAttempt.findFirstOrThrow({ where: { jobKey } });
  const status = (providerMessageId: string, value: 'sent' | 'delivered' | 'read' | 'failed', atMs: number, errorCode?: number) =>
    recordDeliveryStatus(ledger.context, {
      channel: cloud,
      providerMessageId,
      status: value,
      atMs,
      ...(errorCode === undefined ? {} : { errorCode }),
    });

  it.skipIf(!available)('moves an attempt forward only: sent → delivered → read, never back', async () => {
    const wamid = `wamid.forward-${provider}`;
    const { jobKey } = await sentReminder(wamid);
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:05Z'))).toBe('changed');
    expect(await lineOf(jobKey)).toMatchObject({ outcome: 'delivered', reason: null, statusAt: new Date('2026-12-01T13:00:05Z') });
    expect(await status(wamid, 'read', Date.parse('2026-12-01T13:10:00Z'))).toBe('changed');
    // Late or out-of-order statuses change nothing: not delivered again, not sent, not failed after it was read.
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:11:00Z'))).toBe('unchanged');
    expect(await status(wamid, 'sent', Date.parse('2026-12-01T13:12:00Z'))).toBe('unchanged');
    expect(await status(wamid, 'failed', Date.parse('2026-12-01T13:13:00Z'), 131000)).toBe('unchanged');
    expect(await lineOf(jobKey)).toMatchObject({ outcome: 'read', reason: null, statusAt: new Date('2026-12-01T13:10:00Z') });
  });

  it.skipIf(!available)('takes "read" straight after "sent" when "delivered" never came', async () => {
    const wamid = `wamid.read-first-${provider}`;
    const { jobKey } = await sentReminder(wamid);
    expect(await status(wamid, 'read', Date.parse('2026-12-01T14:00:00Z'))).toBe('changed');
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:59:00Z'))).toBe('unchanged');
    expect((await lineOf(jobKey)).outcome).toBe('read');
  });

  it.skipIf(!available)('records "failed" with the provider’s error code as the reason, and nothing moves it after', async () => {
    const wamid = `wamid.failed-${provider}`;
    const { jobKey } = await sentReminder(wamid);
    expect(await status(wamid, 'failed', Date.parse('2026-12-01T13:00:03Z'), 131026)).toBe('changed');
    expect(await lineOf(jobKey)).toMatchObject({ outcome: 'failed', reason: '131026' });
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:04Z'))).toBe('unchanged');
    expect(await status(wamid, 'read', Date.parse('2026-12-01T13:00:05Z'))).toBe('unchanged');
    expect(await lineOf(jobKey)).toMatchObject({ outcome: 'failed', reason: '131026' });
    // A failure without a code still says where it came from.
    const other = `wamid.failed-no-code-${provider}`;
    const second = await sentReminder(other);
    expect(await status(other, 'failed', Date.parse('2026-12-01T13:00:03Z'))).toBe('changed');
    expect(await lineOf(second.jobKey)).toMatchObject({ outcome: 'failed', reason: 'provider_failed' });
  });

  it.skipIf(!available)('is idempotent: the same status again changes nothing', async () => {
    const wamid = `wamid.twice-${provider}`;
    const { jobKey } = await sentReminder(wamid);
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:05Z'))).toBe('changed');
    const once = await lineOf(jobKey);
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:09Z'))).toBe('unchanged');
    expect(await lineOf(jobKey)).toEqual(once);
    expect(await ledger.database.prisma.contactAttempt.count({ where: { jobKey } })).toBe(1);
  });

  it.skipIf(!available)('ignores a message id no attempt has, or one sent on another channel', async () => {
    const before = await ledger.database.prisma.contactAttempt.findMany({ orderBy: { id: 'asc' } });
    expect(await status(`wamid.nobody-${provider}`, 'read', Date.parse('2026-12-01T13:00:05Z'))).toBe('unknown');
    const wamid = `wamid.other-channel-${provider}`;
    const { jobKey } = await sentReminder(wamid, 'telegram');
    expect(await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:05Z'))).toBe('unknown');
    expect((await lineOf(jobKey)).outcome).toBe('sent');
    const after = await ledger.database.prisma.contactAttempt.findMany({ where: { id: { in: before.map((row) => row.id) } } });
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it.skipIf(!available)(
    'keeps counting a tracked message toward the frequency limits whatever its status, and a web chat notice once',
    async () => {
      const wamid = `wamid.counted-${provider}`;
      const { debtorId, jobKey } = await sentReminder(wamid);
      await status(wamid, 'read', Date.parse('2026-12-01T13:10:00Z'));
      const failedId = `wamid.counted-failed-${provider}`;
      const { jobKey: failedKey } = await sentReminder(failedId);
      await status(failedId, 'failed', Date.parse('2026-12-01T13:10:00Z'), 131026);
      // A web chat notice: its "sent" line when it was left, its "delivered" line when it was shown.
      const account = await ledger.database.prisma.account.findFirstOrThrow({ where: { debtorId } });
      for (const outcome of ['sent', 'delivered'])
        await insertContactAttempt(ledger.context.sql, {
          jobKey: `${debtorId}|notice`,
          debtorId,
          accountId: account.id,
          channel: 'webchat',
          kind: 'due_today',
          template: 'reminder.due_today.es',
          rulesVersion: 'built-in',
          outcome,
          reason: null,
          localDateIso: '2026-12-01',
          attemptedAt,
        });
      const [planning] = await loadPlanningDebtors(ledger.context.sql, {
        sinceDateIso: '2026-11-25',
        channels: new Set([cloud]),
        debtorId,
      });
      expect(planning?.made.map((contact) => contact.key).sort()).toEqual([`${debtorId}|notice`, jobKey].sort());
      const failedDebtor = (await lineOf(failedKey)).debtorId;
      const [other] = await loadPlanningDebtors(ledger.context.sql, {
        sinceDateIso: '2026-11-25',
        channels: new Set([cloud]),
        debtorId: failedDebtor,
      });
      expect(other?.made.map((contact) => contact.key)).toEqual([failedKey]);
    },
  );

  it.skipIf(!available)('clears the message ids (they encode the number) when the debtor is erased, keeping the lines', async () => {
    const wamid = `wamid.erased-${provider}`;
    const { debtorId, jobKey } = await sentReminder(wamid);
    await status(wamid, 'delivered', Date.parse('2026-12-01T13:00:05Z'));
    const debtor = await ledger.database.prisma.debtor.findUniqueOrThrow({ where: { id: debtorId } });
    const erased = await eraseDebtor(ledger.context, debtor.externalId, { type: 'system' });
    expect(erased?.counts.contactMessageIds).toBe(1);
    expect(await lineOf(jobKey)).toMatchObject({ outcome: 'delivered', providerMessageId: null });
  });
});

describe.each(testProviders)('the WhatsApp Cloud API route and window on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('reaches a debtor who never wrote at their phone number, as a WhatsApp id (digits only)', async () => {
    const { debtorId } = await seedDebtor(ledger.database.prisma);
    expect(await contactRouteOf(ledger.context, debtorId, cloud)).toEqual({
      channel: cloud,
      channelUserId: '56911112222',
      referenceJson: null,
      conversationId: null,
    });
    const [planning] = await loadPlanningDebtors(ledger.context.sql, {
      sinceDateIso: '2026-11-25',
      channels: new Set([cloud, 'webchat']),
      debtorId,
    });
    expect(planning?.channels).toEqual([cloud]);
  });

  it.skipIf(!available)('counts the window from the last message the user wrote on that channel, not the bot’s', async () => {
    const waId = `5691${String(Date.now()).slice(-7)}`;
    expect(await lastInboundAt(ledger.context, cloud, waId)).toBeNull();
    const conversation = await ledger.database.prisma.conversation.create({
      data: { channel: cloud, channelConversationId: waId, channelUserId: waId, reference: '{}' },
    });
    await appendMessage(ledger.context, { conversationId: conversation.id, direction: 'in', author: 'debtor', text: 'hola' });
    await appendMessage(ledger.context, { conversationId: conversation.id, direction: 'out', author: 'bot', text: 'Hola' });
    const [written, answered] = await ledger.database.prisma.message.findMany({
      where: { conversationId: conversation.id },
      orderBy: { id: 'asc' },
    });
    await ledger.database.prisma.message.update({
      where: { id: written?.id ?? '' },
      data: { createdAt: new Date('2026-12-01T12:00:00Z') },
    });
    await ledger.database.prisma.message.update({
      where: { id: answered?.id ?? '' },
      data: { createdAt: new Date('2026-12-01T12:30:00Z') },
    });
    expect(await lastInboundAt(ledger.context, cloud, waId)).toBe(Date.parse('2026-12-01T12:00:00Z'));
    // The same number on Baileys' channel is another window.
    expect(await lastInboundAt(ledger.context, 'whatsapp', waId)).toBeNull();
  });
});
