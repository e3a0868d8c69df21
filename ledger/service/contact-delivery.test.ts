import { describe, expect, it } from 'vitest';
import { seedDebtor } from '../../test/support/seed.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { eraseDebtor } from '../privacy/erase-debtor.js';
import { insertContactAttempt } from '../store/outbound-job-rows.js';
import { loadPlanningDebtors, whatsAppCloudChannel } from '../store/outbound-rows.js';
import { lastInboundAt, recordDeliveryStatus } from './contact-delivery.js';
import { appendMessage } from './conversations.js';
import { defaultContactRules } from '../outbound/contact-rules.js';
import { contactKey } from '../outbound/planner.js';
import { jobByKey, plannedJobUpsert } from '../store/outbound-job-rows.js';
import { claimContact, contactRouteOf, decideAtSendTime, recordContactOutcome } from './outbound-jobs.js';

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
    'keeps counting a tracked message toward the frequency limits whatever its status (but undeliverable), and a web chat notice once',
    async () => {
      const wamid = `wamid.counted-${provider}`;
      const { debtorId, jobKey } = await sentReminder(wamid);
      await status(wamid, 'read', Date.parse('2026-12-01T13:10:00Z'));
      const failedId = `wamid.counted-failed-${provider}`;
      const { jobKey: failedKey } = await sentReminder(failedId);
      await status(failedId, 'failed', Date.parse('2026-12-01T13:10:00Z'), 131000);
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
      // A message reported undeliverable (131026) reached nobody: it is no contact made.
      const undeliveredId = `wamid.counted-undeliverable-${provider}`;
      const { debtorId: undelivered } = await sentReminder(undeliveredId);
      await status(undeliveredId, 'failed', Date.parse('2026-12-01T13:10:00Z'), 131026);
      const [none] = await loadPlanningDebtors(ledger.context.sql, {
        sinceDateIso: '2026-11-25',
        channels: new Set([cloud]),
        debtorId: undelivered,
      });
      expect(none?.made).toEqual([]);
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

describe.each(testProviders)('a reminder reported undeliverable after the send, on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const sentAtMs = Date.parse('2026-12-01T13:00:00Z'); // Tuesday 1 December, 10:00 in Santiago
  const channels = new Set([cloud, 'telegram']);
  let phones = 0;

  /**
   * A Chilean debtor owing on Friday 4 December, reachable on the Cloud channel (where they last wrote) and on a
   * verified Telegram chat, whose pre_due reminder went out on the Cloud channel at 10:00 as `wamid`.
   */
  async function cloudReminder(wamid: string): Promise<{ debtorId: string; key: string; waId: string }> {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ dueDateIso: '2026-12-04' }]);
    phones += 1;
    const waId = `569${String(process.pid).slice(-3).padStart(3, '0')}${String(phones).padStart(5, '0')}`;
    await ledger.database.prisma.debtor.update({ where: { id: debtorId }, data: { phone: `+${waId}` } });
    const verifiedAt = new Date('2026-11-10T12:00:00Z');
    await ledger.database.prisma.channelIdentity.create({
      data: { channel: 'telegram', channelUserId: `tg-${waId}`, debtorId, verifiedAt },
    });
    await ledger.database.prisma.channelIdentity.create({ data: { channel: cloud, channelUserId: waId, debtorId, verifiedAt } });
    await ledger.database.prisma.conversation.create({
      data: {
        channel: cloud,
        channelConversationId: waId,
        channelUserId: waId,
        debtorId,
        reference: '{}',
        updatedAt: new Date('2026-11-25T12:00:00Z'),
      },
    });
    const accountId = accountIds[0] ?? '';
    const key = contactKey(debtorId, accountId, 'pre_due', '2026-12-01');
    const planned = {
      key,
      debtorId,
      debtorRef: '-',
      accountId,
      accountRef: '-',
      kind: 'pre_due',
      channel: cloud,
      aboutDateIso: '2026-12-04',
      forDateIso: '2026-12-01',
      atMs: sentAtMs,
      localDateIso: '2026-12-01',
      timezone: 'America/Santiago',
    } as const;
    const statement = plannedJobUpsert(planned, new Date(sentAtMs));
    await ledger.context.sql.execute(statement.text, statement.params);
    const job = await jobByKey(ledger.context.sql, key);
    if (!job) throw new Error('no job');
    const decision = await decideAtSendTime(ledger.context, job, { nowMs: sentAtMs, rules: defaultContactRules, channels });
    expect(decision).toMatchObject({ action: 'send', channels: [cloud, 'telegram'], fellBackFrom: [] });
    expect(await claimContact(ledger.context, job, sentAtMs, 60_000)).toBe(true);
    await recordContactOutcome(
      ledger.context,
      job,
      {
        status: 'sent',
        channel: cloud,
        template: 'whatsapp_template.payment_reminder.es',
        rulesVersion: 'built-in',
        reason: null,
        localDateIso: '2026-12-01',
        providerMessageId: wamid,
      },
      sentAtMs,
    );
    return { debtorId, key, waId };
  }

  const undeliverable = (wamid: string, atMs: number, nowMs = atMs + 1_000) =>
    recordDeliveryStatus(ledger.context, { channel: cloud, providerMessageId: wamid, status: 'failed', errorCode: 131026, atMs, nowMs });

  it.skipIf(!available)('puts the job back, due now and without the Cloud channel, once however often the status comes', async () => {
    const wamid = `wamid.requeue-${provider}`;
    const { key } = await cloudReminder(wamid);
    const nowMs = Date.parse('2026-12-01T13:00:09Z');
    expect(await undeliverable(wamid, Date.parse('2026-12-01T13:00:08Z'), nowMs)).toBe('requeued');
    const job = await ledger.database.prisma.outboundJob.findUniqueOrThrow({ where: { key } });
    expect(job).toMatchObject({ status: 'planned', excludedChannel: cloud, dueAt: new Date(nowMs), leaseUntil: null });
    expect(await ledger.database.prisma.contactAttempt.findMany({ where: { jobKey: key } })).toEqual([
      expect.objectContaining({ channel: cloud, outcome: 'failed', reason: '131026', providerMessageId: wamid }),
    ]);
    // Meta delivers the status again: nothing moves.
    expect(await undeliverable(wamid, Date.parse('2026-12-01T13:00:08Z'), nowMs + 5_000)).toBe('unchanged');
    expect(await ledger.database.prisma.outboundJob.findUniqueOrThrow({ where: { key } })).toEqual(job);
    // Sent on the next channel, the status coming once more does not put it back again.
    const requeued = await jobByKey(ledger.context.sql, key);
    if (!requeued) throw new Error('no job');
    expect(await claimContact(ledger.context, requeued, nowMs + 10_000, 60_000)).toBe(true);
    const outcome = {
      status: 'sent',
      channel: 'telegram',
      template: 'reminder.pre_due.es',
      rulesVersion: 'built-in',
      reason: 'whatsapp_cloud:undeliverable',
      localDateIso: '2026-12-01',
    } as const;
    await recordContactOutcome(ledger.context, requeued, outcome, nowMs + 10_000);
    expect(await undeliverable(wamid, Date.parse('2026-12-01T13:00:08Z'), nowMs + 20_000)).toBe('unchanged');
    expect(await ledger.database.prisma.outboundJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it.skipIf(!available)('sends the job put back on the next channel only, saying why, under the rules as now', async () => {
    const wamid = `wamid.excluded-${provider}`;
    const { debtorId, key, waId } = await cloudReminder(wamid);
    const nowMs = Date.parse('2026-12-01T13:01:00Z');
    expect(await undeliverable(wamid, nowMs - 1_000, nowMs)).toBe('requeued');
    const job = await jobByKey(ledger.context.sql, key);
    if (!job) throw new Error('no job');
    // The undelivered message is no contact made: Chile's "2 days apart" does not push the fallback to Thursday.
    expect(await decideAtSendTime(ledger.context, job, { nowMs, rules: defaultContactRules, channels })).toMatchObject({
      action: 'send',
      channels: ['telegram'],
      fellBackFrom: ['whatsapp_cloud:undeliverable'],
    });
    // The job excludes the channel even when the number works again; with no other channel it is refused.
    expect(await decideAtSendTime(ledger.context, job, { nowMs, rules: defaultContactRules, channels: new Set([cloud]) })).toEqual({
      action: 'refuse',
      reason: 'no_channel',
    });
    // The debtor's other reminders skip the Cloud channel for 30 days, or until they write on it again.
    const channelsAt = async (fromMs: number) =>
      (await loadPlanningDebtors(ledger.context.sql, { sinceDateIso: '2026-11-25', channels, debtorId, fromMs }))[0]?.channels;
    expect(await channelsAt(nowMs)).toEqual(['telegram']);
    expect(await channelsAt(nowMs + 29 * 86_400_000)).toEqual(['telegram']);
    expect(await channelsAt(nowMs + 31 * 86_400_000)).toEqual([cloud, 'telegram']);
    const conversation = await ledger.database.prisma.conversation.findFirstOrThrow({ where: { channel: cloud, channelUserId: waId } });
    await appendMessage(ledger.context, { conversationId: conversation.id, direction: 'in', author: 'debtor', text: 'hola' });
    expect(await channelsAt(nowMs)).toEqual([cloud, 'telegram']);
  });

  it.skipIf(!available)('does not put back a reminder whose last useful day has passed', async () => {
    const wamid = `wamid.too-late-${provider}`;
    const { key } = await cloudReminder(wamid);
    // A pre_due for Friday is of use until Thursday; the failure is recorded on Friday morning in Santiago.
    expect(await undeliverable(wamid, Date.parse('2026-12-01T13:00:05Z'), Date.parse('2026-12-04T12:00:00Z'))).toBe('changed');
    expect(await ledger.database.prisma.outboundJob.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'sent',
      excludedChannel: null,
    });
    // On Thursday it still would have been.
    const other = `wamid.last-day-${provider}`;
    const { key: lastDay } = await cloudReminder(other);
    expect(await undeliverable(other, Date.parse('2026-12-01T13:00:05Z'), Date.parse('2026-12-03T22:00:00Z'))).toBe('requeued');
    expect((await ledger.database.prisma.outboundJob.findUniqueOrThrow({ where: { key: lastDay } })).status).toBe('planned');
  });
});
