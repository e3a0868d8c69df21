import { describe, expect, it } from 'vitest';
import { seedDebtor } from '../../test/support/seed.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { checkOutboundContact } from './contact-gate.js';
import { recordOptOut } from './contact.js';
import { openDispute } from './disputes.js';
import { revokeChannelLink } from './verification.js';

describe.each(testProviders)('the outbound contact gate on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const now = new Date('2026-11-23T15:00:00Z');

  it.skipIf(!available)('lets service and collection messages through to a reachable debtor', async () => {
    const { debtorId } = await seedDebtor(ledger.database.prisma);
    const target = { channel: 'telegram', channelUserId: '100', debtorId };
    expect(await checkOutboundContact(ledger.context, target, 'service')).toEqual({ allowed: true });
    expect(await checkOutboundContact(ledger.context, target, 'collection')).toEqual({ allowed: true });
  });

  it.skipIf(!available)('refuses an opted-out channel and a "wrong person" address, whatever the purpose', async () => {
    await recordOptOut(ledger.context, { channel: 'telegram', channelUserId: '200' }, 'opt_out', null, now);
    await revokeChannelLink(ledger.context, { channel: 'telegram', channelUserId: '300' }, now);
    const check = (channelUserId: string) =>
      checkOutboundContact(ledger.context, { channel: 'telegram', channelUserId, debtorId: null }, 'service');
    expect(await check('200')).toEqual({ allowed: false, reason: 'opted_out' });
    expect(await check('300')).toEqual({ allowed: false, reason: 'wrong_person' });
  });

  it.skipIf(!available)('refuses collection content, not service notices, to a debtor with an account in dispute', async () => {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma);
    await openDispute(ledger.context, {
      idempotencyKey: `gate-dispute-${provider}`,
      accountId: accountIds[0] ?? '',
      category: 'not_mine',
      text: 'no es mía',
      actor: { type: 'system' },
    });
    const target = { channel: 'telegram', channelUserId: '400', debtorId };
    expect(await checkOutboundContact(ledger.context, target, 'collection')).toEqual({ allowed: false, reason: 'in_dispute' });
    expect(await checkOutboundContact(ledger.context, target, 'service')).toEqual({ allowed: true });
  });
});
