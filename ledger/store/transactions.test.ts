import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders, type TempDatabase } from '../../test/support/temp-database.js';
import { inTransaction } from './transactions.js';

describe.each(testProviders)('a transaction whose caller gave up, on $provider', ({ provider, available }) => {
  let database: TempDatabase;
  beforeAll(async () => {
    if (available) database = await openTempDatabase(provider);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.skipIf(!available)('is rolled back, not committed, when the signal fires while it runs', async () => {
    const controller = new AbortController();
    const written = inTransaction({ prisma: database.prisma, signal: controller.signal }, async (tx) => {
      await tx.botState.create({ data: { key: 'aborted-turn', eTag: 'e', data: '{}' } });
      controller.abort(new Error('turn ran out of time'));
      return 'done';
    });
    await expect(written).rejects.toThrow('turn ran out of time');
    expect(await database.prisma.botState.count({ where: { key: 'aborted-turn' } })).toBe(0);
  });

  it.skipIf(!available)('does not start once the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    let ran = false;
    await expect(
      inTransaction({ prisma: database.prisma, signal: controller.signal }, async () => {
        ran = true;
      }),
    ).rejects.toThrow('gave up');
    expect(ran).toBe(false);
  });

  it.skipIf(!available)('commits as usual when the signal never fires', async () => {
    const controller = new AbortController();
    await inTransaction({ prisma: database.prisma, signal: controller.signal }, (tx) =>
      tx.botState.create({ data: { key: 'kept-turn', eTag: 'e', data: '{}' } }),
    );
    expect(await database.prisma.botState.count({ where: { key: 'kept-turn' } })).toBe(1);
  });
});
