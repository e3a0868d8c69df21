// `npm run import -- <file.csv> [--dry-run]`: loads a portfolio into the ledger (DESIGN §3).
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { dateInTimeZone } from '../lib/calendar.js';
import { defaultDatabaseUrl, openLedgerDatabase } from './db/open-database.js';
import { importPortfolio } from './import/index.js';

const usage = 'usage: npm run import -- <file.csv> [--dry-run]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  try {
    await access(file);
  } catch {
    console.error(`cannot read ${file}`);
    return 1;
  }
  const database = await openLedgerDatabase(process.env.DATABASE_URL || defaultDatabaseUrl);
  try {
    const startedMs = performance.now();
    const result = await importPortfolio(database, file, { dryRun: parsed.values['dry-run'], todayIso: dateInTimeZone(new Date(), 'UTC') });
    if (!result.ok) {
      for (const problem of result.problems) console.error(`line ${problem.line}: ${problem.column}: ${problem.reason}`);
      console.error(`${result.problems.length} problem(s) found; nothing was written.`);
      return 1;
    }
    const { summary } = result;
    const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
    console.log(`${summary.dryRun ? 'Dry run (nothing written)' : 'Imported'} ${file}: ${summary.rows} rows in ${seconds} s`);
    console.log(`debtors: ${summary.debtors.created} created, ${summary.debtors.updated} updated, ${summary.debtors.unchanged} unchanged`);
    console.log(
      `accounts: ${summary.accounts.created} created, ${summary.accounts.updated} updated, ${summary.accounts.unchanged} unchanged`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
