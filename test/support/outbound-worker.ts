// A scheduler process for the restart test: runs outbound ticks on the database at argv[2] with the clock fixed at
// argv[3], sending on "telegram" through a stand-in that appends each message's conversation id to the file at argv[4]
// (synchronously, before answering) and takes argv[5] ms per message. Exits when a tick finds nothing more to send.
import { appendFileSync } from 'node:fs';
import pino from 'pino';
import { Counter } from 'prom-client';
import { openLedgerDatabase } from '../../ledger/db/open-database.js';
import { defaultContactRules, defaultPolicy } from '../../ledger/index.js';
import { ChannelSenders } from '../../server/channel-senders.js';
import { makeOutboundGate } from '../../server/outbound-gate.js';
import { OutboundScheduler } from '../../server/outbound-scheduler.js';

const [url = '', clockIso = '', sentFile = '', delayMs = '0'] = process.argv.slice(2);
const database = await openLedgerDatabase(url);
const ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
const logger = pino({ level: 'silent' });
const senders = new ChannelSenders();
senders.register('telegram', async (reference) => {
  await new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
  appendFileSync(sentFile, `${reference.conversation?.id ?? '?'}\n`);
});
const refused = new Counter({ name: 'refused', help: 'refused', labelNames: ['kind', 'reason'], registers: [] });
const scheduler = new OutboundScheduler({
  ledger,
  rules: defaultContactRules,
  channels: new Set(['webchat', 'telegram']),
  senders,
  gate: makeOutboundGate(ledger, logger, refused),
  logger,
  lenderName: 'Banco Demo',
  now: () => new Date(clockIso),
  planDays: 7,
  replanEveryMs: 15 * 60_000,
  batchSize: 1000,
  leaseMs: 5 * 60_000,
});
const summary = await scheduler.tick();
await database.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
