import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders, type TempDatabase } from '../../test/support/temp-database.js';

describe.each(testProviders)('concurrent writes on $provider', ({ provider, available }) => {
  let database: TempDatabase;
  beforeAll(async () => {
    if (available) database = await openTempDatabase(provider);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.skipIf(!available)('never loses a write made while another transaction is open and then rolls back', async () => {
    let inside!: () => void;
    const insideDone = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const rolledBack = database.prisma
      .$transaction(async (tx) => {
        await tx.botState.create({ data: { key: 'inside-tx', eTag: 'e', data: '{}' } });
        inside();
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new Error('refused');
      })
      .catch((error: unknown) => (error as Error).message);
    await insideDone;
    await database.prisma.botState.create({ data: { key: 'outside-tx', eTag: 'e', data: '{}' } });
    expect(await rolledBack).toBe('refused');
    const keys = (await database.prisma.botState.findMany({ where: { key: { in: ['inside-tx', 'outside-tx'] } } })).map((row) => row.key);
    expect(keys).toEqual(['outside-tx']);
  });
});
