// Outbound planning: seconds and peak memory to plan 30 days for a generated portfolio (100,000 accounts by default;
// `--accounts N`), every debtor reachable on WhatsApp, on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
// Target (issue 16): under 30 s and under 500 MB.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticPortfolio } from '../ledger/import/generate-portfolio.js';
import { withScratchSchema } from './support/postgres-schema.js';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '100000' } }, strict: false });
const accounts = Number(values.accounts);
const folder = mkdtempSync(join(tmpdir(), 'bench-outbound-'));
const file = join(folder, 'portfolio.csv');
const fromIso = '2026-11-01T00:00:00Z';
await writeSyntheticPortfolio(file, { accounts, seed: 16 });

/** Runs a bench helper in its own process and returns the JSON it printed last. */
function child<T>(script: string, args: readonly string[]): T {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const output = execFileSync(process.execPath, ['--import', 'tsx', path, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as T;
}

function measure(provider: string, url: string): void {
  child('./import-once.ts', [file, url]);
  const run = child<{ seconds: number; planned: number; dropped: number; peakRssMB: number }>('./support/outbound-plan-once.ts', [
    url,
    fromIso,
    '30',
  ]);
  const extra = { accounts, days: 30, from: fromIso, planned: run.planned, dropped: run.dropped };
  console.log(
    JSON.stringify({ bench: `outbound.${provider}.plan30Days.seconds`, value: Number(run.seconds.toFixed(2)), unit: 's', ...extra }),
  );
  console.log(
    JSON.stringify({ bench: `outbound.${provider}.plan30Days.peakRssMB`, value: Math.round(run.peakRssMB), unit: 'MB', ...extra }),
  );
}

try {
  measure('sqlite', `file:${join(folder, 'bench.db')}`);
  const postgresBase = process.env.TEST_DATABASE_URL;
  if (postgresBase) {
    await withScratchSchema(postgresBase, 'bench_outbound', (url) => measure('postgresql', url));
  } else {
    console.log(JSON.stringify({ bench: 'outbound.postgresql', skipped: 'set TEST_DATABASE_URL to plan on PostgreSQL too' }));
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
