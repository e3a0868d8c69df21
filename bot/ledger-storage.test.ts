import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateConflictError } from '../ledger/index.js';
import { openTempDatabase, type TempDatabase } from '../test/support/temp-database.js';
import { LedgerStorage } from './ledger-storage.js';

let database: TempDatabase;
beforeAll(async () => {
  database = await openTempDatabase('sqlite');
});
afterAll(async () => {
  await database?.destroy();
});

describe('LedgerStorage (botbuilder Storage with eTags)', () => {
  it('round-trips items, and refuses a write based on a stale eTag', async () => {
    const first = new LedgerStorage(database);
    const second = new LedgerStorage(database);
    await first.write({ 'conv/1': { memory: { misses: 1 }, eTag: '*' } });
    const readByFirst = await first.read(['conv/1', 'conv/missing']);
    const readBySecond = await second.read(['conv/1']);
    expect(readByFirst['conv/1']).toMatchObject({ memory: { misses: 1 } });
    expect(readByFirst['conv/missing']).toBeUndefined();
    await first.write({ 'conv/1': { ...readByFirst['conv/1'], memory: { misses: 2 } } });
    await expect(second.write({ 'conv/1': { ...readBySecond['conv/1'], memory: { misses: 9 } } })).rejects.toBeInstanceOf(StateConflictError);
    expect((await second.read(['conv/1']))['conv/1']).toMatchObject({ memory: { misses: 2 } });
    await first.delete(['conv/1']);
    expect(await first.read(['conv/1'])).toEqual({});
  });
});
