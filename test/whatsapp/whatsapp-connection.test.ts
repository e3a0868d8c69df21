import { DisconnectReason } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readChannelAuth } from '../../ledger/index.js';
import { debtorJid, textMessage } from './fake-socket.js';
import { startChannel, type ChannelFixture } from './support.js';

/** Lets promises and the database (synchronous SQLite behind promises) settle without moving the fake clock. */
async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

let fixture: ChannelFixture | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await fixture?.destroy();
  fixture = undefined;
});

/** Backoff of 1 s doubling to 8 s; jitter takes off up to 20 %. */
const backoff = { initialMs: 1_000, maxMs: 8_000 };

describe('WhatsApp connection: pairing', () => {
  it('shows the QR code (terminal and status) while waiting for pairing, and forgets it once open', async () => {
    fixture = await startChannel({ backoff });
    expect(fixture.channel.status()).toEqual({ state: 'connecting', qr: null, reconnectAttempt: 0 });
    fixture.latest().showQr('2@abc,def,ghi');
    expect(fixture.qrs).toEqual(['2@abc,def,ghi']);
    expect(fixture.channel.status()).toEqual({ state: 'waiting-for-pairing', qr: '2@abc,def,ghi', reconnectAttempt: 0 });
    fixture.latest().open();
    expect(fixture.channel.status()).toEqual({ state: 'open', qr: null, reconnectAttempt: 0 });
  });

  it('reconnects after pairing (restartRequired) and opens', async () => {
    fixture = await startChannel({ backoff });
    fixture.latest().showQr('2@qr');
    fixture.latest().close(DisconnectReason.restartRequired);
    expect(fixture.channel.status()).toMatchObject({ state: 'connecting', qr: null, reconnectAttempt: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fixture.sockets).toHaveLength(2);
    fixture.latest().open();
    expect(fixture.channel.status()).toEqual({ state: 'open', qr: null, reconnectAttempt: 0 });
  });
});

describe('WhatsApp connection: reconnecting', () => {
  it('makes a new socket after each disconnect, waiting longer each time, and starts over once open', async () => {
    fixture = await startChannel({ backoff });
    fixture.latest().open();
    const reasons = [
      DisconnectReason.connectionClosed,
      DisconnectReason.connectionLost,
      DisconnectReason.restartRequired,
      DisconnectReason.badSession,
      DisconnectReason.connectionReplaced,
    ];
    // Attempt n waits between 80 % and 100 % of min(8 s, 1 s · 2ⁿ).
    const bounds = [
      [800, 1_000],
      [1_600, 2_000],
      [3_200, 4_000],
      [6_400, 8_000],
      [6_400, 8_000],
    ] as const;
    for (const [index, reason] of reasons.entries()) {
      const [shortest, longest] = bounds[index] ?? [0, 0];
      fixture.latest().close(reason);
      expect(fixture.channel.status()).toMatchObject({ state: 'connecting', reconnectAttempt: index + 1 });
      await vi.advanceTimersByTimeAsync(shortest - 1);
      expect(fixture.sockets).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(longest - shortest + 1);
      expect(fixture.sockets).toHaveLength(index + 2);
    }
    fixture.latest().open();
    expect(fixture.channel.status().reconnectAttempt).toBe(0);
    fixture.latest().close(DisconnectReason.connectionLost);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fixture.sockets).toHaveLength(reasons.length + 2);
  });

  it('ignores events from a socket it already replaced', async () => {
    fixture = await startChannel({ backoff });
    const first = fixture.latest();
    first.close(DisconnectReason.connectionLost);
    await vi.advanceTimersByTimeAsync(1_000);
    first.close(DisconnectReason.connectionLost);
    first.open();
    expect(fixture.channel.status()).toMatchObject({ state: 'connecting', reconnectAttempt: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fixture.sockets).toHaveLength(2);
  });

  it('on logged-out: clears the stored login, says so, and does not reconnect until pairAgain()', async () => {
    fixture = await startChannel({ backoff });
    fixture.latest().open();
    fixture.latest().updateCreds({ registered: true, me: { id: '56900000000:1@s.whatsapp.net' } });
    await settle();
    expect((await readChannelAuth(fixture.ledger, 'whatsapp', ['creds'])).size).toBe(1);

    fixture.latest().close(DisconnectReason.loggedOut);
    await settle();
    expect(fixture.channel.status()).toEqual({ state: 'logged-out', qr: null, reconnectAttempt: 0 });
    expect(await fixture.database.prisma.channelAuthEntry.count()).toBe(0);
    expect(fixture.logLines.some((line) => line.includes('pair again'))).toBe(true);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(fixture.sockets).toHaveLength(1);
    await fixture.channel.start();
    expect(fixture.sockets).toHaveLength(1);

    await fixture.channel.pairAgain();
    expect(fixture.sockets).toHaveLength(2);
    expect(fixture.latest().auth.creds.registered).toBe(false);
    expect(fixture.latest().auth.creds.me).toBeUndefined();
    fixture.latest().showQr('2@new');
    expect(fixture.channel.status()).toEqual({ state: 'waiting-for-pairing', qr: '2@new', reconnectAttempt: 0 });
  });

  it('pairAgain() while connected ends the socket and starts a fresh pairing', async () => {
    fixture = await startChannel({ backoff });
    const first = fixture.latest();
    first.open();
    first.updateCreds({ registered: true });
    await settle();
    await fixture.channel.pairAgain();
    expect(first.ended).toBe(true);
    expect(fixture.sockets).toHaveLength(2);
    expect(fixture.latest().auth.creds.registered).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fixture.sockets).toHaveLength(2);
  });

  it('stop() ends the socket and no reconnect happens afterwards, even one already scheduled', async () => {
    fixture = await startChannel({ backoff });
    fixture.latest().open();
    await fixture.channel.stop();
    expect(fixture.latest().ended).toBe(true);
    expect(fixture.channel.status().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fixture.sockets).toHaveLength(1);

    await fixture.channel.start();
    expect(fixture.sockets).toHaveLength(2);
    fixture.latest().close(DisconnectReason.connectionLost);
    await fixture.channel.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fixture.sockets).toHaveLength(2);
  });
});

describe('WhatsApp connection: outgoing messages across disconnects', () => {
  it('holds replies while disconnected and sends them in order once open again', async () => {
    fixture = await startChannel({
      backoff,
      sendRatePerSecond: 5,
      logic: async (context) => void (await context.sendActivity(`re: ${context.activity.text ?? ''}`)),
    });
    const first = fixture.latest();
    first.open();
    first.close(DisconnectReason.connectionLost);
    // Messages that arrived just before the close are still answered: the replies wait for the next socket.
    fixture.channel.adapter.receive({ messages: [textMessage('uno'), textMessage('dos'), textMessage('tres')], type: 'notify' });
    await settle();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(first.sent).toEqual([]);
    const second = fixture.latest();
    expect(second).not.toBe(first);
    expect(second.sent).toEqual([]);
    second.open();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second.sent.map((sent) => sent.text)).toEqual(['re: uno', 're: dos', 're: tres']);
    expect(second.sent.every((sent) => sent.jid === debtorJid)).toBe(true);
  });
});
