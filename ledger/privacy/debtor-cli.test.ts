import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { main as eraseMain } from '../debtor-erase-cli.js';
import { main as exportMain } from '../debtor-export-cli.js';
import type { CliIo } from './debtor-cli.js';
import { seedHistory } from './seed-history.test-support.js';

const execFileAsync = promisify(execFile);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** An io that records what the command printed. */
function captureIo(databaseUrl: string): CliIo & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    env: { DATABASE_URL: databaseUrl },
  };
}

describe.each(testProviders)('debtor:export and debtor:erase on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('prints the export, erases with a summary, and exits 1 for an unknown debtor, 2 for bad usage', async () => {
    const seeded = await seedHistory(ledger.context);
    const exported = captureIo(ledger.database.url);
    expect(await exportMain([seeded.externalId], exported)).toBe(0);
    expect(exported.stdout).toHaveLength(1);
    expect(JSON.parse(exported.stdout[0] ?? '')).toMatchObject({ debtor: { externalId: seeded.externalId }, accounts: expect.any(Array) });
    const audit = await ledger.database.prisma.auditEvent.findFirst({ where: { entityId: seeded.debtorId, action: 'debtor.exported' } });
    expect(audit).toMatchObject({ actorType: 'system', actorId: 'cli' });

    const erased = captureIo(ledger.database.url);
    expect(await eraseMain([seeded.externalId], erased)).toBe(0);
    const pseudonym = /ERASED-[0-9a-f]{16}/.exec(erased.stdout.join('\n'))?.[0];
    expect(pseudonym).toBeDefined();
    const again = captureIo(ledger.database.url);
    expect(await eraseMain([pseudonym ?? ''], again)).toBe(0);
    expect(again.stdout.join('\n')).toContain('already erased');

    for (const command of [exportMain, eraseMain]) {
      const unknown = captureIo(ledger.database.url);
      expect(await command([seeded.externalId], unknown)).toBe(1);
      expect(unknown.stdout).toEqual([]);
      expect(unknown.stderr.join('\n')).toContain(`no debtor with id ${seeded.externalId}`);
      const usage = captureIo(ledger.database.url);
      expect(await command([], usage)).toBe(2);
      expect(await command(['a', 'b'], usage)).toBe(2);
    }
  });

  it.skipIf(!available || provider !== 'sqlite')(
    'runs as a script: npm run debtor:export prints JSON and exits 0, or 1 for an unknown debtor',
    async () => {
      const seeded = await seedHistory(ledger.context);
      const env = { ...process.env, DATABASE_URL: ledger.database.url };
      const { stdout } = await execFileAsync(tsx, ['ledger/debtor-export-cli.ts', seeded.externalId], { env });
      expect(JSON.parse(stdout)).toMatchObject({ debtor: { externalId: seeded.externalId } });
      const failure = await execFileAsync(tsx, ['ledger/debtor-export-cli.ts', 'NO-SUCH-DEBTOR'], { env }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('no debtor with id NO-SUCH-DEBTOR');
    },
  );
});
