import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../db/open-database.js';
import { defaultPolicy } from '../policy/index.js';
import { openTempDatabase, testProviders, type TempDatabase } from '../../test/support/temp-database.js';
import { clearChannelAuth, readChannelAuth, writeChannelAuth } from './channel-auth.js';
import type { LedgerContext } from './context.js';

describe.each(testProviders)('channel auth state on $provider', ({ provider, available }) => {
  let database: TempDatabase;
  let context: LedgerContext;

  beforeAll(async () => {
    if (!available) return;
    database = await openTempDatabase(provider);
    context = { prisma: database.prisma, policy: defaultPolicy };
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.skipIf(!available)('stores, replaces and deletes entries, leaving unknown keys out of a read', async () => {
    await writeChannelAuth(context, 'wa', new Map([['creds', '{"a":1}'], ['pre-key:1', '"x"'], ['pre-key:2', '"y"']]));
    await writeChannelAuth(context, 'wa', new Map([['creds', '{"a":2}'], ['pre-key:1', null]]));
    const read = await readChannelAuth(context, 'wa', ['creds', 'pre-key:1', 'pre-key:2', 'pre-key:3']);
    expect([...read].sort()).toEqual([['creds', '{"a":2}'], ['pre-key:2', '"y"']]);
  });

  it.skipIf(!available)('keeps namespaces apart and clears one without touching another', async () => {
    await writeChannelAuth(context, 'one', new Map([['k', '1']]));
    await writeChannelAuth(context, 'two', new Map([['k', '2']]));
    expect(await clearChannelAuth(context, 'one')).toBe(1);
    expect(await readChannelAuth(context, 'one', ['k'])).toEqual(new Map());
    expect(await readChannelAuth(context, 'two', ['k'])).toEqual(new Map([['k', '2']]));
  });

  it.skipIf(!available)('writes a batch all or nothing, and reads more keys than one query names', async () => {
    const many = new Map(Array.from({ length: 1200 }, (_unused, index) => [`pre-key:${index}`, `"v${index}"`] as const));
    await writeChannelAuth(context, 'bulk', many);
    expect((await readChannelAuth(context, 'bulk', [...many.keys()])).size).toBe(1200);
    // A value that is not a string breaks the batch midway: nothing of it may be stored.
    const broken = new Map<string, string | null>([['good', '"fine"'], ['bad', 42 as unknown as string]]);
    await expect(writeChannelAuth(context, 'atomic', broken)).rejects.toThrow();
    expect(await readChannelAuth(context, 'atomic', ['good', 'bad'])).toEqual(new Map());
  });

  it.skipIf(!available)('survives reopening the database', async () => {
    await writeChannelAuth(context, 'durable', new Map([['creds', '{"registered":true}']]));
    const reopened = await openLedgerDatabase(database.url, { migrate: false });
    try {
      expect(await readChannelAuth({ prisma: reopened.prisma, policy: defaultPolicy }, 'durable', ['creds'])).toEqual(new Map([['creds', '{"registered":true}']]));
    } finally {
      await reopened.close();
    }
  });
});
