import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../db/open-database.js';
import { defaultPolicy } from '../policy/index.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { clearChannelAuth, readChannelAuth, writeChannelAuth } from './channel-auth.js';

describe.each(testProviders)('channel auth state on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('stores, replaces and deletes entries, leaving unknown keys out of a read', async () => {
    await writeChannelAuth(
      ledger.context,
      'wa',
      new Map([
        ['creds', '{"a":1}'],
        ['pre-key:1', '"x"'],
        ['pre-key:2', '"y"'],
      ]),
    );
    await writeChannelAuth(
      ledger.context,
      'wa',
      new Map([
        ['creds', '{"a":2}'],
        ['pre-key:1', null],
      ]),
    );
    const read = await readChannelAuth(ledger.context, 'wa', ['creds', 'pre-key:1', 'pre-key:2', 'pre-key:3']);
    expect([...read].sort()).toEqual([
      ['creds', '{"a":2}'],
      ['pre-key:2', '"y"'],
    ]);
  });

  it.skipIf(!available)('keeps namespaces apart and clears one without touching another', async () => {
    await writeChannelAuth(ledger.context, 'one', new Map([['k', '1']]));
    await writeChannelAuth(ledger.context, 'two', new Map([['k', '2']]));
    expect(await clearChannelAuth(ledger.context, 'one')).toBe(1);
    expect(await readChannelAuth(ledger.context, 'one', ['k'])).toEqual(new Map());
    expect(await readChannelAuth(ledger.context, 'two', ['k'])).toEqual(new Map([['k', '2']]));
  });

  it.skipIf(!available)('writes a batch all or nothing, and reads more keys than one query names', async () => {
    const many = new Map(Array.from({ length: 1200 }, (_unused, index) => [`pre-key:${index}`, `"v${index}"`] as const));
    await writeChannelAuth(ledger.context, 'bulk', many);
    expect((await readChannelAuth(ledger.context, 'bulk', [...many.keys()])).size).toBe(1200);
    // A value that is not a string breaks the batch midway: nothing of it may be stored.
    const broken = new Map<string, string | null>([
      ['good', '"fine"'],
      ['bad', 42 as unknown as string],
    ]);
    await expect(writeChannelAuth(ledger.context, 'atomic', broken)).rejects.toThrow();
    expect(await readChannelAuth(ledger.context, 'atomic', ['good', 'bad'])).toEqual(new Map());
  });

  it.skipIf(!available)('survives reopening the database', async () => {
    await writeChannelAuth(ledger.context, 'durable', new Map([['creds', '{"registered":true}']]));
    const reopened = await openLedgerDatabase(ledger.database.url, { migrate: false });
    try {
      expect(await readChannelAuth({ prisma: reopened.prisma, sql: reopened.sql, policy: defaultPolicy }, 'durable', ['creds'])).toEqual(
        new Map([['creds', '{"registered":true}']]),
      );
    } finally {
      await reopened.close();
    }
  });
});
