import { describe, expect, it } from 'vitest';
import { seedDebtor } from '../../test/support/seed.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { openConversation, recordOptOut, recordPayment } from '../service/index.js';
import { purgeTranscripts, TRANSCRIPT_RETENTION_DAYS_DEFAULT } from './purge-transcripts.js';

// A fixed clock: 730 days before 2030-01-01 is 2028-01-02 (2028 is a leap year).
const now = new Date('2030-01-01T00:00:00.000Z');

describe.each(testProviders)('transcript retention on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)(
    'purges text older than the retention period, keeps the rows, money and contact records, and is idempotent',
    async () => {
      const { context } = ledger;
      const { prisma } = context;
      const { debtorId, accountIds } = await seedDebtor(prisma);
      const conversation = await openConversation(
        context,
        { channel: 'webchat', channelConversationId: `purge-${provider}`, channelUserId: 'w-1' },
        '{}',
        'es',
      );
      const at = (iso: string, text: string) =>
        prisma.message.create({
          data: { conversationId: conversation.id, direction: 'in', author: 'debtor', text, createdAt: new Date(iso) },
        });
      await at('2027-05-01T10:00:00.000Z', 'viejo');
      await at('2028-01-01T23:59:59.999Z', 'justo antes del corte');
      await at('2028-01-02T00:00:00.000Z', 'en el corte');
      await at('2029-12-31T12:00:00.000Z', 'reciente');
      await recordPayment(context, {
        idempotencyKey: 'purge-payment-1',
        accountId: accountIds[0]!,
        amountMinor: 1_000,
        currency: 'CLP',
        paidOnIso: '2026-11-23',
        source: 'agent',
        actor: { type: 'agent', id: 'a1' },
      });
      await recordOptOut(context, { channel: 'webchat', channelUserId: 'w-1' }, 'opt_out', debtorId, new Date('2027-01-01T00:00:00.000Z'));
      const moneyBefore = await prisma.account.findMany({ where: { debtorId }, include: { balanceEntries: true, payments: true } });
      const preferencesBefore = await prisma.contactPreference.findMany();

      expect(TRANSCRIPT_RETENTION_DAYS_DEFAULT).toBe(730);
      expect(await purgeTranscripts(ledger.database, { now })).toBe(2);
      expect(await purgeTranscripts(context, { now, retentionDays: 730 })).toBe(0);
      const texts = (await prisma.message.findMany({ where: { conversationId: conversation.id }, orderBy: { createdAt: 'asc' } })).map(
        (message) => message.text,
      );
      expect(texts).toEqual(['[purged]', '[purged]', 'en el corte', 'reciente']);

      expect(await purgeTranscripts(context, { now, retentionDays: 1 })).toBe(1);
      expect(await prisma.message.count({ where: { conversationId: conversation.id } })).toBe(4);
      expect(await prisma.account.findMany({ where: { debtorId }, include: { balanceEntries: true, payments: true } })).toEqual(
        moneyBefore,
      );
      expect(await prisma.contactPreference.findMany()).toEqual(preferencesBefore);
      const audits = await prisma.auditEvent.findMany({ where: { action: 'transcripts.purged' }, orderBy: { createdAt: 'asc' } });
      expect(audits.map((event) => JSON.parse(event.data).count)).toEqual([2, 1]);
    },
  );

  it.skipIf(!available)('refuses a retention period that is not a whole number of days', async () => {
    await expect(purgeTranscripts(ledger.context, { now, retentionDays: 0 })).rejects.toThrow(RangeError);
    await expect(purgeTranscripts(ledger.context, { now, retentionDays: 1.5 })).rejects.toThrow(RangeError);
  });
});
