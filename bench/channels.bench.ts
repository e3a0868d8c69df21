// Telegram and WhatsApp benchmark (issue 7): full turns through each channel adapter (Telegram: telegraf long
// polling against the local fake Bot API; WhatsApp: the Baileys socket stand-in) → NLU → dialogs → ledger
// (SQLite) → reply, for verify + balance turns, at 1, 10 and 50 concurrent debtors. Latency is from the
// debtor's message to the bot's first reply, observed every 10 ms (Telegram) or 2 ms (WhatsApp), so it
// includes that sampling. Prints one JSON line per figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../app.js';
import { loadConfig } from '../server/config.js';
import { makeLogger } from '../server/logger.js';
import { importPortfolio, writeSyntheticPortfolio } from '../ledger/index.js';
import { startFakeBotApi } from '../test/telegram/support/fake-bot-api.js';
import { makeFakeSockets, textMessage } from '../test/whatsapp/fake-socket.js';

const levels = [1, 10, 50];
const balanceTurns = 4;
const token = '123456789:AAE-bench-token-0123456789abcdef';

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(3)), unit, ...extra }));
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

/** Sends one message as a debtor and resolves with the bot's first reply after it. */
type Send = (debtor: number, text: string) => Promise<void>;

async function identities(app: RunningApp, folder: string): Promise<string[]> {
  const file = join(folder, 'portfolio.csv');
  await writeSyntheticPortfolio(file, { accounts: 600, seed: 33, prefix: 'C-' });
  const imported = await importPortfolio(app.database, file, { todayIso: new Date().toISOString().slice(0, 10) });
  if (!imported.ok) throw new Error('bench portfolio did not import');
  const debtors = (await app.database.prisma.debtor.findMany({ include: { accounts: true } })).filter((debtor) => debtor.language === 'es');
  const count = new Map<string, number>();
  for (const debtor of debtors)
    count.set(
      `${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`,
      (count.get(`${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`) ?? 0) + 1,
    );
  return debtors
    .filter((debtor) => count.get(`${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`) === 1)
    .map((debtor) => `${debtor.documentNumber} ${debtor.dateOfBirthIso}`);
}

async function load(channel: string, send: Send, people: string[], firstDebtor: number): Promise<void> {
  for (const conversations of levels) {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: conversations }, async (_, index) => {
        const debtor = firstDebtor + conversations * 1000 + index;
        const identity = people.pop();
        if (!identity) throw new Error('not enough bench identities');
        for (const text of ['cuanto debo', identity, ...Array.from({ length: balanceTurns }, () => 'cuanto debo')]) {
          const before = performance.now();
          await send(debtor, text);
          latencies.push(performance.now() - before);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const extra = { conversations, turns: latencies.length };
    report(`${channel}.c${conversations}.turnsPerSecond`, latencies.length / seconds, 'turns/s', extra);
    report(`${channel}.c${conversations}.p50Ms`, percentile(latencies, 0.5), 'ms', extra);
    report(`${channel}.c${conversations}.p99Ms`, percentile(latencies, 0.99), 'ms', extra);
  }
}

const folder = mkdtempSync(join(tmpdir(), 'bench-channels-'));
const api = await startFakeBotApi({ token });
const sockets = makeFakeSockets();
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
  DEMO_DATA: 'false',
  LOG_LEVEL: 'silent',
  TELEGRAM_BOT_TOKEN: token,
  TELEGRAM_API_ROOT: api.apiRoot,
  WHATSAPP_ENABLED: 'true',
  WHATSAPP_SEND_RATE_PER_SECOND: '20',
});
const app = await startApp(config, makeLogger('silent'), { whatsappSocketFactory: sockets.factory, printWhatsAppQr: () => undefined });
try {
  const people = await identities(app, folder);
  const sendTelegram: Send = async (debtor, text) => {
    const before = api.sentMessages(debtor).length;
    api.userSends({ id: debtor }, text);
    await api.waitFor(() => api.sentMessages(debtor).length > before, 60_000);
  };
  await load('telegram', sendTelegram, people, 100_000);

  const socket = sockets.latest();
  socket.open();
  const sendWhatsApp: Send = async (debtor, text) => {
    const jid = `569${debtor}@s.whatsapp.net`;
    const before = socket.sent.filter((sent) => sent.jid === jid).length;
    socket.receive([textMessage(text, { jid })]);
    while (socket.sent.filter((sent) => sent.jid === jid).length <= before) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  await load('whatsapp', sendWhatsApp, people, 200_000);
  report('channels.whatsapp.sendRatePerSecond', 20, 'messages/s (configured throttle, shared by all chats)');
} finally {
  await app.close();
  await api.close();
  rmSync(folder, { recursive: true, force: true });
}
