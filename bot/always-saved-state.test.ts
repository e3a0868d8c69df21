import { MemoryStorage, TestAdapter, TurnContext, type Storage } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { AlwaysSavedConversationState } from './always-saved-state.js';

/** A new turn of conversation `c1` on the test channel. */
function newTurn(): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'test',
    text: 'hola',
    conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' },
  });
}

const storedKey = 'test/conversations/c1/';

/** Storage that counts writes. */
function countingStorage(): { storage: Storage; writes: () => number } {
  const inner = new MemoryStorage();
  let writes = 0;
  return {
    storage: {
      read: (keys) => inner.read(keys),
      write: (changes) => {
        writes += 1;
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    },
    writes: () => writes,
  };
}

describe('AlwaysSavedConversationState', () => {
  it('keeps what a turn set for the next turn, through property accessors as the bot uses them', async () => {
    const { storage } = countingStorage();
    const state = new AlwaysSavedConversationState(storage);
    const memory = state.createProperty<{ lastLanguage?: string }>('memory');
    const first = newTurn();
    (await memory.get(first, {})).lastLanguage = 'es';
    await state.saveChanges(first);
    expect(await memory.get(newTurn(), {})).toEqual({ lastLanguage: 'es' });
    expect(Object.keys(await storage.read([storedKey]))).toEqual([storedKey]);
  });

  it('saves a turn that loaded its document even when nothing changed, and writes nothing for a turn that never loaded it', async () => {
    const { storage, writes } = countingStorage();
    const state = new AlwaysSavedConversationState(storage);
    await state.saveChanges(newTurn());
    expect(writes()).toBe(0);
    const turn = newTurn();
    await state.load(turn);
    await state.saveChanges(turn);
    expect(writes()).toBe(1);
  });

  it('reads the document once per turn unless forced', async () => {
    const { storage } = countingStorage();
    const state = new AlwaysSavedConversationState(storage);
    const turn = newTurn();
    const loaded = await state.load(turn);
    loaded.note = 'kept for the turn';
    expect(await state.load(turn)).toBe(loaded);
    expect(await state.load(turn, true)).not.toHaveProperty('note');
  });

  it('forgets a deleted document, and stores an empty one after clear', async () => {
    const { storage } = countingStorage();
    const state = new AlwaysSavedConversationState(storage);
    const memory = state.createProperty<{ step?: number }>('memory');
    const first = newTurn();
    await memory.set(first, { step: 2 });
    await state.saveChanges(first);

    const second = newTurn();
    await memory.get(second);
    await state.delete(second);
    expect(state.get(second)).toBeUndefined();
    expect(await storage.read([storedKey])).toEqual({});

    const third = newTurn();
    await memory.set(third, { step: 3 });
    await state.saveChanges(third);
    await state.clear(third);
    await state.saveChanges(third);
    expect(await memory.get(newTurn())).toBeUndefined();
  });
});
