// The real bot (NLU, dialogs, ledger) behind the WhatsApp adapter, wired like the composition root does.
import { AlwaysSavedConversationState } from '../../bot/always-saved-state.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeWhatsApp, type WhatsAppChannel } from '../../adapters/whatsapp/index.js';
import { ConversationRecorder, type RecordedState } from '../../bot/conversation-recorder.js';
import { DebtBot } from '../../bot/debt-bot.js';
import { demoPortfolioPath } from '../../server/demo-data.js';
import { LedgerStorage } from '../../bot/ledger-storage.js';
import { makeMetrics, turnMeterOf } from '../../server/metrics.js';
import { defaultPaymentMethods, paymentMethodsFor } from '../../server/payment-methods.js';
import { makeTurnErrorHandler, makeTurnLogic } from '../../bot/turn-runner.js';
import type { DialogServices } from '../../dialogs/services.js';
import { defaultPolicy, importPortfolio, stateStoreOf, type LedgerContext } from '../../ledger/index.js';
import { localRecognizer, testNow } from '../support/bot-harness.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';
import { makeFakeSockets, textMessage, type FakeSocket } from './fake-socket.js';

const logger = pino({ level: 'silent' });
let database: TempDatabase;
let ledger: LedgerContext;
let bot: DebtBot;
let logic: ReturnType<typeof makeTurnLogic>;
let recordedState: RecordedState;
const metrics = makeMetrics(() => ({}));

beforeAll(async () => {
  database = await openTempDatabase('sqlite');
  const imported = await importPortfolio(database, demoPortfolioPath, { todayIso: '2026-11-23' });
  if (!imported.ok) throw new Error('demo portfolio did not import');
  ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
  const services: DialogServices = {
    ledger,
    recognizer: await localRecognizer(),
    now: () => testNow,
    lenderName: 'Banco Demo',
    paymentMethods: (country, language) => paymentMethodsFor(defaultPaymentMethods, country, language),
    metrics: { agreementRecorded: () => undefined, handoffRequested: () => undefined },
    verificationTtl: { sessionMinutes: 30, linkDays: 90 },
  };
  const storage = new LedgerStorage(stateStoreOf(database));
  const conversationState = new AlwaysSavedConversationState(storage);
  recordedState = { storage, conversationState };
  bot = new DebtBot(services, conversationState);
  logic = makeTurnLogic(bot, turnMeterOf(metrics), 15_000, logger);
});
afterAll(async () => {
  await database?.destroy();
});

/** A WhatsApp channel on the shared ledger with the recorder and the error boundary, open on a fake socket. */
async function openChannel(): Promise<{ channel: WhatsAppChannel; socket: FakeSocket }> {
  const sockets = makeFakeSockets();
  const channel = makeWhatsApp({ logic, ledger, logger, sendRatePerSecond: 50, socketFactory: sockets.factory, printQr: () => undefined });
  channel.adapter.use(new ConversationRecorder(ledger, logger, recordedState));
  channel.adapter.onTurnError = makeTurnErrorHandler(bot, turnMeterOf(metrics), logger);
  await channel.start();
  const socket = sockets.latest();
  socket.open();
  return { channel, socket };
}

/** Sends `text` from `jid` and waits for the bot's replies to be sent. */
async function say(socket: FakeSocket, jid: string, text: string, id?: string): Promise<string> {
  const before = socket.sent.length;
  socket.receive([textMessage(text, { jid, ...(id ? { id } : {}) })]);
  await vi.waitFor(() => expect(socket.sent.length).toBeGreaterThan(before), { timeout: 10_000 });
  // Replies of one turn are queued together; give the queue a moment to deliver the rest.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return socket.sent
    .slice(before)
    .map((sent) => sent.text)
    .join('\n---\n');
}

describe('the bot on WhatsApp', () => {
  it('verifies the debtor and answers the balance, keeping the transcript under the whatsapp channel', async () => {
    const { channel, socket } = await openChannel();
    const jid = '56922223333@s.whatsapp.net';
    try {
      const first = await say(socket, jid, 'cuanto debo??');
      expect(first).toMatch(/documento/i);
      expect(first).not.toMatch(/1\.250\.000/);
      expect(await say(socket, jid, '12.345.678-5')).toMatch(/fecha de nacimiento/i);
      const answer = await say(socket, jid, '14/03/1985');
      expect(answer).toContain('$1.250.000');
      expect(socket.sent.every((sent) => sent.jid === jid)).toBe(true);
      const conversation = await database.prisma.conversation.findFirstOrThrow({
        where: { channel: 'whatsapp', channelConversationId: jid },
        include: { messages: { where: { direction: 'in' }, orderBy: { createdAt: 'asc' } } },
      });
      expect(conversation.messages.map((message) => message.text)).toEqual(['cuanto debo??', '[identity data]', '[identity data]']);
    } finally {
      await channel.stop();
    }
  });

  it('offers choices as numbered options and accepts the number back', async () => {
    const { channel, socket } = await openChannel();
    const jid = '56933334444@s.whatsapp.net';
    try {
      const menu = await say(socket, jid, 'hola');
      expect(menu).toMatch(/^1\. .+$/m);
      expect(menu).toMatch(/^2\. .+$/m);
      const option = /^(\d)\. Ver mi saldo$/m.exec(menu)?.[1];
      expect(option).toBeDefined();
      expect(await say(socket, jid, option ?? '')).toMatch(/documento/i);
    } finally {
      await channel.stop();
    }
  });

  it('drops a redelivery after a restart (the in-memory set is gone; the transcript still knows the message id)', async () => {
    const jid = '56944445555@s.whatsapp.net';
    const first = await openChannel();
    await say(first.socket, jid, 'hola', 'REDELIVERED01');
    await first.channel.stop();

    const second = await openChannel();
    try {
      second.socket.receive([textMessage('hola', { jid, id: 'REDELIVERED01' })]);
      await vi.waitFor(() => expect(second.socket.reads).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(second.socket.sent).toEqual([]);
      const stored = await database.prisma.message.count({ where: { conversation: { channelConversationId: jid }, direction: 'in' } });
      expect(stored).toBe(1);
    } finally {
      await second.channel.stop();
    }
  });
});
