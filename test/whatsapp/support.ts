// A WhatsApp channel on fake sockets and a fresh temporary ledger, with its log lines captured.
import { Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder-core';
import { makeWhatsApp, type WhatsAppChannel } from '../../adapters/whatsapp/index.js';
import { makeLogger } from '../../server/logger.js';
import { defaultPolicy, type LedgerContext } from '../../ledger/index.js';
import { testLogs } from '../support/log-capture.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeFakeSockets, type FakeSocket } from './fake-socket.js';

/** A channel under test. */
export interface ChannelFixture {
  readonly channel: WhatsAppChannel;
  readonly database: TempDatabase;
  readonly ledger: LedgerContext;
  readonly sockets: FakeSocket[];
  latest(): FakeSocket;
  /** QR codes handed to printQr. */
  readonly qrs: string[];
  /** Every log line written (JSON text). */
  readonly logLines: string[];
  destroy(): Promise<void>;
}

/** Options of the fixture: the turn logic, the send rate, the backoff and a database to reuse. */
export interface ChannelFixtureOptions {
  readonly logic?: (context: TurnContext) => Promise<void>;
  readonly sendRatePerSecond?: number;
  readonly backoff?: { initialMs: number; maxMs: number };
  readonly database?: TempDatabase;
}

/** Builds and starts a channel; its first socket is made at once. */
export async function startChannel(options: ChannelFixtureOptions = {}): Promise<ChannelFixture> {
  const database = options.database ?? (await openTempDatabase('sqlite'));
  const ledger: LedgerContext = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      testLogs.destination.write(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = makeLogger('debug', sink);
  const fakes = makeFakeSockets();
  const qrs: string[] = [];
  const channel = makeWhatsApp({
    logic: options.logic ?? (async () => undefined),
    ledger,
    logger,
    sendRatePerSecond: options.sendRatePerSecond ?? 1000,
    socketFactory: fakes.factory,
    printQr: (qr) => qrs.push(qr),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  await channel.start();
  return {
    channel,
    database,
    ledger,
    sockets: fakes.sockets,
    latest: fakes.latest,
    qrs,
    logLines,
    async destroy() {
      await channel.stop();
      if (!options.database) await database.destroy();
    },
  };
}
