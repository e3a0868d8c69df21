// A scheduler process for the restart test: runs outbound ticks on the database at argv[2] with the clock fixed at
// argv[3], sending on "telegram" through a stand-in that appends each message's conversation id to the file at argv[4]
// (synchronously, before answering) and takes argv[5] ms per message. Exits when a tick finds nothing more to send.
import { appendFileSync } from 'node:fs';
import { openLedgerDatabase } from '../../ledger/db/open-database.js';
import { defaultPolicy } from '../../ledger/index.js';
import { makeTestScheduler } from './test-scheduler.js';

const [url = '', clockIso = '', sentFile = '', delayMs = '0'] = process.argv.slice(2);
const database = await openLedgerDatabase(url);
const ledger = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
const scheduler = makeTestScheduler(
  ledger,
  async (reference) => {
    await new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
    appendFileSync(sentFile, `${reference.conversation?.id ?? '?'}\n`);
  },
  { now: () => new Date(clockIso) },
);
const summary = await scheduler.tick();
await database.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
