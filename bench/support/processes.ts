// Process helpers of the web chat bench: child processes pinned to one core with taskset (when there is one and
// more than one core), their resident memory and CPU time from /proc, free ports, readiness and /metrics scraping.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** True when `taskset` runs here and there are at least two cores, so server and load can get one each. */
export const canPin: boolean = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** A child process the bench started, with what it printed so far. */
export interface BenchChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything the child wrote to stdout so far. */
  stdout(): string;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the child has exited. */
  readonly exited: Promise<number | string>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`, and waits for the exit. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node [nodeArguments]` pinned to `core` (when pinning is possible), with `environment` added to this process's. */
export function spawnNode(nodeArguments: readonly string[], options: { core: number; environment?: NodeJS.ProcessEnv }): BenchChild {
  const command = canPin ? 'taskset' : process.execPath;
  const commandArguments = canPin ? ['-c', String(options.core), process.execPath, ...nodeArguments] : [...nodeArguments];
  const child = spawn(command, commandArguments, { env: { ...process.env, ...options.environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${nodeArguments.join(' ')}`);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    process: child,
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `node [nodeArguments]` pinned to `core` and resolves with the last line it printed to stdout, parsed as JSON. */
export async function runNodeForJson<T>(
  nodeArguments: readonly string[],
  options: { core: number; environment?: NodeJS.ProcessEnv },
): Promise<T> {
  const child = spawnNode(nodeArguments, options);
  const code = await child.exited;
  const last = child.stdout().trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${nodeArguments.join(' ')} exited with ${code}: ${child.stderr().slice(-2000)}`);
  return JSON.parse(last) as T;
}

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status), or NaN when unreadable. */
export function residentMegabytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) a process used so far (/proc/<pid>/stat), or NaN when unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/**
 * Seconds the process's main thread (the event loop) spent ready to run but waiting for a CPU (/proc/<pid>/schedstat),
 * or NaN when unreadable: pinned to one core, it waits for the process's own GC and worker threads, and for any other
 * process on that core.
 */
export function runQueueSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Waits until `url` answers 200 (polling every 100 ms), or throws after `timeoutMs` or when `child` exits first. */
export async function waitUntilReady(url: string, child: BenchChild, timeoutMs = 90_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (performance.now() < deadline) {
    if (exited) throw new Error(`the server exited while starting: ${child.stderr().slice(-2000)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Sum and count of a Prometheus histogram's series with the given label text (e.g. `channel="webchat"`), and a counter's value. */
export interface ScrapedMetrics {
  /** Seconds summed over the turns of debtbot_turn_duration_seconds for web chat. */
  readonly turnSecondsSum: number;
  /** Turns counted by debtbot_turn_duration_seconds for web chat. */
  readonly turnCount: number;
  /** debtbot_turn_errors_total for web chat. */
  readonly turnErrors: number;
  /** nodejs_heap_size_used_bytes, in MB. */
  readonly heapUsedMB: number;
}

function sample(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{channel="webchat"\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return match?.[1] ? Number(match[1]) : 0;
}

/** Reads the bot's own turn figures from its /metrics (zeros for series not there yet). */
export async function scrapeMetrics(baseUrl: string): Promise<ScrapedMetrics> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return {
    turnSecondsSum: sample(text, 'debtbot_turn_duration_seconds_sum'),
    turnCount: sample(text, 'debtbot_turn_duration_seconds_count'),
    turnErrors: sample(text, 'debtbot_turn_errors_total'),
    heapUsedMB: sample(text, 'nodejs_heap_size_used_bytes') / (1024 * 1024),
  };
}
