import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateConflictError, stateStoreOf } from '../ledger/index.js';
import { openTempDatabase, testProviders, type TempDatabase } from '../test/support/temp-database.js';
import { LedgerStorage } from './ledger-storage.js';

describe.each(testProviders)('LedgerStorage (botbuilder Storage with eTags) on $provider', ({ provider, available }) => {
  let database: TempDatabase;
  beforeAll(async () => {
    if (available) database = await openTempDatabase(provider);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.skipIf(!available)('round-trips items, and refuses a write based on a stale eTag', async () => {
    const first = new LedgerStorage(stateStoreOf(database));
    const second = new LedgerStorage(stateStoreOf(database));
    await first.write({ 'conv/1': { memory: { misses: 1 }, eTag: '*' } });
    const readByFirst = await first.read(['conv/1', 'conv/missing']);
    const readBySecond = await second.read(['conv/1']);
    expect(readByFirst['conv/1']).toMatchObject({ memory: { misses: 1 } });
    expect(readByFirst['conv/missing']).toBeUndefined();
    await first.write({ 'conv/1': { ...readByFirst['conv/1'], memory: { misses: 2 } } });
    await expect(second.write({ 'conv/1': { ...readBySecond['conv/1'], memory: { misses: 9 } } })).rejects.toBeInstanceOf(
      StateConflictError,
    );
    expect((await second.read(['conv/1']))['conv/1']).toMatchObject({ memory: { misses: 2 } });
    await first.delete(['conv/1']);
    expect(await first.read(['conv/1'])).toEqual({});
  });

  it.skipIf(!available)('creates an item only once (empty eTag), overwrites with "*", and reads several keys at once', async () => {
    const storage = new LedgerStorage(stateStoreOf(database));
    await storage.write({ 'conv/2': { step: 'first', eTag: '' } });
    await expect(storage.write({ 'conv/2': { step: 'again', eTag: '' } })).rejects.toBeInstanceOf(StateConflictError);
    await storage.write({ 'conv/2': { step: 'forced', eTag: '*' }, 'conv/3': { step: 'other', eTag: '*' } });
    const both = await storage.read(['conv/2', 'conv/3']);
    expect(both['conv/2']).toMatchObject({ step: 'forced' });
    expect(both['conv/3']).toMatchObject({ step: 'other' });
    expect(both['conv/2']?.eTag).not.toBe(both['conv/3']?.eTag);
  });
});
