// Operator reports (issue 18): how long each report takes over a large ledger, on SQLite and, when BENCH_DATABASE_URL
// or TEST_DATABASE_URL is set, PostgreSQL. Target: every report under 1 s with 100,000 accounts and 1,000,000
// messages, computed by SQL aggregation (ledger/reports, ledger/store/report-*-rows.ts).
//
// Each provider gets a fresh database (a temporary SQLite file, a new PostgreSQL schema dropped afterwards), migrated
// as the app opens it, then seeded (bench/support/report-data.ts: 100,000 accounts and 90 days of activity: 100,000
// conversations, about 1,000,000 messages, 10,000 handoffs, 20,000 promises, 10,000 agreements, 30,000 payments, 100,000
// contact attempts, 2,000 opt-outs) with multi-row INSERTs; the seeding time is a figure too. The database is then
// closed (on SQLite that checkpoints the write-ahead log) and opened again for the figures; PostgreSQL first gets
// VACUUM ANALYZE, which its autovacuum would run on its own after such a load; SQLite gets no ANALYZE (the app never
// runs it, so its planner has no statistics, as in production).
//
// Figures, each the median of BENCH_REPORT_RUNS runs in ms, one JSON line each, then a markdown table:
//   - reportSummary over the last 30 and the last 90 days, with no filter and with country CL + channel whatsapp;
//   - every trend (ledger/reports trendNames) over the last 90 days by day and by week.
// Every SQL statement a report runs is timed through a wrapper around the ledger's SQL runner; the plans of the
// slowest statements (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) are printed after the figures.
//
// Environment:
//   BENCH_REPORT_SCALE=0.1        a tenth of the data, for a quick check (default 1; `--accounts N` sets N / 100,000)
//   BENCH_REPORT_RUNS=3           runs per report (the median is the figure)
//   BENCH_REPORT_PLANS=3          plans printed per provider: those of the slowest statements (0: none)
//   BENCH_REPORT_PROVIDERS=sqlite only these of sqlite, postgresql (default both, PostgreSQL when a URL is set)
//   BENCH_DATABASE_URL or TEST_DATABASE_URL=postgresql://…   the PostgreSQL column (a fresh schema, dropped after)
//
// `BENCH_ONLY=reports npm run bench` runs only this bench.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openLedgerDatabase, type LedgerDatabase } from '../ledger/db/open-database.js';
import type { SqlRunner, SqlValue } from '../ledger/db/sql-runner.js';
import { defaultPolicy } from '../ledger/policy/index.js';
import { reportSummary, reportTrend } from '../ledger/reports/reports.js';
import { trendNames, type Granularity, type ReportQuery, type TrendName } from '../ledger/reports/report-types.js';
import { ledgerContextOf } from '../ledger/service/database.js';
import { seedReportData, type ReportDataCounts } from './support/report-data.js';
import { withScratchSchema } from './support/postgres-schema.js';

const { values } = parseArgs({ options: { accounts: { type: 'string' } }, strict: false });
const scale = Number(process.env.BENCH_REPORT_SCALE ?? (typeof values.accounts === 'string' ? Number(values.accounts) / 100_000 : 1));
const runs = Math.max(1, Number(process.env.BENCH_REPORT_RUNS ?? 3));
const planCount = Math.max(0, Number(process.env.BENCH_REPORT_PLANS ?? 3));
const postgresBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const providers = new Set((process.env.BENCH_REPORT_PROVIDERS ?? 'sqlite,postgresql').split(',').map((name) => name.trim()));
/** The bench's "now": fixed, so every run reports on the same data. */
const now = new Date('2026-12-01T15:00:00.000Z');
const activityDays = 90;
const targetMs = 1000;
const startedMs = performance.now();

type Provider = 'sqlite' | 'postgresql';

/** One report to time: its figure's name and how to run it. */
interface ReportCase {
  readonly name: string;
  readonly run: (context: ReturnType<typeof ledgerContextOf>) => Promise<unknown>;
}

/** One statement as a report ran it. */
interface Statement {
  readonly text: string;
  readonly params: readonly SqlValue[];
  readonly ms: number;
}

/** What was measured of one report on one provider. */
interface Measured {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Its slowest statement (by its median over the runs). */
  readonly slowest: Statement | null;
}

/** The YYYY-MM-DD `days` before `now`'s UTC date. */
function daysBeforeNow(days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

const today = now.toISOString().slice(0, 10);
const last30: ReportQuery = { from: daysBeforeNow(29), to: today };
const last90: ReportQuery = { from: daysBeforeNow(activityDays - 1), to: today };
const filter = { country: 'CL', channel: 'whatsapp' } as const;
const cases: readonly ReportCase[] = [
  { name: 'summary.30d', run: (context) => reportSummary(context, last30, now) },
  { name: 'summary.90d', run: (context) => reportSummary(context, last90, now) },
  { name: 'summary.30d.countryChannel', run: (context) => reportSummary(context, { ...last30, ...filter }, now) },
  { name: 'summary.90d.countryChannel', run: (context) => reportSummary(context, { ...last90, ...filter }, now) },
  ...(['day', 'week'] as const satisfies readonly Granularity[]).flatMap((granularity) =>
    trendNames.map((name: TrendName): ReportCase => ({
      name: `trend.${name}.${granularity === 'day' ? 'day90d' : 'week90d'}`,
      run: (context) => reportTrend(context, name, last90, granularity, now),
    })),
  ),
];

/** Prints one figure as a JSON line (ms to one decimal, seconds to two). */
function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(unit === 'ms' ? 1 : 2)), unit, ...extra }));
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `inner` with every query timed into `log` (the reports only read; the rest passes through). */
function timedRunner(inner: SqlRunner, log: Statement[]): SqlRunner {
  return {
    provider: inner.provider,
    async query<Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      const queryStartedMs = performance.now();
      // SQLite's runner runs the statement before it returns (better-sqlite3 is synchronous): timing up to there keeps
      // out the other statements Promise.all started meanwhile. PostgreSQL's run on their own connections, in parallel.
      const rows = inner.query<Row>(text, params);
      const calledMs = performance.now();
      try {
        return await rows;
      } finally {
        log.push({ text, params, ms: (inner.provider === 'sqlite' ? calledMs : performance.now()) - queryStartedMs });
      }
    },
    execute: (text, params) => inner.execute(text, params),
    batch: (statements) => inner.batch(statements),
    transaction: (work) => inner.transaction(work),
    close: () => inner.close(),
  };
}

/** Runs every case `runs` times on `database`; the median per case and the slowest statement it ran. */
async function measureCases(database: LedgerDatabase): Promise<Map<string, Measured>> {
  const log: Statement[] = [];
  const context = ledgerContextOf({ prisma: database.prisma, sql: timedRunner(database.sql, log) }, defaultPolicy);
  const measured = new Map<string, Measured>();
  for (const reportCase of cases) {
    const runsMs: number[] = [];
    const statements = new Map<string, Statement[]>();
    for (let run = 0; run < runs; run += 1) {
      log.length = 0;
      const runStartedMs = performance.now();
      await reportCase.run(context);
      runsMs.push(performance.now() - runStartedMs);
      for (const statement of log) statements.set(statement.text, [...(statements.get(statement.text) ?? []), statement]);
    }
    let slowest: Statement | null = null;
    for (const timings of statements.values()) {
      const candidate = { ...(timings[0] as Statement), ms: median(timings.map((timing) => timing.ms)) };
      if (!slowest || candidate.ms > slowest.ms) slowest = candidate;
    }
    measured.set(reportCase.name, { medianMs: median(runsMs), runsMs, slowest });
  }
  return measured;
}

/** The plan of `statement` as the database would run it, as indented lines. */
async function planOf(database: LedgerDatabase, statement: Statement): Promise<string> {
  if (database.provider === 'sqlite') {
    const rows = await database.sql.query<{ id: unknown; parent: unknown; detail: string }>(
      `EXPLAIN QUERY PLAN ${statement.text}`,
      statement.params,
    );
    const depth = new Map<number, number>([[0, 0]]);
    return rows
      .map((row) => {
        const level = (depth.get(Number(row.parent)) ?? 0) + 1;
        depth.set(Number(row.id), level);
        return `${'  '.repeat(level - 1)}${row.detail}`;
      })
      .join('\n');
  }
  const rows = await database.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** `text` on one line with runs of white space as one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** VACUUM ANALYZE of every table of the schema named in `url` (PostgreSQL's autovacuum would get there after a load like this). */
async function vacuumAnalyze(url: string): Promise<void> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString(), options: `-c search_path="${schema.replaceAll('"', '')}"` });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { tablename } of tables.rows) await client.query(`VACUUM (ANALYZE) "${tablename.replaceAll('"', '')}"`);
  } finally {
    await client.end();
  }
}

const results = new Map<Provider, { readonly seed: ReportDataCounts; readonly measured: Map<string, Measured> }>();
const plans: string[] = [];

/** Seeds a fresh database at `url`, measures every report on it, and keeps the plans of the slowest statements. */
async function measure(provider: Provider, url: string): Promise<void> {
  const seeding = await openLedgerDatabase(url);
  let seed: ReportDataCounts;
  try {
    seed = await seedReportData(seeding.sql, { scale, now, days: activityDays, seed: 18 });
  } finally {
    // Closed and opened again as the app would find it: on SQLite, closing checkpoints the write-ahead log (with the
    // 350 MB the seeding left in it, every read went through it and the reports took half as long again).
    await seeding.close();
  }
  if (provider === 'postgresql') await vacuumAnalyze(url);
  const database = await openLedgerDatabase(url);
  try {
    report(`reports.${provider}.seed.seconds`, seed.seconds, 's', { scale, rows: seed.rows, secondsByTable: seed.secondsByTable });
    const measured = await measureCases(database);
    for (const [name, figure] of measured)
      report(`reports.${provider}.${name}`, figure.medianMs, 'ms', {
        runsMs: figure.runsMs.map((ms) => Math.round(ms)),
        slowestStatementMs: figure.slowest ? Math.round(figure.slowest.ms) : null,
        underTarget: figure.medianMs < targetMs,
      });
    results.set(provider, { seed, measured });
    const slowestFirst = [...measured.entries()].sort(([, a], [, b]) => (b.slowest?.ms ?? 0) - (a.slowest?.ms ?? 0));
    const explained = new Set<string>();
    for (const [name, figure] of slowestFirst) {
      if (explained.size >= planCount || !figure.slowest) break;
      if (explained.has(figure.slowest.text)) continue;
      explained.add(figure.slowest.text);
      plans.push(
        [
          `#### ${provider}: ${name}, slowest statement ${Math.round(figure.slowest.ms)} ms (report ${Math.round(figure.medianMs)} ms)`,
          '',
          '```sql',
          oneLine(figure.slowest.text),
          '```',
          '',
          '```',
          await planOf(database, figure.slowest),
          '```',
          '',
        ].join('\n'),
      );
    }
  } finally {
    await database.close();
  }
}

/** The markdown table of every figure, one column per provider measured. */
function table(): string {
  const measuredProviders = [...results.keys()];
  const cell = (ms: number | undefined) => (ms === undefined ? '–' : ms >= targetMs ? `**${Math.round(ms)}**` : String(Math.round(ms)));
  const lines = [
    `| report (median of ${runs} runs, ms; target < ${targetMs}) | ${measuredProviders.join(' | ')} |`,
    `| --- | ${measuredProviders.map(() => '---:').join(' | ')} |`,
    `| seeding, s | ${measuredProviders.map((provider) => results.get(provider)?.seed.seconds.toFixed(1) ?? '–').join(' | ')} |`,
    ...cases.map(
      (reportCase) =>
        `| ${reportCase.name} | ${measuredProviders.map((provider) => cell(results.get(provider)?.measured.get(reportCase.name)?.medianMs)).join(' | ')} |`,
    ),
  ];
  const rows = results.values().next().value?.seed.rows ?? {};
  return [
    '',
    `Reports bench, ${new Date().toISOString().slice(0, 10)}: scale ${scale} (${Object.entries(rows)
      .map(([tableName, count]) => `${count.toLocaleString('en-US')} ${tableName}`)
      .join(', ')}); now ${now.toISOString()}; ` +
      `${Math.round((performance.now() - startedMs) / 1000)} s; load average ${loadavg()[0]?.toFixed(1)} at the end (other work on the machine skews the figures).`,
    '',
    ...lines,
    '',
    ...(plans.length > 0 ? ['Plans of the slowest statements:', '', ...plans] : []),
  ].join('\n');
}

const folder = mkdtempSync(join(tmpdir(), 'bench-reports-'));
try {
  if (providers.has('sqlite')) await measure('sqlite', `file:${join(folder, 'reports.db')}`);
  if (providers.has('postgresql')) {
    if (postgresBase) await withScratchSchema(postgresBase, 'bench_reports', (url) => measure('postgresql', url));
    else
      console.log(
        JSON.stringify({ bench: 'reports.postgresql', skipped: 'set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure PostgreSQL' }),
      );
  }
  process.stdout.write(`${table()}\n`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
