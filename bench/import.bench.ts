// Portfolio import: rows per second and peak memory for a generated file (100,000 accounts by
// default; `--accounts N`), fresh and re-imported with changed balances, on SQLite and, when
// TEST_DATABASE_URL is set, PostgreSQL.
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
const folder = mkdtempSync(join(tmpdir(), 'bench-import-'));
const once = fileURLToPath(new URL('./import-once.ts', import.meta.url));
const fresh = join(folder, 'portfolio.csv');
const changed = join(folder, 'portfolio-changed.csv');
await writeSyntheticPortfolio(fresh, { accounts, seed: 11 });
await writeSyntheticPortfolio(changed, { accounts, seed: 11, balanceFactorPercent: 95 });

interface Run {
  seconds: number;
  rows: number;
  peakRssMB: number;
}

function importInChild(file: string, url: string): Run {
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', once, file, url], { encoding: 'utf8' }).trim().split('\n').pop() ?? '{}',
  ) as Run;
}

function report(provider: string, phase: string, run: Run): void {
  const prefix = `import.${provider}.${phase}`;
  console.log(
    JSON.stringify({ bench: `${prefix}.rowsPerSecond`, value: Math.round(run.rows / run.seconds), unit: 'rows/s', rows: run.rows }),
  );
  console.log(JSON.stringify({ bench: `${prefix}.seconds`, value: Number(run.seconds.toFixed(2)), unit: 's', rows: run.rows }));
  console.log(JSON.stringify({ bench: `${prefix}.peakRssMB`, value: Math.round(run.peakRssMB), unit: 'MB', rows: run.rows }));
}

const sqliteUrl = `file:${join(folder, 'bench.db')}`;
report('sqlite', 'fresh', importInChild(fresh, sqliteUrl));
report('sqlite', 'reimportChanged', importInChild(changed, sqliteUrl));

const postgresBase = process.env.TEST_DATABASE_URL;
if (postgresBase) {
  await withScratchSchema(postgresBase, 'bench', (url) => {
    report('postgresql', 'fresh', importInChild(fresh, url));
    report('postgresql', 'reimportChanged', importInChild(changed, url));
  });
} else {
  console.log(JSON.stringify({ bench: 'import.postgresql', skipped: 'set TEST_DATABASE_URL to measure PostgreSQL' }));
}
rmSync(folder, { recursive: true, force: true });
