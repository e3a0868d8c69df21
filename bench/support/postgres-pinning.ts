// Keeps a local PostgreSQL server off the core of the server under test while the PostgreSQL figures are taken: its
// postmaster and every process it started move to the load's core (new backends inherit that), as if the database ran
// on a machine of its own, and go back to their own cores afterwards. Needs the server on this machine and the right
// to change its processes' affinity (the same user, or root); otherwise nothing moves and the bench says why.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { canPin } from './processes.js';

/** What was done: the processes moved and how to put them back, or why nothing was moved. */
export interface PostgresPinning {
  readonly description: string;
  restore(): void;
}

/** The processes whose parent is `parentPid` (Linux /proc). */
function childrenOf(parentPid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === parentPid) children.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}

/** The affinity list of a process (taskset -pc), or null when it cannot be read. */
function affinityOf(pid: number): string | null {
  const result = spawnSync('taskset', ['-pc', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? (result.stdout.trim().split(': ').pop() ?? null) : null;
}

/** Moves the PostgreSQL server at `connectionString` to `core`; see the file comment. */
export async function pinPostgres(connectionString: string, core: number): Promise<PostgresPinning> {
  const nothing = (why: string): PostgresPinning => ({ description: `not moved: ${why}`, restore: () => undefined });
  if (!canPin) return nothing('no taskset or one core');
  const client = new pg.Client({ connectionString });
  let dataDirectory: string;
  try {
    await client.connect();
    dataDirectory = String((await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory);
  } catch (error) {
    return nothing(`its data directory is not readable over SQL (${(error as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch (error) {
    return nothing(`postmaster.pid is not readable here (${(error as NodeJS.ErrnoException).code ?? 'error'}): not on this machine?`);
  }
  const processes = [postmaster, ...childrenOf(postmaster)];
  const before = new Map(processes.map((pid) => [pid, affinityOf(pid)] as const));
  const moved = processes.filter((pid) => spawnSync('taskset', ['-a', '-pc', String(core), String(pid)]).status === 0);
  if (!moved.includes(postmaster)) return nothing(`no right to change the affinity of process ${postmaster}`);
  return {
    description: `postmaster ${postmaster} and ${moved.length - 1} of its processes on core ${core} (new backends inherit it)`,
    restore() {
      for (const pid of [postmaster, ...childrenOf(postmaster)]) {
        const list = before.get(pid) ?? before.get(postmaster);
        if (list) spawnSync('taskset', ['-a', '-pc', list, String(pid)]);
      }
    },
  };
}
