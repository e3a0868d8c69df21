// `npm run payments:import -- <bank-file.csv> [--dry-run]`: applies the daily bank file to the ledger (DESIGN §13).
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { defaultDatabaseUrl, openLedgerDatabase, type LedgerDatabase } from './db/open-database.js';
import { readBankFile } from './import/bank-file.js';
import { minorToMajorString, type CurrencyCode } from './money/index.js';
import { loadPolicy } from './policy/index.js';
import { isMainModule, processIo, type CliIo } from './privacy/debtor-cli.js';
import { importBankPayments, type BankFileProblem, type BankImportSummary } from './service/bank-payments.js';

const usage = 'usage: npm run payments:import -- <bank-file.csv> [--dry-run]';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "125000 CLP, 25.50 USD": what was applied, per currency (never summed across currencies). */
function totalsText(totals: BankImportSummary['appliedMinorByCurrency']): string {
  return (Object.entries(totals) as [CurrencyCode, number][])
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amountMinor]) => `${minorToMajorString(amountMinor, currency)} ${currency}`)
    .join(', ');
}

/** The summary line: `Applied N payments (amounts per currency), D duplicates, U unmatched (waiting for an agent in the console)`. */
export function summaryLine(summary: BankImportSummary): string {
  const totals = totalsText(summary.appliedMinorByCurrency);
  const applied = `${plural(summary.applied, 'payment')}${totals ? ` (${totals})` : ''}`;
  const rest = `${plural(summary.duplicates, 'duplicate')}, ${summary.unmatched} unmatched`;
  return summary.dryRun
    ? `Dry run (nothing written): would apply ${applied}, ${rest} (would wait for an agent in the console)`
    : `Applied ${applied}, ${rest} (waiting for an agent in the console)`;
}

/** One line of a dry run's report: what the line would do. */
function outcomeLine(outcome: BankImportSummary['outcomes'][number]): string {
  const head = `line ${outcome.line}: ${outcome.bankTxnId}:`;
  if (outcome.kind === 'duplicate') return `${head} duplicate (imported before, nothing changes)`;
  const amount = `${minorToMajorString(outcome.amountMinor, outcome.currency)} ${outcome.currency}`;
  if (outcome.kind === 'unmatched') return `${head} unmatched ${amount} (an agent matches it)`;
  return `${head} apply ${amount} to account ${outcome.accountRef}${outcome.linkReference ? ` (payment link ${outcome.linkReference})` : ''}`;
}

function printProblems(problems: readonly BankFileProblem[], io: CliIo): void {
  for (const problem of problems) io.err(`line ${problem.line}: ${problem.column}: ${problem.reason}`);
}

/** The command: returns the exit code (0 imported, 1 problems or failure, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.err(usage);
    return 2;
  }
  try {
    await access(file);
  } catch {
    io.err(`cannot read ${file}`);
    return 1;
  }
  const dryRun = parsed.values['dry-run'] === true;
  let database: LedgerDatabase | undefined;
  try {
    const reading = await readBankFile(file);
    const policy = await loadPolicy(io.env.POLICY_FILE || undefined);
    database = await openLedgerDatabase(io.env.DATABASE_URL || defaultDatabaseUrl);
    const context = { prisma: database.prisma, sql: database.sql, policy };
    const result = await importBankPayments(context, reading.lines, { dryRun, fileProblems: reading.problems });
    if (!result.ok) {
      printProblems(result.problems, io);
      if (result.partial) {
        io.out(summaryLine(result.partial));
        io.err(
          `${plural(result.problems.length, 'line')} refused while applying (the ledger changed meanwhile); the other lines were applied. ` +
            'Import the corrected file again: lines already applied count as duplicates.',
        );
      } else io.err(`${plural(result.problems.length, 'problem')} found; nothing was written.`);
      return 1;
    }
    if (result.summary.dryRun) for (const outcome of result.summary.outcomes) io.out(outcomeLine(outcome));
    io.out(summaryLine(result.summary));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `import failed: ${message}${dryRun ? '' : ' (lines applied before the failure stay applied; importing the file again is safe)'}`,
    );
    return 1;
  } finally {
    await database?.close();
  }
}

if (isMainModule(import.meta.url)) main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
