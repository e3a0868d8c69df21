// Imports one file into one database and prints {seconds, rows, peakRssMB} as JSON (used by import.bench.ts).
import { dateInTimeZone } from '../lib/calendar.js';
import { openLedgerDatabase } from '../ledger/db/open-database.js';
import { importPortfolio } from '../ledger/import/index.js';

const [file = '', url = ''] = process.argv.slice(2);
const database = await openLedgerDatabase(url);
const startedMs = performance.now();
const result = await importPortfolio(database, file, { todayIso: dateInTimeZone(new Date(), 'UTC') });
const seconds = (performance.now() - startedMs) / 1000;
await database.close();
if (!result.ok) throw new Error(`import refused: ${result.problems.length} problems`);
console.log(
  JSON.stringify({
    seconds,
    rows: result.summary.rows,
    accounts: result.summary.accounts,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
