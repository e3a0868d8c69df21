// Plans the outbound contacts of one database and prints {seconds, debtors, planned, dropped, peakRssMB} as JSON
// (used by outbound.bench.ts, in its own process so the peak memory is the planner's).
import { openLedgerDatabase } from '../../ledger/db/open-database.js';
import { defaultContactRules, defaultPolicy, planOutbound } from '../../ledger/index.js';

const [url = '', fromIso = '', days = '30'] = process.argv.slice(2);
const database = await openLedgerDatabase(url);
const startedMs = performance.now();
const plan = await planOutbound(
  { prisma: database.prisma, sql: database.sql, policy: defaultPolicy },
  { fromMs: Date.parse(fromIso), days: Number(days), rules: defaultContactRules, channels: new Set(['webchat', 'telegram', 'whatsapp']) },
);
const seconds = (performance.now() - startedMs) / 1000;
await database.close();
console.log(
  JSON.stringify({
    seconds,
    planned: plan.planned.length,
    dropped: plan.dropped.length,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
