// A server of the fleet in its own process, started as `npm run start:dev` does (`node --import tsx start.ts`), so a
// test can kill it outright (SIGKILL: no shutdown, no lock released). Its JSON log lines are kept (and go through the
// identity-data check of every test file, like the lines of in-process apps).
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { testLogs } from './log-capture.js';

const projectRoot = join(import.meta.dirname, '..', '..');

/** One log line of the process, parsed, with the test process's clock when it arrived. */
export interface FleetLogLine {
  readonly msg?: string;
  readonly receivedAtMs: number;
  readonly [field: string]: unknown;
}

/** A server running in a child process. */
export interface FleetProcess {
  readonly name: string;
  readonly pid: number;
  /** Its base URL, known once it printed its banner. */
  readonly url: string;
  readonly logs: FleetLogLine[];
  /** True until the process exited. */
  readonly alive: boolean;
  /** Resolves with the first log line (already written or to come) for which `predicate` holds; rejects after `timeoutMs`. */
  waitForLog(predicate: (line: FleetLogLine) => boolean, timeoutMs: number): Promise<FleetLogLine>;
  /** Kills it at once: nothing runs on its way out. */
  kill(): Promise<void>;
  /** Asks it to shut down (SIGTERM, as a platform does), killing it if it takes longer than 20 s. */
  stop(): Promise<void>;
}

/**
 * Starts `start.ts` with `environment` added to this process's (PORT 0 and 127.0.0.1 unless given); resolves once it
 * printed its banner, with the URL it listens on. Rejects if it exits first (with what it wrote to stderr).
 */
export async function startFleetProcess(name: string, environment: Record<string, string>, timeoutMs = 90_000): Promise<FleetProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, ['--import', 'tsx', 'start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: FleetLogLine[] = [];
  const waiters = new Set<{ predicate: (line: FleetLogLine) => boolean; resolve: (line: FleetLogLine) => void }>();
  let url = '';
  let alive = true;
  let stderr = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      alive = false;
      resolve();
    }),
  );
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let announced: (url: string) => void = () => undefined;
  const started = new Promise<string>((resolve) => {
    announced = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const banner = /Web chat \(demo page\):\s+(http:\/\/\S+?)\/?$/.exec(text);
    if (banner?.[1]) announced(banner[1]);
    if (!text.startsWith('{')) return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    testLogs.destination.write(`${text}\n`);
    const line: FleetLogLine = { ...parsed, receivedAtMs: Date.now() };
    logs.push(line);
    for (const waiter of waiters) if (waiter.predicate(line)) waiter.resolve(line);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    url = await Promise.race([
      started,
      exited.then(() => {
        throw new Error(`${name} exited before it started:\n${stderr}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    name,
    pid: child.pid ?? 0,
    url,
    logs,
    get alive() {
      return alive;
    },
    waitForLog(predicate, waitMs) {
      const found = logs.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (line: FleetLogLine) => {
            clearTimeout(timeout);
            waiters.delete(waiter);
            resolve(line);
          },
        };
        const timeout = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: no such log line within ${waitMs} ms`));
        }, waitMs);
        waiters.add(waiter);
      });
    },
    async kill() {
      if (!alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
