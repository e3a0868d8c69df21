import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { seedDebtor } from '../../test/support/seed.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { stateStoreOf } from '../store/state-store.js';
import { listAccounts } from './accounts.js';
import { linkConversationDebtor, openConversation, openConversationWithState } from './conversations.js';

describe.each(testProviders)("opening a turn's conversation with the debtor's message on $provider", ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const key = (name: string) => ({
    channel: 'webchat',
    channelConversationId: `opening-${provider}-${name}`,
    channelUserId: `user-${name}`,
  });
  const transcript = async (conversationId: string) =>
    (await ledger.context.prisma.message.findMany({ where: { conversationId }, orderBy: { id: 'asc' } })).map((message) => [
      message.author,
      message.direction,
      message.text,
      message.activityId,
    ]);
  const open = (name: string, text: string, activityId: string | null) =>
    openConversationWithState(ledger.context, key(name), {
      reference: '{"channelId":"webchat"}',
      locale: 'es-CL',
      stateKey: `state/${name}`,
      inbound: { text, activityId },
    });

  it.skipIf(!available)(
    "brings the linked debtor's accounts with the read where one statement can (PostgreSQL), as listAccounts reads them",
    async () => {
      const unlinked = await open('accounts', 'hola', 'd-1');
      expect(unlinked.conversation.debtorAccounts).toBeUndefined();
      const { debtorId, accountIds } = await seedDebtor(ledger.context.prisma, [
        { dueDateIso: '2026-09-01', balanceMinor: 9_007_199_254_740_991, currency: 'USD' },
        { dueDateIso: '2026-03-01', balanceMinor: 12_345, status: 'on_hold' },
        { dueDateIso: '2026-03-01', balanceMinor: 0, status: 'settled' },
      ]);
      await linkConversationDebtor(ledger.context, unlinked.conversation.id, debtorId);
      const linked = await open('accounts', '¿cuánto debo?', 'd-2');
      const listed = await listAccounts(ledger.context, debtorId);
      expect(listed.map((account) => account.id)).toEqual([accountIds[1], accountIds[2], accountIds[0]]);
      expect(linked.conversation.debtorId).toBe(debtorId);
      if (provider === 'postgresql') expect(linked.conversation.debtorAccounts).toEqual(listed);
      else expect(linked.conversation.debtorAccounts).toBeUndefined();

      const { debtorId: withoutAccounts } = await seedDebtor(ledger.context.prisma, []);
      await linkConversationDebtor(ledger.context, unlinked.conversation.id, withoutAccounts);
      const none = await open('accounts', 'hola de nuevo', 'd-3');
      expect(none.conversation.debtorAccounts).toEqual(provider === 'postgresql' ? [] : undefined);
    },
  );

  it.skipIf(!available)('stores the first message of a new conversation, and each next one with the state read back', async () => {
    const first = await open('fresh', 'hola', 'a-1');
    expect(first.state).toBeUndefined();
    expect(first.inbound).toEqual({ messageId: expect.any(String), duplicate: false });
    await stateStoreOf(ledger.context).write('state/fresh', { step: 'menu' });

    const second = await open('fresh', '¿cuánto debo? "todo" $1 ?', 'a-2');
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.state?.data).toEqual({ step: 'menu' });
    expect(second.inbound).toEqual({ messageId: expect.any(String), duplicate: false });
    expect(second.inbound?.messageId).not.toBe(first.inbound?.messageId);
    expect(await transcript(first.conversation.id)).toEqual([
      ['debtor', 'in', 'hola', 'a-1'],
      ['debtor', 'in', '¿cuánto debo? "todo" $1 ?', 'a-2'],
    ]);
  });

  it.skipIf(!available)(
    'a redelivered activity stores nothing and says so; a message without an activity id is always stored',
    async () => {
      const first = await open('again', 'quiero pagar', 'b-1');
      const again = await open('again', 'quiero pagar', 'b-1');
      expect(again.inbound).toEqual({ messageId: null, duplicate: true });
      await open('again', 'sin id', null);
      await open('again', 'sin id', null);
      expect(await transcript(first.conversation.id)).toEqual([
        ['debtor', 'in', 'quiero pagar', 'b-1'],
        ['debtor', 'in', 'sin id', null],
        ['debtor', 'in', 'sin id', null],
      ]);
    },
  );

  it.skipIf(!available)("stores the message only in this channel key's conversation, and reopens a closed one", async () => {
    const mine = await open('mine', 'hola', 'c-1');
    const other = await openConversation(ledger.context, key('other'), '{}', null);
    // As an agent's close leaves it.
    await ledger.context.prisma.conversation.update({ where: { id: mine.conversation.id }, data: { mode: 'closed' } });

    const reopened = await open('mine', 'volví', 'c-2');
    expect(reopened.conversation).toMatchObject({ id: mine.conversation.id, mode: 'bot' });
    expect(await transcript(mine.conversation.id)).toEqual([
      ['debtor', 'in', 'hola', 'c-1'],
      ['debtor', 'in', 'volví', 'c-2'],
    ]);
    expect(await transcript(other.id)).toEqual([]);
  });
});
