import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { stateStoreOf } from '../store/state-store.js';
import { appendMessage, openConversation, openConversationWithState } from './conversations.js';
import { TurnJournal } from './turn-journal.js';

describe.each(testProviders)('a turn journal on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  const key = (name: string) => ({ channel: 'webchat', channelConversationId: `journal-${provider}-${name}`, channelUserId: 'u' });
  const texts = async (conversationId: string) =>
    (await ledger.context.prisma.message.findMany({ where: { conversationId }, orderBy: { id: 'asc' } })).map((message) => message.text);

  it.skipIf(!available)('writes the replies, the state and the masking only at flush, all together, in the order recorded', async () => {
    const conversation = await openConversation(ledger.context, key('flush'), '{}', null);
    const inbound = await appendMessage(ledger.context, {
      conversationId: conversation.id,
      direction: 'in',
      author: 'debtor',
      text: '12.345.678-5',
    });
    const journal = new TurnJournal(ledger.context);
    await journal.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text: 'first reply' });
    await journal.saveState('state/flush', { step: 1 });
    await journal.saveState('state/flush', { step: 2 });
    await journal.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text: 'second reply' });
    await journal.mask(inbound.messageId ?? '', '[identity data]');
    expect(await texts(conversation.id)).toEqual(['12.345.678-5']);
    expect((await stateStoreOf(ledger.context).read(['state/flush'])).size).toBe(0);

    await journal.flush();
    expect(await texts(conversation.id)).toEqual(['[identity data]', 'first reply', 'second reply']);
    expect((await stateStoreOf(ledger.context).read(['state/flush'])).get('state/flush')?.data).toEqual({ step: 2 });

    // After the flush (the error boundary's apology), a record is written at once.
    await journal.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text: 'sorry' });
    expect(await texts(conversation.id)).toEqual(['[identity data]', 'first reply', 'second reply', 'sorry']);
  });

  it.skipIf(!available)('forgets a state that is deleted during the turn, and reads the state back with the conversation', async () => {
    const conversation = await openConversation(ledger.context, key('discard'), '{}', null);
    await stateStoreOf(ledger.context).write('state/discard', { kept: true });
    const reopened = await openConversationWithState(ledger.context, key('discard'), {
      reference: '{}',
      locale: null,
      stateKey: 'state/discard',
    });
    expect(reopened.conversation.id).toBe(conversation.id);
    expect(reopened.state?.data).toEqual({ kept: true });

    const journal = new TurnJournal(ledger.context);
    await journal.saveState('state/discard', { kept: false });
    journal.discardState('state/discard');
    await journal.flush();
    expect((await stateStoreOf(ledger.context).read(['state/discard'])).get('state/discard')?.data).toEqual({ kept: true });

    const fresh = await openConversationWithState(ledger.context, key('new'), { reference: '{}', locale: null, stateKey: 'state/new' });
    expect(fresh.state).toBeUndefined();
    const again = await openConversationWithState(ledger.context, key('new'), { reference: '{}', locale: null, stateKey: 'state/new' });
    expect(again.conversation.id).toBe(fresh.conversation.id);
    expect(again.state).toBeNull();
  });

  it.skipIf(!available)('a batch is all or nothing: one failing statement leaves none of the others written', async () => {
    const conversation = await openConversation(ledger.context, key('atomic'), '{}', null);
    const journal = new TurnJournal(ledger.context);
    await journal.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text: 'never stored' });
    await journal.saveState('state/atomic', { never: true });
    await journal.append({ conversationId: 'no-such-conversation', direction: 'out', author: 'bot', text: 'orphan' });
    await expect(journal.flush()).rejects.toThrow();
    expect(await texts(conversation.id)).toEqual([]);
    expect((await stateStoreOf(ledger.context).read(['state/atomic'])).size).toBe(0);
    // The runner is still usable afterwards.
    await appendMessage(ledger.context, { conversationId: conversation.id, direction: 'out', author: 'bot', text: 'later' });
    expect(await texts(conversation.id)).toEqual(['later']);
  });
});
