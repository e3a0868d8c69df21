import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultDatabaseUrl, openLedgerDatabase, type LedgerDatabase } from '../db/open-database.js';

/** Where a CLI writes, and the environment it reads (injectable for tests). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own stdout, stderr and environment. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  env: process.env,
};

/** The actor of a command run by an operator. */
export const cliActor = { type: 'system', id: 'cli' } as const;

/**
 * Runs a one-argument debtor command (`<debtor_id>`) on the database named by DATABASE_URL; returns the exit
 * code: 0 done, 1 unknown debtor or failure, 2 bad usage.
 */
export async function runDebtorCommand(
  argv: readonly string[],
  io: CliIo,
  usage: string,
  work: (database: LedgerDatabase, debtorId: string) => Promise<number>,
): Promise<number> {
  const [debtorId, ...extra] = argv;
  if (!debtorId || debtorId.startsWith('-') || extra.length > 0) {
    io.err(usage);
    return 2;
  }
  let database: LedgerDatabase | undefined;
  try {
    database = await openLedgerDatabase(io.env.DATABASE_URL || defaultDatabaseUrl);
    return await work(database, debtorId);
  } catch (error) {
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

/** True when the module at `moduleUrl` is the script node/tsx was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
