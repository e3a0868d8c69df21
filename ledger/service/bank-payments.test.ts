import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders, type TempDatabase } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { readBankFile } from '../import/bank-file.js';
import { importPortfolio } from '../import/index.js';
import { importBankPayments, type BankImportResult } from './bank-payments.js';
import { openPaymentLink } from './payment-links.js';
import { assignUnmatchedPayment } from './unmatched-payments.js';
import type { LedgerContext } from './context.js';

const execFileAsync = promisify(execFile);
const sampleBankFile = fileURLToPath(new URL('../../test/fixtures/bank-file-sample.csv', import.meta.url));
const samplePortfolio = fileURLToPath(new URL('../../test/fixtures/portfolio-sample.csv', import.meta.url));
const header = 'bank_txn_id,reference,amount,currency,paid_on';
const folder = mkdtempSync(join(tmpdir(), 'bank-file-test-'));
let fileCount = 0;

/** Writes a bank file (lines joined by `newline`, optionally with a BOM) and returns its path. */
function bankFile(lines: string[], options: { bom?: boolean; newline?: string } = {}): string {
  fileCount += 1;
  const path = join(folder, `bank-${fileCount}.csv`);
  const newline = options.newline ?? '\n';
  writeFileSync(path, (options.bom ? '\ufeff' : '') + lines.join(newline) + (lines.length > 0 ? newline : ''));
  return path;
}

/** Reads and imports a bank file the way the command does. */
async function importFile(context: LedgerContext, path: string, dryRun = false): Promise<BankImportResult> {
  const reading = await readBankFile(path);
  return importBankPayments(context, reading.lines, { dryRun, fileProblems: reading.problems });
}

/** The problems as the command prints them. */
const printed = (result: BankImportResult) =>
  result.ok ? [] : result.problems.map((problem) => `line ${problem.line}: ${problem.column}: ${problem.reason}`);

describe('reading a bank file', () => {
  it('reads the columns in any order, a BOM, CRLF, quotes and a lower-case currency', async () => {
    const path = bankFile(['paid_on,currency,AMOUNT,reference,bank_txn_id', '2026-11-20,usd,25.50,"Ref, with comma",TX-1'], {
      bom: true,
      newline: '\r\n',
    });
    expect(await readBankFile(path)).toEqual({
      lines: [{ line: 2, bankTxnId: 'TX-1', reference: 'Ref, with comma', amountMinor: 2550, currency: 'USD', paidOnIso: '2026-11-20' }],
      problems: [],
    });
  });

  it('refuses extra or missing columns, semicolons, an empty file and a file with only a header', async () => {
    const reasons = async (lines: string[]) => (await readBankFile(bankFile(lines))).problems.map((problem) => problem.reason);
    expect(await reasons([`${header},note`, 'TX-1,CL-1,100,CLP,2026-11-20,hi'])).toEqual([
      'header has columns the bank file does not take: note (only bank_txn_id, reference, amount, currency, paid_on)',
    ]);
    expect(await reasons(['bank_txn_id,reference,amount,currency', 'TX-1,CL-1,100,CLP'])).toEqual(['header is missing paid_on']);
    expect(await reasons([header.replaceAll(',', ';'), 'TX-1;CL-1;100;CLP;2026-11-20'])).toEqual([
      'the file is separated by semicolons: only commas are supported (header bank_txn_id,reference,amount,currency,paid_on)',
    ]);
    expect(await reasons([])).toEqual(['the file is empty: a header line is required']);
    expect(await reasons([header])).toEqual(['the file has no payment lines (only a header)']);
  });

  it('refuses amounts that are not positive exact amounts of the currency', async () => {
    const { problems } = await readBankFile(
      bankFile([
        header,
        'TX-1,R,0,USD,2026-11-20',
        'TX-2,R,-5,USD,2026-11-20',
        'TX-3,R,1.5,CLP,2026-11-20',
        'TX-4,R,"1,000",USD,2026-11-20',
      ]),
    );
    expect(problems.map((problem) => `${problem.line}: ${problem.column}: ${problem.reason}`)).toEqual([
      '2: amount: must be positive',
      '3: amount: must be positive',
      '4: amount: CLP has no decimals, got "1.5"',
      '5: amount: "1,000" is not a decimal number like 1234.50',
    ]);
  });
});

describe.each(testProviders)('the bank file on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  /** A debtor with one USD account (1,000.00) and one CLP account (500000): their ids and references. */
  async function accounts() {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [
      { currency: 'USD', balanceMinor: 100_000 },
      { currency: 'CLP', balanceMinor: 500_000 },
    ]);
    const [usd, clp] = await Promise.all(
      accountIds.map((id) => ledger.database.prisma.account.findUniqueOrThrow({ where: { id }, select: { id: true, externalRef: true } })),
    );
    return { usd: usd as { id: string; externalRef: string }, clp: clp as { id: string; externalRef: string } };
  }

  const balanceOf = async (externalRef: string) =>
    (await ledger.database.prisma.account.findUniqueOrThrow({ where: { externalRef } })).balanceMinor;

  /** What a user could notice changed: balances, payments, unmatched payments, link states, audit events. */
  const snapshot = async () => ({
    balances: await ledger.database.prisma.account.findMany({
      select: { externalRef: true, balanceMinor: true, creditMinor: true },
      orderBy: { externalRef: 'asc' },
    }),
    payments: await ledger.database.prisma.payment.count(),
    entries: await ledger.database.prisma.balanceEntry.count(),
    unmatched: await ledger.database.prisma.unmatchedPayment.count(),
    links: await ledger.database.prisma.paymentLink.findMany({ select: { reference: true, status: true }, orderBy: { reference: 'asc' } }),
    audits: await ledger.database.prisma.auditEvent.count(),
  });

  it.skipIf(!available)('applies the sample file to exact balances, and importing it again applies nothing twice', async () => {
    expect((await importPortfolio(ledger.database, samplePortfolio, { todayIso: '2026-11-23' })).ok).toBe(true);
    const first = await importFile(ledger.context, sampleBankFile);
    expect(first.ok && first.summary).toMatchObject({
      dryRun: false,
      lines: 4,
      applied: 3,
      appliedMinorByCurrency: { CLP: 125_000, PEN: 153_880, USD: 2_550 },
      duplicates: 0,
      unmatched: 1,
    });
    expect([await balanceOf('CL-00000001'), await balanceOf('PE-00000002'), await balanceOf('SV-00000060')]).toEqual([
      3_298_473n,
      1_000_000n,
      98_951n,
    ]);
    const payment = await ledger.database.prisma.payment.findUniqueOrThrow({ where: { idempotencyKey: 'bank:BCH-20261120-000119' } });
    expect(payment).toMatchObject({
      source: 'bank_file',
      providerPaymentId: 'BCH-20261120-000119',
      amountMinor: 153_880n,
      currency: 'PEN',
      paidOnIso: '2026-11-20',
      linkId: null,
    });
    // The balance is explained by its entries: the opening balance, then the payment.
    const entries = await ledger.database.prisma.balanceEntry.findMany({ where: { accountId: payment.accountId } });
    expect(entries.reduce((sum, entry) => sum + entry.deltaMinor, 0n)).toBe(1_000_000n);

    const before = await snapshot();
    const second = await importFile(ledger.context, sampleBankFile);
    expect(second.ok && second.summary).toMatchObject({ applied: 0, appliedMinorByCurrency: {}, duplicates: 4, unmatched: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(!available)('writes nothing when any line is bad, and names every bad line', async () => {
    const { usd, clp } = await accounts();
    const link = await openPaymentLink(ledger.context, {
      idempotencyKey: `link-bad-${usd.id}`,
      accountId: usd.id,
      purpose: 'full',
      provider: 'bank_transfer',
    });
    const lines = [
      header,
      `TX-BAD-OK-1,${usd.externalRef},10.00,USD,2026-11-20`,
      `TX-BAD-AMOUNT,${usd.externalRef},12.345,USD,2026-11-20`,
      `TX-BAD-CURRENCY,${usd.externalRef},10.00,XYZ,2026-11-20`,
      `TX-BAD-DATE,${usd.externalRef},10.00,USD,2026-02-30`,
      `TX-BAD-OK-1,${usd.externalRef},11.00,USD,2026-11-20`,
      `TX-BAD-MISMATCH,${clp.externalRef},10.00,USD,2026-11-20`,
      `TX-BAD-LINK,${link?.reference.toLowerCase()},1000,CLP,2026-11-20`,
      `TX-BAD-UNKNOWN,NO-SUCH-REF,5.00,USD,2026-11-20`,
      `X,${usd.externalRef},5.00,USD,2026-11-20`,
    ];
    const before = await snapshot();
    for (const dryRun of [false, true]) {
      const result = await importFile(ledger.context, bankFile(lines), dryRun);
      expect(result.ok).toBe(false);
      expect(printed(result)).toEqual([
        'line 3: amount: USD has at most 2 decimals, got "12.345"',
        'line 4: currency: is not supported (use one of ARS, CLP, COP, MXN, PEN, USD)',
        'line 5: paid_on: must be a real date written YYYY-MM-DD',
        'line 6: bank_txn_id: duplicate of line 2: a bank transaction is imported once',
        `line 7: currency: account ${clp.externalRef} is in CLP, not USD`,
        `line 8: currency: payment link ${link?.reference} (account ${usd.externalRef}) is in USD, not CLP`,
        'line 10: bank_txn_id: must be 3 to 100 characters',
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(!available)('refuses a bank transaction imported before with other content, and writes nothing', async () => {
    const { usd } = await accounts();
    const first = await importFile(ledger.context, bankFile([header, `TX-AGAIN-1,${usd.externalRef},100.00,USD,2026-11-20`]));
    expect(first.ok && first.summary.applied).toBe(1);
    const before = await snapshot();
    const changed = await importFile(
      ledger.context,
      bankFile([header, `TX-AGAIN-2,${usd.externalRef},5.00,USD,2026-11-21`, `TX-AGAIN-1,${usd.externalRef},150.00,USD,2026-11-20`]),
    );
    expect(printed(changed)).toEqual([
      `line 3: bank_txn_id: was imported before with different content (100.00 USD on 2026-11-20 to account ${usd.externalRef}): a bank transaction is imported once; correct the line or give the new transaction its own id`,
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await balanceOf(usd.externalRef)).toBe(90_000n);
  });

  it.skipIf(!available)('keeps a line naming no account or link as one unmatched payment, even after an agent applied it', async () => {
    const { clp } = await accounts();
    const path = bankFile([header, 'TX-UNMATCHED-1,deposito juan,75000,CLP,2026-11-19']);
    const first = await importFile(ledger.context, path);
    expect(first.ok && first.summary).toMatchObject({ applied: 0, duplicates: 0, unmatched: 1 });
    const stored = await ledger.database.prisma.unmatchedPayment.findUniqueOrThrow({ where: { externalId: 'TX-UNMATCHED-1' } });
    expect(stored).toMatchObject({
      source: 'bank_file',
      reference: 'deposito juan',
      amountMinor: 75_000n,
      currency: 'CLP',
      paidOnIso: '2026-11-19',
      status: 'open',
    });
    const again = await importFile(ledger.context, path);
    expect(again.ok && again.summary).toMatchObject({ unmatched: 0, duplicates: 1 });
    expect(await ledger.database.prisma.unmatchedPayment.count({ where: { externalId: 'TX-UNMATCHED-1' } })).toBe(1);
    const changed = await importFile(ledger.context, bankFile([header, 'TX-UNMATCHED-1,deposito juan,76000,CLP,2026-11-19']));
    expect(printed(changed)).toEqual([
      'line 2: bank_txn_id: was imported before with different content (75000 CLP on 2026-11-19, reference "deposito juan", unmatched): a bank transaction is imported once; correct the line or give the new transaction its own id',
    ]);

    await assignUnmatchedPayment(ledger.context, { unmatchedPaymentId: stored.id, accountId: clp.id, actor: { type: 'agent', id: 'a1' } });
    expect(await balanceOf(clp.externalRef)).toBe(425_000n);
    const afterAgent = await importFile(ledger.context, path);
    expect(afterAgent.ok && afterAgent.summary).toMatchObject({ applied: 0, unmatched: 0, duplicates: 1 });
    expect(await balanceOf(clp.externalRef)).toBe(425_000n);
  });

  it.skipIf(!available)("applies a payment link's reference, in any case, to the link's account and marks the link paid", async () => {
    const { usd, clp } = await accounts();
    const usdLink = await openPaymentLink(ledger.context, {
      idempotencyKey: `link-usd-${usd.id}`,
      accountId: usd.id,
      purpose: 'full',
      provider: 'bank_transfer',
    });
    const clpLink = await openPaymentLink(ledger.context, {
      idempotencyKey: `link-clp-${clp.id}`,
      accountId: clp.id,
      purpose: 'full',
      provider: 'bank_transfer',
    });
    if (!usdLink || !clpLink) throw new Error('links were not opened');
    const result = await importFile(
      ledger.context,
      bankFile([
        header,
        `TX-LINK-1,${usdLink.reference.toLowerCase()},1000.00,USD,2026-11-20`,
        `TX-LINK-2,  ${clpLink.reference.toLowerCase()} ,200000,CLP,2026-11-20`,
      ]),
    );
    expect(result.ok && result.summary.outcomes).toEqual([
      {
        line: 2,
        bankTxnId: 'TX-LINK-1',
        kind: 'applied',
        amountMinor: 100_000,
        currency: 'USD',
        accountRef: usd.externalRef,
        linkReference: usdLink.reference,
      },
      {
        line: 3,
        bankTxnId: 'TX-LINK-2',
        kind: 'applied',
        amountMinor: 200_000,
        currency: 'CLP',
        accountRef: clp.externalRef,
        linkReference: clpLink.reference,
      },
    ]);
    expect([await balanceOf(usd.externalRef), await balanceOf(clp.externalRef)]).toEqual([0n, 300_000n]);
    const payment = await ledger.database.prisma.payment.findUniqueOrThrow({ where: { idempotencyKey: 'bank:TX-LINK-1' } });
    expect(payment.linkId).toBe(usdLink.id);
    const status = async (id: string) => (await ledger.database.prisma.paymentLink.findUniqueOrThrow({ where: { id } })).status;
    // The whole amount arrived through the USD link; only part of it through the CLP one, which stays open.
    expect([await status(usdLink.id), await status(clpLink.id)]).toEqual(['paid', 'open']);
    expect((await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: usd.id } })).status).toBe('settled');
  });

  it.skipIf(!available)('in a dry run says what would happen and writes nothing', async () => {
    const { usd } = await accounts();
    await importFile(ledger.context, bankFile([header, `TX-DRY-0,${usd.externalRef},1.00,USD,2026-11-20`]));
    const before = await snapshot();
    const path = bankFile([
      header,
      `TX-DRY-0,${usd.externalRef},1.00,USD,2026-11-20`,
      `TX-DRY-1,${usd.externalRef},20.00,USD,2026-11-20`,
      'TX-DRY-2,nobody,3.00,USD,2026-11-20',
    ]);
    const dry = await importFile(ledger.context, path, true);
    expect(dry.ok && dry.summary).toMatchObject({
      dryRun: true,
      applied: 1,
      appliedMinorByCurrency: { USD: 2_000 },
      duplicates: 1,
      unmatched: 1,
    });
    expect(await snapshot()).toEqual(before);
    const real = await importFile(ledger.context, path);
    expect(real.ok && real.summary).toMatchObject({ dryRun: false, applied: 1, duplicates: 1, unmatched: 1 });
    expect(await balanceOf(usd.externalRef)).toBe(97_900n);
  });
});

describe('npm run payments:import (the command)', () => {
  const cli = fileURLToPath(new URL('../payments-import-cli.ts', import.meta.url));
  let database: TempDatabase;
  beforeAll(async () => {
    database = await openTempDatabase('sqlite');
    expect((await importPortfolio(database, samplePortfolio, { todayIso: '2026-11-23' })).ok).toBe(true);
  });
  afterAll(async () => {
    await database?.destroy();
  });
  const run = (args: string[]) =>
    execFileAsync(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: database.url } }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const balanceOf = async (externalRef: string) =>
    (await database.prisma.account.findUniqueOrThrow({ where: { externalRef } })).balanceMinor;

  it(
    'imports the sample once, counts duplicates the second time, and prints every problem of a bad file',
    { timeout: 120_000 },
    async () => {
      const dry = await run([sampleBankFile, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('line 2: BCH-20261120-000118: apply 125000 CLP to account CL-00000001');
      expect(dry.stdout).toContain('line 5: BCH-20261120-000121: unmatched 50000 CLP (an agent matches it)');
      expect(dry.stdout).toContain(
        'Dry run (nothing written): would apply 3 payments (125000 CLP, 1538.80 PEN, 25.50 USD), 0 duplicates, 1 unmatched',
      );
      expect(await balanceOf('CL-00000001')).toBe(3_423_473n);

      const first = await run([sampleBankFile]);
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toBe(
        'Applied 3 payments (125000 CLP, 1538.80 PEN, 25.50 USD), 0 duplicates, 1 unmatched (waiting for an agent in the console)',
      );
      expect(await balanceOf('CL-00000001')).toBe(3_298_473n);

      const second = await run([sampleBankFile]);
      expect([second.code, second.stdout.trim()]).toEqual([
        0,
        'Applied 0 payments, 4 duplicates, 0 unmatched (waiting for an agent in the console)',
      ]);
      expect(await balanceOf('CL-00000001')).toBe(3_298_473n);

      const bad = await run([
        bankFile([
          header,
          'TX-CLI-1,CL-00000001,1000,CLP,2026-11-20',
          'TX-CLI-2,SV-00000060,12.345,USD,2026-11-20',
          'TX-CLI-3,SV-00000060,1,CLP,2026-11-20',
        ]),
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('line 3: amount: USD has at most 2 decimals, got "12.345"');
      expect(bad.stderr).toContain('line 4: currency: account SV-00000060 is in USD, not CLP');
      expect(bad.stderr).toContain('2 problems found; nothing was written.');
      expect(await balanceOf('CL-00000001')).toBe(3_298_473n);

      const missing = await run([join(folder, 'nope.csv')]);
      expect([missing.code, missing.stderr.trim()]).toEqual([1, `cannot read ${join(folder, 'nope.csv')}`]);
      expect((await run([])).code).toBe(2);
      expect((await run([sampleBankFile, '--force'])).code).toBe(2);
    },
  );
});
