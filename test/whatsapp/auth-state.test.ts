import { initAuthCreds, proto, type AuthenticationCreds, type SignalDataSet } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDatabaseAuthState } from '../../adapters/whatsapp/auth-state.js';
import { makeWhatsApp } from '../../adapters/whatsapp/index.js';
import { defaultPolicy, openLedgerDatabase, readChannelAuth, type LedgerContext, type LedgerDatabase } from '../../ledger/index.js';
import { testLogs } from '../support/log-capture.js';
import { openTempDatabase, testProviders, type TempDatabase } from '../support/temp-database.js';
import { makeFakeSockets } from './fake-socket.js';

const silent = testLogs.logger();
const opened: Array<TempDatabase | LedgerDatabase> = [];
afterEach(async () => {
  for (const database of opened.splice(0).reverse()) await ('destroy' in database ? database.destroy() : database.close());
});

async function freshLedger(provider: 'sqlite' | 'postgresql'): Promise<{ database: TempDatabase; ledger: LedgerContext }> {
  const database = await openTempDatabase(provider);
  opened.push(database);
  return { database, ledger: { prisma: database.prisma, sql: database.sql, policy: defaultPolicy } };
}

async function reopen(url: string): Promise<LedgerContext> {
  const database = await openLedgerDatabase(url, { migrate: false });
  opened.push(database);
  return { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
}

const appStateKey = proto.Message.AppStateSyncKeyData.fromObject({
  keyData: Buffer.from('0123456789abcdef0123456789abcdef'),
  fingerprint: { rawId: 7, currentIndex: 3, deviceIndexes: [0, 1] },
  timestamp: 1_764_000_000,
});

const keys: SignalDataSet = {
  'pre-key': {
    '1': { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) },
    '2': { public: Buffer.from([7]), private: Buffer.from([8]) },
  },
  session: { '56911112222.0': Buffer.from('session record') },
  'app-state-sync-key': { AAAAAAAB: appStateKey },
  'lid-mapping': { '56911112222': '123456789012345' },
};

describe.each(testProviders)('WhatsApp auth state in the database ($provider)', ({ provider, available }) => {
  it.skipIf(!available)('starts with fresh creds when nothing is stored, and stores nothing until asked', async () => {
    const { ledger, database } = await freshLedger(provider);
    const auth = await loadDatabaseAuthState(ledger);
    expect(auth.state.creds.registered).toBe(false);
    expect(auth.state.creds.noiseKey.private).toHaveLength(32);
    expect(await database.prisma.channelAuthEntry.count()).toBe(0);
  });

  it.skipIf(!available)('round-trips creds (Buffers intact) and signal keys through a re-opened database', async () => {
    const { ledger, database } = await freshLedger(provider);
    const auth = await loadDatabaseAuthState(ledger);
    const creds: AuthenticationCreds = {
      ...initAuthCreds(),
      registered: true,
      me: { id: '56900000000:3@s.whatsapp.net', lid: '99999:3@lid' },
      routingInfo: Buffer.from([9, 8, 7]),
    };
    await auth.saveCreds(creds);
    await auth.state.keys.set(keys);
    await auth.state.keys.set({ 'pre-key': { '2': null } });

    const again = await loadDatabaseAuthState(await reopen(database.url));
    expect(again.state.creds).toEqual(creds);
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.isBuffer(again.state.creds.routingInfo)).toBe(true);
    expect(await again.state.keys.get('pre-key', ['1', '2', '3'])).toEqual({ '1': keys['pre-key']?.['1'] });
    expect(await again.state.keys.get('session', ['56911112222.0'])).toEqual({ '56911112222.0': Buffer.from('session record') });
    expect(await again.state.keys.get('lid-mapping', ['56911112222'])).toEqual({ '56911112222': '123456789012345' });
    const [stored] = Object.values(await again.state.keys.get('app-state-sync-key', ['AAAAAAAB']));
    expect(stored).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(proto.Message.AppStateSyncKeyData.toObject(stored as proto.Message.AppStateSyncKeyData)).toEqual(
      proto.Message.AppStateSyncKeyData.toObject(appStateKey),
    );
    expect(Buffer.from(stored?.keyData ?? []).toString()).toBe('0123456789abcdef0123456789abcdef');
  });

  it.skipIf(!available)('saves creds from creds.update and hands them to the socket after a restart', async () => {
    const { ledger, database } = await freshLedger(provider);
    const first = makeFakeSockets();
    const before = makeWhatsApp({
      logic: async () => undefined,
      ledger,
      logger: silent,
      sendRatePerSecond: 10,
      socketFactory: first.factory,
      printQr: () => undefined,
    });
    await before.start();
    const socket = first.latest();
    socket.updateCreds({ registered: true, me: { id: '56900000000:3@s.whatsapp.net' }, routingInfo: Buffer.from([1, 1, 2]) });
    await socket.auth.keys.set(keys);
    await vi.waitFor(async () =>
      expect((await readChannelAuth(ledger, 'whatsapp', ['creds'])).get('creds')).toContain('"registered":true'),
    );
    const saved = socket.auth.creds;
    await before.stop();

    const second = makeFakeSockets();
    const after = makeWhatsApp({
      logic: async () => undefined,
      ledger: await reopen(database.url),
      logger: silent,
      sendRatePerSecond: 10,
      socketFactory: second.factory,
      printQr: () => undefined,
    });
    await after.start();
    try {
      const restored = second.latest().auth;
      expect(restored.creds).toEqual(saved);
      expect(restored.creds.me?.id).toBe('56900000000:3@s.whatsapp.net');
      expect(await restored.keys.get('pre-key', ['1'])).toEqual({ '1': keys['pre-key']?.['1'] });
    } finally {
      await after.stop();
    }
  });

  it.skipIf(!available)('clear() deletes every stored entry and starts over with fresh creds', async () => {
    const { ledger, database } = await freshLedger(provider);
    const auth = await loadDatabaseAuthState(ledger);
    const oldNoiseKey = auth.state.creds.noiseKey.private;
    await auth.saveCreds({ registered: true });
    await auth.state.keys.set(keys);
    await auth.clear();
    expect(await database.prisma.channelAuthEntry.count()).toBe(0);
    expect(auth.state.creds.registered).toBe(false);
    expect(auth.state.creds.noiseKey.private).not.toEqual(oldNoiseKey);
    expect(await auth.state.keys.get('pre-key', ['1'])).toEqual({});
  });

  it.skipIf(!available)('orders writes: a set issued before clear() never lands after it', async () => {
    const { ledger, database } = await freshLedger(provider);
    const auth = await loadDatabaseAuthState(ledger);
    const pending = [auth.state.keys.set(keys), auth.saveCreds({ registered: true }), auth.clear()];
    await Promise.all(pending);
    expect(await database.prisma.channelAuthEntry.count()).toBe(0);
  });
});
