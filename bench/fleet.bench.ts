// Fleet benchmark (issue 19): the project's server as 1, 2 and 3 instances on one PostgreSQL and one Redis, behind a
// round-robin proxy with no sticky sessions (DESIGN §15), each instance its own process from dist/ (npm run build first)
// or the sources. The same Direct Line load as the web chat bench (bench/support/load-process.ts, the demo script):
// closed loop at 100 conversations and 100 paced users (1 s between a reply and the next message). One instance is also
// measured without the proxy (what the proxy itself costs) and without Redis (what sharing costs: the Redis hub, the
// fleet-wide turn lock, the event relay). Servers run with the production start's node flags.
//
// What bounds it is printed with the figures: the machine's cores (os.availableParallelism), each instance's CPU share,
// the load's and the proxy's. On a machine with fewer cores than instances + database + load + proxy, more instances
// share the same cores: the figures then show the fleet's overhead, not its capacity.
//
// Needs TEST_DATABASE_URL (or BENCH_DATABASE_URL) and REDIS_URL; prints a skip line otherwise.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadResult, LoadScenario } from './support/direct-line-load.js';
import { cpuSeconds, freePort, runNodeForJson, spawnNode, waitUntilReady, type BenchChild } from './support/processes.js';
import { withScratchSchema } from './support/postgres-schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const support = fileURLToPath(new URL('./support/', import.meta.url));
const distStart = join(root, 'dist', 'start.js');
const build = (await import(pathToFileURL(join(root, 'scripts', 'dist.mjs')).href)) as {
  isDistCurrent: () => boolean;
  productionNodeFlags: () => string[];
};
/** dist/start.js when it is as new as the sources (scripts/dist.mjs says), else the sources through tsx. */
const useDist = existsSync(distStart) && build.isDistCurrent();
/** The production start's node flags, as the web chat bench runs its servers. */
const nodeFlags = build.productionNodeFlags();
const postgresBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const cores = availableParallelism();
/** Turns per conversation (the demo script, then more questions) and rounds of the closed loop. */
const scriptTurns = 12;
const closedRounds = 2;
const clientTimeoutMs = 30_000;

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number.isFinite(value) ? Number(value.toFixed(1)) : null, unit, ...extra }));
}

/**
 * Starts instance `index` of a fleet on `databaseUrl` and the Redis prefix `prefix` (no Redis when undefined: the
 * single-instance baseline), pinned to a core of its own when there are enough.
 */
async function startInstance(index: number, databaseUrl: string, prefix: string | undefined): Promise<{ url: string; child: BenchChild }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnNode([...nodeFlags, ...(useDist ? [distStart] : ['--import', 'tsx', join(support, 'bench-server.ts')])], {
    core: index % cores,
    environment: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      ...(prefix ? { REDIS_URL: redisUrl, REDIS_PREFIX: prefix } : {}),
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      NLU_MODE: 'local',
      TELEGRAM_BOT_TOKEN: '',
      WHATSAPP_ENABLED: 'false',
      OUTBOUND_ENABLED: 'false',
      WEBCHAT_TOKEN_SECRET: 'bench-fleet-token-secret-0123456789abcdef',
      WEBCHAT_TOKENS_PER_MINUTE: '100000',
      BENCH_STAGES: '0',
      BENCH_APP_ROOT: useDist ? 'dist' : 'sources',
    },
  });
  await waitUntilReady(`${url}/readyz`, child);
  return { url, child };
}

/** Runs one load scenario against `baseUrl` in its own process, on the last core. */
function load(baseUrl: string, scenario: Pick<LoadScenario, 'kind' | 'conversations' | 'rounds' | 'thinkMs'>): Promise<LoadResult> {
  const full: LoadScenario = {
    ...scenario,
    baseUrl,
    transport: 'ws',
    turnsPerConversation: scriptTurns,
    awaitGreeting: true,
    turnTimeoutMs: clientTimeoutMs,
  };
  return runNodeForJson<LoadResult>(['--import', 'tsx', join(support, 'load-process.ts'), JSON.stringify(full)], { core: cores - 1 });
}

/** Measures a fleet of `size` instances (through the proxy, or the one instance directly, with Redis or alone). */
async function measureFleet(size: number, throughProxy: boolean, withRedis = true): Promise<void> {
  const label = `fleet.${size}${throughProxy ? '' : '.direct'}${withRedis ? '' : '.noRedis'}`;
  await withScratchSchema(postgresBase ?? '', `bench_fleet_${size}`, async (databaseUrl) => {
    const prefix = withRedis ? `bench:fleet:${randomBytes(4).toString('hex')}:` : undefined;
    const instances: Array<{ url: string; child: BenchChild }> = [];
    let proxy: BenchChild | undefined;
    try {
      // One after the other: the first applies the migrations and loads the demo portfolio.
      for (let index = 0; index < size; index += 1) instances.push(await startInstance(index, databaseUrl, prefix));
      let baseUrl = instances[0]?.url ?? '';
      if (throughProxy) {
        proxy = spawnNode(['--import', 'tsx', join(support, 'proxy-process.ts'), ...instances.map((instance) => instance.url)], {
          core: cores - 1,
        });
        await waitUntilReady(`${instances[0]?.url}/readyz`, proxy);
        while (!proxy.stdout().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 50));
        baseUrl = (JSON.parse(proxy.stdout().split('\n')[0] ?? '{}') as { url: string }).url;
      }
      await load(baseUrl, { kind: 'closed', conversations: 10, rounds: 1 }); // warm-up
      const cpuBefore = instances.map((instance) => cpuSeconds(instance.child.pid));
      const proxyCpuBefore = proxy ? cpuSeconds(proxy.pid) : Number.NaN;
      const closed = await load(baseUrl, { kind: 'closed', conversations: 100, rounds: closedRounds });
      const instanceCpu = instances.map((instance, index) =>
        Math.round((100 * (cpuSeconds(instance.child.pid) - (cpuBefore[index] ?? 0))) / closed.seconds),
      );
      const proxyCpu = proxy ? Math.round((100 * (cpuSeconds(proxy.pid) - proxyCpuBefore)) / closed.seconds) : undefined;
      const paced = await load(baseUrl, { kind: 'paced', conversations: 100, thinkMs: 1000 });
      const extra = {
        instances: size,
        throughProxy,
        redis: withRedis,
        cores,
        loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
        instanceCpuPercent: instanceCpu,
        proxyCpuPercent: proxyCpu,
        loadCpuPercent: Math.round(closed.loadCpuPercent),
        failedTurns: closed.failedTurns + paced.failedTurns,
        timedOutTurns: closed.timedOutTurns + paced.timedOutTurns,
      };
      report(`${label}.closed.c100.turnsPerSecond`, closed.turnsPerSecond, 'turns/s', { turns: closed.turns, ...extra });
      report(`${label}.closed.c100.p99Ms`, closed.p99Ms, 'ms', extra);
      report(`${label}.paced100.p99Ms`, paced.p99Ms, 'ms', { p50Ms: Number(paced.p50Ms.toFixed(1)), ...extra });
    } finally {
      await proxy?.stop();
      await Promise.all(instances.map((instance) => instance.child.stop()));
    }
  });
}

if (!postgresBase || !redisUrl) {
  console.log(JSON.stringify({ bench: 'fleet', skipped: 'set TEST_DATABASE_URL (or BENCH_DATABASE_URL) and REDIS_URL' }));
} else {
  console.log(
    JSON.stringify({
      bench: 'fleet.setup',
      cores,
      server: useDist ? 'dist/start.js' : 'app.ts from the sources (npm run build to bench dist/)',
      nodeFlags,
      note: 'instances pinned to cores in turn; the load and the proxy share the last core; PostgreSQL and Redis unpinned',
    }),
  );
  await measureFleet(1, false, false);
  await measureFleet(1, false);
  for (const size of [1, 2, 3]) await measureFleet(size, true);
}
