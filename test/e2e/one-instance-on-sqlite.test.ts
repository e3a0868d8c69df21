import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnotherInstanceError, claimSingleInstance, importPortfolio, openLedgerDatabase } from '../../ledger/index.js';
import { startTestApp } from '../support/test-app.js';

// SQLite serves one instance (DESIGN §15): a second server on the same file is refused with a message saying why; the
// command-line tools still open the database while the server runs; a server that crashed leaves no lock behind.
const projectRoot = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'one-instance-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('one server per SQLite database', () => {
  it('refuses a second server on the same file, saying why, and lets one start once the first has stopped', async () => {
    const databaseUrl = `file:${join(folder, 'shared.db')}`;
    const first = await startTestApp({ DATABASE_URL: databaseUrl, DEMO_DATA: 'true' });
    try {
      const refused = await startTestApp({ DATABASE_URL: databaseUrl }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(AnotherInstanceError);
      expect((refused as Error).message).toBe(
        `another instance of the bot is already running on the SQLite database ${join(folder, 'shared.db')}. SQLite serves one ` +
          'instance: stop the other one, or run several instances on PostgreSQL (DATABASE_URL=postgresql://…) with REDIS_URL.',
      );
      // The first one is untouched, and a tool (the import) still opens the same database.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      const tool = await openLedgerDatabase(databaseUrl);
      try {
        const result = await importPortfolio(tool, join(projectRoot, 'test', 'fixtures', 'portfolio-sample.csv'), {
          todayIso: new Date().toISOString().slice(0, 10),
        });
        expect(result.ok).toBe(true);
      } finally {
        await tool.close();
      }
      // Another database is another matter.
      const other = await startTestApp({ DATABASE_URL: `file:${join(folder, 'other.db')}` });
      await other.close();
    } finally {
      await first.close();
    }
    const second = await startTestApp({ DATABASE_URL: databaseUrl });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    await second.close();
  });

  it('is free again when the server holding it was killed', async () => {
    const databaseUrl = `file:${join(folder, 'crashed.db')}`;
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./ledger/index.ts').then((ledger) => { ledger.claimSingleInstance(${JSON.stringify(databaseUrl)}); console.log('held'); setInterval(() => {}, 1000); })`,
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      holder.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
    });
    expect(() => claimSingleInstance(databaseUrl)).toThrow(AnotherInstanceError);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const claimed = claimSingleInstance(databaseUrl);
    claimed.release();
  });

  it('never claims anything on PostgreSQL: any number of instances may share it', () => {
    const first = claimSingleInstance('postgresql://postgres@127.0.0.1:5432/test');
    const second = claimSingleInstance('postgresql://postgres@127.0.0.1:5432/test');
    first.release();
    second.release();
  });
});
