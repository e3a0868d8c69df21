import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders, type TempDatabase } from '../../test/support/temp-database.js';
import { writeSyntheticPortfolio } from './generate-portfolio.js';
import { importPortfolio } from './import-portfolio.js';
import { portfolioColumns } from './portfolio-row.js';

const execFileAsync = promisify(execFile);
const samplePortfolio = fileURLToPath(new URL('../../test/fixtures/portfolio-sample.csv', import.meta.url));
const header = portfolioColumns.join(',');
const today = '2026-11-23';
const folder = mkdtempSync(join(tmpdir(), 'import-test-'));

function csvFile(name: string, lines: string[], options: { bom?: boolean; newline?: string } = {}): string {
  const path = join(folder, name);
  writeFileSync(path, (options.bom ? '\ufeff' : '') + lines.join(options.newline ?? '\n') + (options.newline ?? '\n'));
  return path;
}

const goodRow =
  'D1,Ana Pérez,RUT,17.090.571-7,1980-02-29,+56911112222,ana@example.com,es,CL,America/Santiago,CL-1,tarjeta_credito,CLP,3423473,3423473,2026-05-06';

describe.each(testProviders)('portfolio import on $provider', ({ provider, available }) => {
  let database: TempDatabase;
  beforeAll(async () => {
    if (available) database = await openTempDatabase(provider);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.skipIf(!available)('imports the sample portfolio with exact counts, and a second import changes nothing', async () => {
    const first = await importPortfolio(database, samplePortfolio, { todayIso: today });
    expect(first).toEqual({
      ok: true,
      summary: {
        rows: 258,
        dryRun: false,
        debtors: { created: 200, updated: 0, unchanged: 0 },
        accounts: { created: 258, updated: 0, unchanged: 0 },
      },
    });
    const peru = await database.prisma.account.findUniqueOrThrow({ where: { externalRef: 'PE-00000002' } });
    expect([peru.currency, peru.balanceMinor]).toEqual(['PEN', 1_153_880n]);
    const auditBefore = await database.prisma.auditEvent.count();
    const second = await importPortfolio(database, samplePortfolio, { todayIso: today });
    expect(second.ok && second.summary).toMatchObject({
      debtors: { created: 0, updated: 0, unchanged: 200 },
      accounts: { created: 0, updated: 0, unchanged: 258 },
    });
    expect(await database.prisma.debtor.count()).toBe(200);
    expect(await database.prisma.account.count()).toBe(258);
    expect(await database.prisma.balanceEntry.count()).toBe(258);
    expect(await database.prisma.auditEvent.count()).toBe(auditBefore + 1);
  });

  it.skipIf(!available)('updates balances by key, explaining each change with a balance entry', async () => {
    const path = csvFile(`update-${provider}.csv`, [header, goodRow]);
    await importPortfolio(database, path, { todayIso: today });
    const changed = csvFile(`update2-${provider}.csv`, [header, goodRow.replace('3423473,2026-05-06', '3000000,2026-05-06')]);
    const result = await importPortfolio(database, changed, { todayIso: today });
    expect(result.ok && result.summary.accounts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const account = await database.prisma.account.findUniqueOrThrow({
      where: { externalRef: 'CL-1' },
      include: { balanceEntries: { orderBy: { createdAt: 'asc' } } },
    });
    expect(account.balanceMinor).toBe(3_000_000n);
    expect(account.balanceEntries.map((entry) => entry.deltaMinor).reduce((sum, delta) => sum + delta, 0n)).toBe(3_000_000n);
  });

  it.skipIf(!available)('writes nothing in a dry run', async () => {
    const path = csvFile(`dry-${provider}.csv`, [header, goodRow.replaceAll('CL-1', 'CL-DRY').replace('D1,', 'D-DRY,')]);
    const result = await importPortfolio(database, path, { todayIso: today, dryRun: true });
    expect(result.ok && result.summary).toMatchObject({ dryRun: true, accounts: { created: 1 } });
    expect(await database.prisma.account.count({ where: { externalRef: 'CL-DRY' } })).toBe(0);
  });

  it.skipIf(!available)('reads quotes, commas and quotes inside names, accents, a BOM and CRLF', async () => {
    const row =
      'D-Q,"González, María ""Pepa"" Ñúñez",DNI,11412327,1990-01-31,,,es,PE,America/Lima,PE-Q,factura_servicios,PEN,11538.80,11538.8,2026-10-22';
    const path = csvFile(`quoted-${provider}.csv`, [header, row], { bom: true, newline: '\r\n' });
    const result = await importPortfolio(database, path, { todayIso: today });
    expect(result.ok).toBe(true);
    const debtor = await database.prisma.debtor.findUniqueOrThrow({ where: { externalId: 'D-Q' } });
    expect(debtor.fullName).toBe('González, María "Pepa" Ñúñez');
    const account = await database.prisma.account.findUniqueOrThrow({ where: { externalRef: 'PE-Q' } });
    expect(account.balanceMinor).toBe(1_153_880n);
  });

  it.skipIf(!available)('writes nothing when any row is bad, and names every bad line', async () => {
    const before = await database.prisma.account.count();
    const lines = [
      header,
      goodRow.replaceAll('CL-1', 'CL-OK').replace('D1,', 'D-OK,'),
      'D2,Bo,DNI,123,1990-02-30,+51999,bo@,xx,PER,Mars/Base,PE-2,p,PEN,10.123,-5,2026-13-01',
      'D3,Cy,CC,55,1990-01-01,,,es,CO,America/Bogota,CO-3,p,EUR,100,100,2026-01-01',
      'D4,Di,CC,56,1990-01-01,,,es,CO,America/Bogota,CO-4,p,COP,100.50,100,2026-01-01',
      'D5,Ed,CC,57,1990-01-01,,,es,CO,America/Bogota',
      'D6,Fa,RUT,17.090.571-8,1990-01-01,,,es,CL,America/Santiago,CO-4,p,CLP,100,100,2026-01-01',
      'D7,Gu,CC,58,1990-01-01,,,es,CO,America/Bogota,CO-7,p,COP,100,100,2026-01-01',
      'D7,Gus,CC,58,1990-01-01,,,es,CO,America/Bogota,CO-8,p,COP,100,100,2026-01-01',
    ];
    const result = await importPortfolio(database, csvFile(`bad-${provider}.csv`, lines), { todayIso: today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const printed = result.problems.map((problem) => `line ${problem.line}: ${problem.column}: ${problem.reason}`);
    const columnsOfLine = (line: number) => result.problems.filter((problem) => problem.line === line).map((problem) => problem.column);
    expect(columnsOfLine(2)).toEqual([]);
    expect(columnsOfLine(3).sort()).toEqual(
      ['balance', 'country', 'date_of_birth', 'due_date', 'email', 'language', 'original_amount', 'phone', 'timezone'].sort(),
    );
    expect(columnsOfLine(4)).toEqual(['currency']);
    expect(columnsOfLine(5)).toEqual(['original_amount']);
    expect(columnsOfLine(6)).toEqual(['(row)']);
    expect(columnsOfLine(7).sort()).toEqual(['account_ref', 'document_number']);
    expect(columnsOfLine(9)).toEqual(['debtor_id']);
    expect(printed).toContain('line 3: balance: must not be negative');
    expect(printed).toContain('line 6: (row): expected 16 columns, found 10');
    expect(printed).toContain('line 7: account_ref: duplicate of line 5');
    expect(await database.prisma.account.count()).toBe(before);
    expect(await database.prisma.debtor.count({ where: { externalId: 'D-OK' } })).toBe(0);
  });

  /** Everything an import could write, to show a refused import wrote nothing. */
  const snapshot = async () => ({
    debtors: await database.prisma.debtor.count(),
    accounts: await database.prisma.account.findMany({
      select: { externalRef: true, currency: true, balanceMinor: true, debtorId: true },
      orderBy: { externalRef: 'asc' },
    }),
    entries: await database.prisma.balanceEntry.count(),
    audits: await database.prisma.auditEvent.count(),
  });
  const printedOf = (result: Awaited<ReturnType<typeof importPortfolio>>) =>
    result.ok ? [] : result.problems.map((problem) => `line ${problem.line}: ${problem.column}: ${problem.reason}`);

  it.skipIf(!available)("refuses a row that would change an existing account's currency, and writes nothing", async () => {
    const base = goodRow.replaceAll('CL-1', 'CL-CUR').replace('D1,', 'D-CUR,');
    expect((await importPortfolio(database, csvFile(`cur-${provider}.csv`, [header, base]), { todayIso: today })).ok).toBe(true);
    const before = await snapshot();
    const lines = [
      header,
      goodRow.replaceAll('CL-1', 'CL-NEW').replace('D1,', 'D-NEW,'),
      base.replace(',CLP,3423473,3423473,', ',USD,3423.47,3423.47,'),
    ];
    for (const dryRun of [false, true]) {
      const result = await importPortfolio(database, csvFile(`cur2-${provider}.csv`, lines), { todayIso: today, dryRun });
      expect(result.ok).toBe(false);
      expect(printedOf(result)).toEqual([
        'line 3: currency: account CL-CUR is in CLP, not USD: a currency change is a new account (give it a new account_ref)',
      ]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await database.prisma.debtor.count({ where: { externalId: 'D-NEW' } })).toBe(0);
  });

  it.skipIf(!available)('refuses a row that would move an existing account to another debtor, and writes nothing', async () => {
    const base = goodRow.replaceAll('CL-1', 'CL-OWN').replace('D1,', 'D-OWN,');
    expect((await importPortfolio(database, csvFile(`own-${provider}.csv`, [header, base]), { todayIso: today })).ok).toBe(true);
    const before = await snapshot();
    const moved = base.replace('D-OWN,Ana Pérez', 'D-OTHER,Otra Persona');
    const movedAndConverted = moved.replace(',CLP,3423473,3423473,', ',USD,3423.47,3423.47,');
    const first = await importPortfolio(database, csvFile(`own2-${provider}.csv`, [header, moved]), { todayIso: today });
    expect(printedOf(first)).toEqual([
      'line 2: debtor_id: account CL-OWN belongs to debtor D-OWN: an account cannot move to another debtor (give it a new account_ref)',
    ]);
    const both = await importPortfolio(
      database,
      csvFile(`own3-${provider}.csv`, [header, goodRow.replace('es,CL', 'fr,CL').replaceAll('CL-1', 'CL-X'), movedAndConverted]),
      { todayIso: today },
    );
    expect(!both.ok && both.problems.map((problem) => `${problem.line}:${problem.column}`)).toEqual([
      '2:language',
      '3:currency',
      '3:debtor_id',
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await database.prisma.debtor.count({ where: { externalId: 'D-OTHER' } })).toBe(0);
  });

  it.skipIf(!available)('explains a wrong header and an unclosed quote', async () => {
    const wrongHeader = await importPortfolio(database, csvFile(`header-${provider}.csv`, ['debtor_id,name', 'x,y']), { todayIso: today });
    expect(!wrongHeader.ok && wrongHeader.problems[0]).toMatchObject({ line: 1, column: '(file)' });
    const unclosed = await importPortfolio(database, csvFile(`quote-${provider}.csv`, [header, goodRow, 'D9,"Unclosed,RUT']), {
      todayIso: today,
    });
    expect(!unclosed.ok && unclosed.problems[0]?.reason).toMatch(/quote/i);
    const empty = await importPortfolio(database, csvFile(`empty-${provider}.csv`, []), { todayIso: today });
    expect(!empty.ok && empty.problems[0]?.reason).toMatch(/empty/);
  });
});

describe('npm run import (the command)', () => {
  const cli = fileURLToPath(new URL('../import-cli.ts', import.meta.url));
  const run = (args: string[], databaseUrl: string) =>
    execFileAsync(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('prints counts and exits 0, or prints every problem and exits 1', async () => {
    const url = `file:${join(folder, 'cli.db')}`;
    const ok = await run([samplePortfolio], url);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('debtors: 200 created, 0 updated, 0 unchanged');
    expect(ok.stdout).toContain('accounts: 258 created, 0 updated, 0 unchanged');
    const bad = await run([csvFile('cli-bad.csv', [header, goodRow.replace('es,CL', 'fr,CL')])], url);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2: language: must be es or en');
    const converted = await run(
      [
        csvFile('cli-currency.csv', [
          header,
          'D000002,Carlos Hernández Muñoz,DNI,11412327,2000-07-18,+51969698013,carlos.2@example.com,es,PE,America/Lima,PE-00000002,factura_servicios,USD,3100.00,3100.00,2026-10-22',
        ]),
      ],
      url,
    );
    expect(converted.code).toBe(1);
    expect(converted.stderr).toContain('line 2: currency: account PE-00000002 is in PEN, not USD: a currency change is a new account');
    expect(converted.stderr).toContain('nothing was written');
    const missing = await run([join(folder, 'nope.csv')], url);
    expect([missing.code, missing.stderr.trim()]).toEqual([1, `cannot read ${join(folder, 'nope.csv')}`]);
    const usage = await run([], url);
    expect(usage.code).toBe(2);
  });

  it('imports a generated portfolio of 5,000 accounts twice without duplicating', async () => {
    const path = join(folder, 'generated.csv');
    await writeSyntheticPortfolio(path, { accounts: 5000, seed: 3 });
    const url = `file:${join(folder, 'generated.db')}`;
    expect((await run([path], url)).stdout).toContain('accounts: 5000 created');
    expect((await run([path], url)).stdout).toContain('accounts: 0 created, 0 updated, 5000 unchanged');
  });
});
