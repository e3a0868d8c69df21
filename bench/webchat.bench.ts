// Web chat benchmark (issues 5 and 15): full bot turns over Direct Line — the demo script, verify → balance →
// questions, with the demo identities — against the project's server, next to an echo floor (a bare botbuilder
// ActivityHandler behind the same Direct Line layer, bench/support/echo-server.ts) driven by the same load in the same
// run. Server and load are separate processes, pinned to cores 0 and 1 with taskset when it exists (the output says).
// The server is `node dist/start.js` when the production build is current, else app.ts's startApp from the sources
// (bench/support/bench-server.ts), on a fresh temporary SQLite database with the demo portfolio; its memory is read
// from /proc/<pid>/status. The load (bench/support/load-process.ts) is plain HTTP with keep-alive plus the WebSocket
// stream; its own CPU share is printed so that one can see it is not the bottleneck, and so is how long each event
// loop waited for its core (/proc/<pid>/schedstat: own GC and worker threads, or other work on the machine).
//
// Figures (one JSON line each, then a markdown table: project vs echo floor vs the issue's targets):
//   - closed loop at 1, 10 and 100 conversations (each sends its next message as soon as the reply came): turns/s,
//     p50/p99, and the ratio to the echo floor;
//   - the same ratio at 100 conversations measured in pairs: the echo floor and the project take turns, three rounds
//     each after three unreported ones (both at their steady pace), on two servers kept running side by side, so a
//     machine that gets faster or slower between the phases above moves both sides of a pair alike (the median and
//     each round);
//   - 100 users who pause 1 s between a reply and their next message: p50/p99;
//   - 1,000 conversations opened and talking at once: timeouts (no reply within 30 s at the client, plus turns the
//     server aborted at TURN_TIMEOUT_MS), failed turns, p99;
//   - the server's idle RSS after start-up, and its RSS with 1,000 / 2,000 / 5,000 (/ 10,000) conversations held,
//     each verified in six turns (a fresh server);
//   - stages of a turn in µs, one conversation at a time on an instrumented server (bench-server.ts, the same code as
//     above; the echo floor instrumented alike): HTTP in, recognizer, dialogs, ledger, HTTP out; plus the bot's own
//     turn time from /metrics.
//
// Environment:
//   BENCH_HELD=10000               held conversations up to 10,000 (default 5000: the 1,000, 2,000 and 5,000 levels)
//   BENCH_DATABASE_URL or TEST_DATABASE_URL=postgresql://…   the same figures on PostgreSQL too (a fresh schema per server)
//   BENCH_TRANSPORT=rest           poll Get Activities instead of the WebSocket stream
//   BENCH_SERVER=source|dist       run the sources even when dist/ is current, or dist/ even when older than the sources
//                                  (default: dist/start.js when scripts/dist.mjs says the build is current)
//   BENCH_BURST=N                  conversations of the "at once" figure (default 1000)
//   BENCH_TARGETS=echo,postgresql  only these of echo, sqlite, postgresql (default: all; the ratios need echo)
//   BENCH_NODE_FLAGS="--max-semi-space-size=16"   node flags of every server instead of the production start's
//
// While the PostgreSQL figures are taken, a local PostgreSQL server moves to the load's core (support/postgres-pinning.ts),
// so the server under test keeps its core as it would with the database on a machine of its own; the setup line says
// whether it could.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { LoadResult, LoadScenario } from './support/direct-line-load.js';
import type { StageTotals } from './support/stage-probe.js';
import { pinPostgres } from './support/postgres-pinning.js';
import {
  canPin,
  freePort,
  residentMegabytes,
  runNodeForJson,
  scrapeMetrics,
  spawnNode,
  waitUntilReady,
  type BenchChild,
} from './support/processes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const support = fileURLToPath(new URL('./support/', import.meta.url));
const distStart = join(root, 'dist', 'start.js');
/** Whether there is a production build, and whether it is as new as the sources (scripts/dist.mjs says, when present). */
async function distState(): Promise<'absent' | 'current' | 'stale'> {
  if (!existsSync(distStart)) return 'absent';
  try {
    const build = (await import(pathToFileURL(join(root, 'scripts', 'dist.mjs')).href)) as { isDistCurrent?: () => boolean };
    return build.isDistCurrent?.() === false ? 'stale' : 'current';
  } catch {
    return 'current';
  }
}
const dist = await distState();
/** The node flags of every server here: the production start's (package.json, via scripts/dist.mjs), or BENCH_NODE_FLAGS. */
const serverNodeFlags = process.env.BENCH_NODE_FLAGS
  ? process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean)
  : (
      (await import(pathToFileURL(join(root, 'scripts', 'dist.mjs')).href)) as { productionNodeFlags: () => string[] }
    ).productionNodeFlags();
const useDist = process.env.BENCH_SERVER === 'dist' ? dist !== 'absent' : process.env.BENCH_SERVER !== 'source' && dist === 'current';
const serverChoice = useDist
  ? `dist/start.js${dist === 'stale' ? ' (older than the sources)' : ''}`
  : `app.ts from the sources (${process.env.BENCH_SERVER === 'source' ? 'BENCH_SERVER=source' : dist === 'stale' ? 'dist/ is older than the sources: npm run build to bench it' : 'no dist/start.js'})`;
const transport = process.env.BENCH_TRANSPORT === 'rest' ? 'rest' : 'ws';
const heldMax = Number(process.env.BENCH_HELD ?? 5000);
const heldLevels = [1000, 2000, 5000, 10_000].filter((level) => level <= heldMax);
const burstConversations = Number(process.env.BENCH_BURST ?? 1000);
const postgresBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const targets = new Set((process.env.BENCH_TARGETS ?? 'echo,sqlite,postgresql').split(',').map((target) => target.trim()));
const closedLevels = [1, 10, 100];
/** Turns per conversation in the closed-loop and paced figures (the six of the demo script, then more questions). */
const scriptTurns = 12;
/** Turns measured per closed-loop level at least (rounds of fresh conversations until then). */
const closedTurnsTarget = 600;
/** A turn with no reply after this long is a timeout at the client, in ms (twice the server's default TURN_TIMEOUT_MS). */
const clientTimeoutMs = 30_000;
const serverCore = 0;
const loadCore = 1;
const startedAt = performance.now();
const loadAverageAtStart = loadavg()[0] ?? Number.NaN;

type Target = 'echo' | 'sqlite' | 'postgresql';

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number.isFinite(value) ? Number(value.toFixed(3)) : null, unit, ...extra }));
}

/** A server under test in its own process. */
interface ServerUnderTest {
  readonly target: Target;
  readonly url: string;
  readonly child: BenchChild;
  /** What ran: `dist/start.js`, `app.ts (sources)`, `echo`. */
  readonly runs: string;
  /** Turns the server aborted at its deadline so far (its `turn_timeout` log lines). */
  turnTimeouts(): number;
  stop(): Promise<void>;
}

async function startEcho(instrumented = false): Promise<ServerUnderTest> {
  const port = await freePort();
  const child = spawnNode([...serverNodeFlags, '--import', 'tsx', join(support, 'echo-process.ts')], {
    core: serverCore,
    environment: { PORT: String(port), BENCH_APP_ROOT: useDist ? 'dist' : 'sources', BENCH_STAGES: instrumented ? '1' : '0' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/`, child);
  const runs = `bench/support/echo-process.ts, web chat from ${useDist ? 'dist/' : 'the sources'}`;
  return { target: 'echo', url, child, runs, turnTimeouts: () => 0, stop: () => child.stop() };
}

const folder = mkdtempSync(join(tmpdir(), 'bench-webchat-'));
const schemas: string[] = [];
let databases = 0;

/** A fresh database for one server: a new SQLite file, or a new schema of the PostgreSQL database. */
function freshDatabaseUrl(target: Exclude<Target, 'echo'>): string {
  databases += 1;
  if (target === 'sqlite') return `file:${join(folder, `ledger-${databases}.db`)}`;
  const schema = `bench_webchat_${Date.now().toString(36)}_${databases}`;
  schemas.push(schema);
  return `${postgresBase}${postgresBase?.includes('?') ? '&' : '?'}schema=${schema}`;
}

async function startProject(target: Exclude<Target, 'echo'>, instrumented = false): Promise<ServerUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const runDist = useDist && !instrumented;
  const child = spawnNode([...serverNodeFlags, ...(runDist ? [distStart] : ['--import', 'tsx', join(support, 'bench-server.ts')])], {
    core: serverCore,
    environment: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: freshDatabaseUrl(target),
      REDIS_URL: '', // one instance on its own, even where the tests' Redis is set (bench/fleet.bench.ts measures several)
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      NLU_MODE: 'local',
      TELEGRAM_BOT_TOKEN: '',
      WHATSAPP_ENABLED: 'false',
      WEBCHAT_TOKEN_SECRET: 'bench-webchat-token-secret-0123456789abcdef',
      WEBCHAT_TOKENS_PER_MINUTE: '100000',
      BENCH_STAGES: instrumented ? '1' : '0',
      BENCH_APP_ROOT: useDist ? 'dist' : 'sources',
    },
  });
  await waitUntilReady(`${url}/healthz`, child);
  return {
    target,
    url,
    child,
    runs: runDist ? 'dist/start.js' : `startApp from ${useDist ? 'dist/' : 'the sources'}${instrumented ? ', instrumented' : ''}`,
    turnTimeouts: () =>
      child
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"turn_timeout"')).length,
    stop: () => child.stop(),
  };
}

/** Runs a scenario in the load process (pinned to the other core); throws if the server is gone afterwards. */
async function load(
  server: ServerUnderTest,
  scenario: Omit<LoadScenario, 'baseUrl' | 'transport' | 'awaitGreeting' | 'turnTimeoutMs' | 'serverPid'>,
): Promise<LoadResult> {
  const result = await runNodeForJson<LoadResult>(
    [
      '--import',
      'tsx',
      join(support, 'load-process.ts'),
      JSON.stringify({
        ...scenario,
        baseUrl: server.url,
        transport,
        awaitGreeting: server.target !== 'echo',
        turnTimeoutMs: clientTimeoutMs,
        serverPid: server.child.pid,
      } satisfies LoadScenario),
    ],
    { core: loadCore },
  );
  const { exitCode, signalCode } = server.child.process;
  if (exitCode !== null || signalCode !== null)
    throw new Error(
      `the ${server.target} server exited (${exitCode ?? signalCode}): ${server.child.stderr().trim().split('\n').slice(-3).join(' | ')}`,
    );
  return result;
}

let failures = 0;

/** Runs one part of the bench; a failure is printed as a JSON line (and fails the bench) instead of ending the run. */
async function attempt(bench: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    failures += 1;
    console.log(JSON.stringify({ bench, error: (error as Error).message }));
  }
}

/** Idle memory once start-up has settled, in MB. */
async function idleRss(server: ServerUnderTest): Promise<number> {
  await sleep(2000);
  return residentMegabytes(server.child.pid);
}

/** What the summary table needs of one target. */
interface Figures {
  runs?: string;
  idleRssMB?: number;
  closed: Map<number, LoadResult>;
  paced?: LoadResult;
  burst?: { result: LoadResult; timeouts: number; serverTimeouts: number; rssMB: number };
  held: Map<number, { rssMB: number; verified: number; failed: number }>;
  stages?: Record<string, number>;
  /** The paired rounds at 100 conversations: the echo floor's and this target's turns/s, round by round. */
  paired?: { readonly floor: number; readonly own: number }[];
}

const figures = new Map<Target, Figures>();
const figuresOf = (target: Target): Figures => {
  const existing = figures.get(target);
  if (existing) return existing;
  const created: Figures = { closed: new Map(), held: new Map() };
  figures.set(target, created);
  return created;
};

function loadExtra(result: LoadResult): Record<string, unknown> {
  return {
    turns: result.turns,
    failedTurns: result.failedTurns,
    timedOutTurns: result.timedOutTurns,
    serverCpuPercent: Math.round(result.serverCpuPercent),
    loadCpuPercent: Math.round(result.loadCpuPercent),
    serverWaitedForCpuPercent: Math.round(result.serverWaitedForCpuPercent),
    loadWaitedForCpuPercent: Math.round(result.loadWaitedForCpuPercent),
    ...(result.failureSamples.length > 0 ? { failureSamples: result.failureSamples } : {}),
    transport,
  };
}

/** Idle RSS, closed loop at 1/10/100, paced 100 users, and the burst, on one server. */
async function measureTraffic(server: ServerUnderTest): Promise<void> {
  const prefix = `webchat.${server.target}`;
  const mine = figuresOf(server.target);
  mine.runs = server.runs;
  mine.idleRssMB = await idleRss(server);
  report(`${prefix}.idleRssMB`, mine.idleRssMB, 'MB', { server: server.runs });
  await load(server, { kind: 'closed', conversations: 10, turnsPerConversation: 6 }); // warm-up, not reported
  for (const conversations of closedLevels) {
    const rounds = Math.max(1, Math.ceil(closedTurnsTarget / (conversations * scriptTurns)));
    const result = await load(server, { kind: 'closed', conversations, rounds, turnsPerConversation: scriptTurns });
    mine.closed.set(conversations, result);
    const extra = { conversations, ...loadExtra(result) };
    report(`${prefix}.closed.c${conversations}.turnsPerSecond`, result.turnsPerSecond, 'turns/s', extra);
    report(`${prefix}.closed.c${conversations}.p50Ms`, result.p50Ms, 'ms', extra);
    report(`${prefix}.closed.c${conversations}.p99Ms`, result.p99Ms, 'ms', extra);
    const floor = figures.get('echo')?.closed.get(conversations);
    if (server.target !== 'echo' && floor)
      report(`${prefix}.closed.c${conversations}.ratioToEcho`, result.turnsPerSecond / floor.turnsPerSecond, 'ratio', { conversations });
  }
  const paced = await load(server, { kind: 'paced', conversations: 100, thinkMs: 1000, turnsPerConversation: scriptTurns });
  mine.paced = paced;
  const pacedExtra = { conversations: 100, thinkMs: 1000, turnsPerSecond: Number(paced.turnsPerSecond.toFixed(1)), ...loadExtra(paced) };
  report(`${prefix}.paced100.p50Ms`, paced.p50Ms, 'ms', pacedExtra);
  report(`${prefix}.paced100.p99Ms`, paced.p99Ms, 'ms', { ...pacedExtra, slowestTurns: paced.slowestTurns });
  const timeoutsBefore = server.turnTimeouts();
  const burst = await load(server, { kind: 'closed', conversations: burstConversations, turnsPerConversation: 6 });
  await sleep(1000); // the server logs a timed-out turn once its grace period is over
  const serverTimeouts = server.turnTimeouts() - timeoutsBefore;
  const rssMB = residentMegabytes(server.child.pid);
  mine.burst = { result: burst, timeouts: burst.timedOutTurns + serverTimeouts, serverTimeouts, rssMB };
  const burstExtra = {
    conversations: burstConversations,
    clientTimeouts: burst.timedOutTurns,
    serverTurnTimeouts: serverTimeouts,
    openFailures: burst.openFailures,
    openSeconds: Number(burst.openSeconds.toFixed(1)),
    ...loadExtra(burst),
  };
  report(`${prefix}.burst${burstConversations}.timeouts`, mine.burst.timeouts, 'turns', burstExtra);
  report(`${prefix}.burst${burstConversations}.failedTurns`, burst.failedTurns, 'turns', burstExtra);
  report(`${prefix}.burst${burstConversations}.p99Ms`, burst.p99Ms, 'ms', burstExtra);
  report(`${prefix}.burst${burstConversations}.turnsPerSecond`, burst.turnsPerSecond, 'turns/s', burstExtra);
  report(`${prefix}.burst${burstConversations}.rssMB`, rssMB, 'MB', burstExtra);
}

/** RSS with more and more conversations held (each verified in six turns), on a fresh server. */
async function measureHeld(server: ServerUnderTest): Promise<void> {
  const mine = figuresOf(server.target);
  let held = 0;
  let verified = 0;
  for (const level of heldLevels) {
    const result = await load(server, {
      kind: 'held',
      conversations: level - held,
      concurrency: 100,
      turnsPerConversation: 6,
      firstConversation: held,
    });
    held = level;
    await sleep(2000);
    const rssMB = residentMegabytes(server.child.pid);
    const heapUsedMB = server.target === 'echo' ? undefined : (await scrapeMetrics(server.url)).heapUsedMB;
    verified += result.verifiedConversations;
    mine.held.set(level, { rssMB, verified, failed: result.failedTurns + result.timedOutTurns + result.openFailures });
    report(`webchat.${server.target}.held${level}.rssMB`, rssMB, 'MB', {
      conversations: level,
      verifiedConversations: server.target === 'echo' ? undefined : verified,
      heapUsedMB: heapUsedMB === undefined ? undefined : Math.round(heapUsedMB),
      turnsPerSecond: Number(result.turnsPerSecond.toFixed(1)),
      ...loadExtra(result),
    });
  }
}

/** Stage timings per message turn, one conversation at a time, on an instrumented server (dist/ modules when current). */
async function measureStages(target: Target): Promise<void> {
  const server = target === 'echo' ? await startEcho(true) : await startProject(target, true);
  const scrape = () => (target === 'echo' ? Promise.resolve(undefined) : scrapeMetrics(server.url));
  try {
    await load(server, { kind: 'closed', conversations: 1, rounds: 3, turnsPerConversation: scriptTurns }); // warm-up
    await fetch(`${server.url}/__bench/stages`, { method: 'POST' });
    const metricsBefore = await scrape();
    const client = await load(server, { kind: 'closed', conversations: 1, rounds: 20, turnsPerConversation: scriptTurns });
    const totals = (await (await fetch(`${server.url}/__bench/stages`)).json()) as StageTotals;
    const metricsAfter = await scrape();
    const perTurn = (ms: number) => (totals.messageTurns > 0 ? (ms * 1000) / totals.messageTurns : Number.NaN);
    const stages: Record<string, number> = {
      httpIn: perTurn(totals.httpInMs),
      recognizer: perTurn(totals.recognizerMs),
      dialogs: perTurn(totals.turnMs - totals.recognizerMs - totals.ledgerMs - totals.sendMs),
      ledger: perTurn(totals.ledgerMs),
      httpOut: perTurn(totals.sendMs + totals.postAfterTurnMs + totals.getServerMs),
      serverTotal: perTurn(totals.postServerMs + totals.getServerMs),
      botTurnFromMetrics:
        metricsBefore && metricsAfter && metricsAfter.turnCount > metricsBefore.turnCount
          ? ((metricsAfter.turnSecondsSum - metricsBefore.turnSecondsSum) * 1e6) / (metricsAfter.turnCount - metricsBefore.turnCount)
          : Number.NaN,
      clientLatency: client.meanMs * 1000,
    };
    figuresOf(target).stages = stages;
    const notes: Record<string, string> = {
      httpIn: 'request arrival → turn start: routing, JSON body, token check, the conversation queue',
      recognizer: 'Recognizer.recognize (AppOverrides.recognizer wrapper)',
      dialogs: 'the turn minus recognizer, ledger and reply delivery: middleware, bot state, dialogs (the echo: its ActivityHandler)',
      ledger: 'Prisma operations and transactions (tracing hook) and better-sqlite3 / pg calls during the turn, overlaps counted once',
      httpOut: 'reply delivery (log append, WebSocket push) + turn end → POST answered + Get Activities',
      serverTotal: 'POST (and Get Activities) arrival → response sent',
      botTurnFromMetrics: 'debtbot_turn_duration_seconds mean over the same turns (bot logic, without the recorder middleware)',
      clientLatency: 'load process: POST → first reply, mean',
    };
    for (const [stage, value] of Object.entries(stages))
      report(`webchat.${target}.stage.${stage}`, value, 'µs/turn', {
        turns: totals.messageTurns,
        ...(stage === 'ledger'
          ? {
              prismaOperationsPerTurn: Number((totals.ledgerCalls / totals.messageTurns).toFixed(1)),
              driverCallsPerTurn: Number((totals.sqlStatements / totals.messageTurns).toFixed(1)),
            }
          : {}),
        note: notes[stage],
      });
  } finally {
    await server.stop();
  }
}

/** Runs `measure` on a fresh server from `start`, then stops that server. */
async function onFreshServer(bench: string, start: () => Promise<ServerUnderTest>, measure: (server: ServerUnderTest) => Promise<void>) {
  await attempt(bench, async () => {
    const server = await start();
    try {
      await measure(server);
    } finally {
      await server.stop();
    }
  });
}

/** Rounds of the paired measurement at 100 conversations, and of the warm-up before them. */
const pairedRounds = 3;
const pairedWarmUpRounds = 3;

/**
 * The 100-conversation ratio in pairs: an echo server and a project server run side by side (the one not under load
 * sits idle), and after `pairedWarmUpRounds` unreported rounds each, the closed loop at 100 conversations alternates
 * between them, `pairedRounds` times each.
 */
async function measurePaired(target: Exclude<Target, 'echo'>): Promise<void> {
  await onFreshServer(
    `webchat.${target}.paired`,
    () => startEcho(),
    async (echo) => {
      const project = await startProject(target);
      try {
        // Warm-up, not reported: both reach their steady pace first (the echo floor's rises by half over its first rounds).
        for (let round = 0; round < pairedWarmUpRounds; round += 1)
          for (const server of [echo, project])
            await load(server, { kind: 'closed', conversations: 100, turnsPerConversation: scriptTurns });
        const rounds: { floor: number; own: number }[] = [];
        for (let round = 1; round <= pairedRounds; round += 1) {
          const floor = await load(echo, { kind: 'closed', conversations: 100, turnsPerConversation: scriptTurns });
          const own = await load(project, { kind: 'closed', conversations: 100, turnsPerConversation: scriptTurns });
          rounds.push({ floor: floor.turnsPerSecond, own: own.turnsPerSecond });
          report(`webchat.${target}.paired.c100.round${round}.ratioToEcho`, own.turnsPerSecond / floor.turnsPerSecond, 'ratio', {
            echoTurnsPerSecond: Math.round(floor.turnsPerSecond),
            turnsPerSecond: Math.round(own.turnsPerSecond),
            ...loadExtra(own),
          });
        }
        figuresOf(target).paired = rounds;
        report(`webchat.${target}.paired.c100.medianRatioToEcho`, medianRatio(rounds), 'ratio', { rounds: pairedRounds });
      } finally {
        await project.stop();
      }
    },
  );
}

/** The median of the rounds' ratios (own turns/s over the floor's). */
function medianRatio(rounds: readonly { readonly floor: number; readonly own: number }[]): number {
  const ratios = rounds.map((round) => round.own / round.floor).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
}

async function measureProject(target: Exclude<Target, 'echo'>): Promise<void> {
  await onFreshServer(`webchat.${target}.traffic`, () => startProject(target), measureTraffic);
  await onFreshServer(`webchat.${target}.held`, () => startProject(target), measureHeld);
  await attempt(`webchat.${target}.stage`, () => measureStages(target));
  if (targets.has('echo')) await measurePaired(target);
}

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The markdown table: one row per figure, a column per target. */
function summary(): string {
  const targets: Target[] = ['echo', 'sqlite', ...(postgresBase ? (['postgresql'] as const) : [])];
  const names: Record<Target, string> = { echo: 'echo floor', sqlite: 'project, SQLite', postgresql: 'project, PostgreSQL' };
  const echo = figuresOf('echo');
  const rows: [string, string, (f: Figures, target: Target) => string][] = [];
  for (const conversations of closedLevels) {
    rows.push([
      `closed loop, ${conversations} conversation${conversations === 1 ? '' : 's'}: turns/s (share of the echo floor)`,
      conversations === 100 ? '≥ 40 % of the echo floor' : '',
      (f, target) => {
        const own = f.closed.get(conversations)?.turnsPerSecond;
        const floor = echo.closed.get(conversations)?.turnsPerSecond;
        return target === 'echo' || !own || !floor ? fixed(own) : `${fixed(own)} (${fixed((own / floor) * 100)} %)`;
      },
    ]);
    rows.push([
      `closed loop, ${conversations}: p50 / p99 ms`,
      '',
      (f) => `${fixed(f.closed.get(conversations)?.p50Ms, 1)} / ${fixed(f.closed.get(conversations)?.p99Ms, 1)}`,
    ]);
  }
  rows.push([
    `closed loop, 100, alternating with the echo floor on servers running side by side (${pairedRounds} rounds after ${pairedWarmUpRounds} of warm-up each): project / floor turns/s each round (median share of the floor)`,
    '≥ 40 % of the echo floor',
    (f, target) =>
      target === 'echo' || !f.paired
        ? '–'
        : `${f.paired.map((round) => `${fixed(round.own)} / ${fixed(round.floor)}`).join(', ')} (${fixed(medianRatio(f.paired) * 100)} %)`,
  ]);
  rows.push([
    'closed loop, 100: CPU of server / load process, % of a core',
    'load well under 100 %',
    (f) => `${fixed(f.closed.get(100)?.serverCpuPercent)} / ${fixed(f.closed.get(100)?.loadCpuPercent)}`,
  ]);
  rows.push([
    'closed loop, 100: server / load event loop waiting for its core (own GC and worker threads, or other processes), % of the time',
    'low',
    (f) => `${fixed(f.closed.get(100)?.serverWaitedForCpuPercent)} / ${fixed(f.closed.get(100)?.loadWaitedForCpuPercent)}`,
  ]);
  rows.push(['100 users pausing 1 s: p50 / p99 ms', 'p99 < 50 ms', (f) => `${fixed(f.paced?.p50Ms, 1)} / ${fixed(f.paced?.p99Ms, 1)}`]);
  rows.push([
    `${fixed(burstConversations)} conversations at once: timeouts / failed turns / p99 ms`,
    'no timeouts',
    (f) => (f.burst ? `${f.burst.timeouts} / ${f.burst.result.failedTurns} / ${fixed(f.burst.result.p99Ms)}` : '–'),
  ]);
  rows.push(['idle RSS after start-up, MB', '< 200 MB', (f) => fixed(f.idleRssMB)]);
  for (const level of heldLevels)
    rows.push([
      `RSS with ${fixed(level)} conversations held (verified in 6 turns), MB`,
      level === 10_000 ? '< 300 MB, flat after 1,000' : 'flat after 1,000',
      (f, target) => {
        const held = f.held.get(level);
        if (!held) return '–';
        return target === 'echo' ? fixed(held.rssMB) : `${fixed(held.rssMB)} (${fixed(held.verified)} verified)`;
      },
    ]);
  const stageNames: [string, string][] = [
    ['httpIn', 'stage: HTTP in, µs/turn'],
    ['recognizer', 'stage: recognizer, µs/turn'],
    ['dialogs', 'stage: dialogs, µs/turn'],
    ['ledger', 'stage: ledger, µs/turn'],
    ['httpOut', 'stage: HTTP out, µs/turn'],
    ['serverTotal', 'server time per turn (POST in → answered), µs'],
    ['botTurnFromMetrics', 'bot turn per /metrics (debtbot_turn_duration_seconds), µs'],
    ['clientLatency', 'one conversation: POST → first reply at the client, µs'],
  ];
  for (const [key, label] of stageNames)
    rows.push([
      label,
      '',
      (f, target) =>
        target === 'echo' && (key === 'recognizer' || key === 'ledger' || key === 'botTurnFromMetrics') ? '–' : fixed(f.stages?.[key]),
    ]);
  const header = `| figure | target | ${targets.map((target) => names[target]).join(' | ')} |`;
  const rule = `| --- | --- | ${targets.map(() => '---').join(' | ')} |`;
  const lines = rows.map(([label, target, cell]) => `| ${label} | ${target} | ${targets.map((t) => cell(figuresOf(t), t)).join(' | ')} |`);
  const seconds = (performance.now() - startedAt) / 1000;
  return [
    '',
    `Web chat bench, ${new Date().toISOString().slice(0, 10)}: server on core ${serverCore} and load on core ${loadCore} ${canPin ? '(taskset)' : '(NOT pinned: no taskset or one core)'}; ` +
      `server ${serverChoice} with node ${serverNodeFlags.join(' ')}; transport ${transport === 'ws' ? 'WebSocket stream' : 'Get Activities polling'}; ` +
      `held levels ${heldLevels.map((level) => fixed(level)).join(', ') || 'none'} (BENCH_HELD=${heldMax}); ${fixed(seconds)} s; ` +
      `load average ${fixed(loadAverageAtStart, 1)} before the run (anything else running on the machine skews the figures).`,
    '',
    header,
    rule,
    ...lines,
    '',
  ].join('\n');
}

try {
  report('webchat.setup', canPin ? 1 : 0, 'pinned', {
    pinning: canPin ? `taskset: server core ${serverCore}, load core ${loadCore}` : 'none (no taskset or one core)',
    server: serverChoice,
    nodeFlags: serverNodeFlags,
    transport,
    heldLevels,
    postgresql: postgresBase ? 'yes' : 'no (set BENCH_DATABASE_URL or TEST_DATABASE_URL)',
    loadAverage1m: loadavg()[0],
  });
  if (targets.has('echo')) {
    await onFreshServer('webchat.echo.traffic', () => startEcho(), measureTraffic);
    await onFreshServer('webchat.echo.held', () => startEcho(), measureHeld);
    await attempt('webchat.echo.stage', () => measureStages('echo'));
  }
  if (targets.has('sqlite')) await measureProject('sqlite');
  if (postgresBase && targets.has('postgresql')) {
    const pinning = await pinPostgres(postgresBase, loadCore);
    report('webchat.postgresql.setup', pinning.description.startsWith('not') ? 0 : 1, 'pinned', { postgresql: pinning.description });
    try {
      await measureProject('postgresql');
    } finally {
      pinning.restore();
    }
  }
  process.stdout.write(summary());
  if (failures > 0) process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
  if (postgresBase && schemas.length > 0) {
    const client = new pg.Client({ connectionString: postgresBase });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
