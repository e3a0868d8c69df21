// The daily bank file (`npm run payments:import`): reads and checks its lines on their own; the ledger checks follow
// in service/bank-payments.ts.
import { z } from 'zod';
import { isIsoDate } from '../../lib/calendar.js';
import { currencyCodes, isCurrencyCode, parseMajorToMinor, type CurrencyCode } from '../money/index.js';
import { CsvSyntaxError, readCsvRecords } from './read-records.js';

/** The bank file's columns (any order in the file, no others). */
export const bankFileColumns = ['bank_txn_id', 'reference', 'amount', 'currency', 'paid_on'] as const;

/** One column name of the bank file. */
export type BankFileColumn = (typeof bankFileColumns)[number];

/** One problem with one line of the bank file: printed as `line N: column: reason`. */
export interface BankFileProblem {
  readonly line: number;
  readonly column: BankFileColumn | '(row)' | '(file)';
  readonly reason: string;
}

/** A line of the bank file that is well formed: the amount exact in minor units of its currency. */
export interface BankPaymentLine {
  /** The file's (1-based) line number. */
  readonly line: number;
  /** The bank's unique id of the transaction. */
  readonly bankTxnId: string;
  /** What the payer quoted: a payment link's reference or the lender's account reference; may be empty. */
  readonly reference: string;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly paidOnIso: string;
}

/** What reading a bank file found: its well-formed lines, and every problem (the file is only imported without any). */
export interface BankFileReading {
  readonly lines: BankPaymentLine[];
  readonly problems: BankFileProblem[];
}

/**
 * The shortest bank transaction id: it becomes the idempotency key `bank:<id>`, and the ledger takes keys of 8
 * characters or more.
 */
const minTxnIdLength = 3;
const maxTxnIdLength = 100;
const maxReferenceLength = 200;

/** The shape of one line, column by column (the amount is then read in the line's currency). */
const lineSchema = z.object({
  bank_txn_id: z
    .string()
    .min(1, { error: 'is required', abort: true })
    .refine(
      (text) => text.length >= minTxnIdLength && text.length <= maxTxnIdLength,
      `must be ${minTxnIdLength} to ${maxTxnIdLength} characters`,
    ),
  reference: z.string().max(maxReferenceLength, `is longer than ${maxReferenceLength} characters`),
  amount: z
    .string()
    .min(1, { error: 'is required', abort: true })
    .refine((text) => !text.startsWith('-'), 'must be positive'),
  currency: z
    .string()
    .min(1, { error: 'is required', abort: true })
    .transform((text) => text.toUpperCase())
    .refine(isCurrencyCode, `is not supported (use one of ${currencyCodes.join(', ')})`),
  paid_on: z.string().min(1, { error: 'is required', abort: true }).refine(isIsoDate, 'must be a real date written YYYY-MM-DD'),
});

/** Where each column is in the file, read from its header; or the problems with the header. */
export function readBankHeader(fields: readonly string[]): { positions: Record<BankFileColumn, number> } | { problems: BankFileProblem[] } {
  const names = fields.map((field) => field.trim().toLowerCase());
  const problem = (reason: string): BankFileProblem => ({ line: 1, column: '(file)', reason });
  if (names.length === 1 && names[0]?.includes(';'))
    return { problems: [problem(`the file is separated by semicolons: only commas are supported (header ${bankFileColumns.join(',')})`)] };
  const problems: BankFileProblem[] = [];
  const missing = bankFileColumns.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(bankFileColumns as readonly string[]).includes(name));
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (missing.length > 0) problems.push(problem(`header is missing ${missing.join(', ')}`));
  if (unknown.length > 0)
    problems.push(
      problem(
        `header has columns the bank file does not take: ${unknown.map((name) => name || '(empty)').join(', ')} (only ${bankFileColumns.join(', ')})`,
      ),
    );
  if (repeated.length > 0) problems.push(problem(`header names ${repeated.join(', ')} more than once`));
  if (problems.length > 0) return { problems };
  return {
    positions: Object.fromEntries(bankFileColumns.map((column) => [column, names.indexOf(column)])) as Record<BankFileColumn, number>,
  };
}

/** Problems in the order of the contract's columns, so a line's report reads left to right. */
function sortedByColumn(problems: BankFileProblem[]): BankFileProblem[] {
  const position = (column: BankFileProblem['column']) => (bankFileColumns as readonly string[]).indexOf(column);
  return [...problems].sort((a, b) => position(a.column) - position(b.column));
}

/** Validates one record of the bank file (columns at `positions`): the line, or every problem found in it. */
export function parseBankRecord(
  fields: readonly string[],
  line: number,
  positions: Record<BankFileColumn, number>,
): { line: BankPaymentLine } | { problems: BankFileProblem[] } {
  if (fields.length !== bankFileColumns.length)
    return { problems: [{ line, column: '(row)', reason: `expected ${bankFileColumns.length} columns, found ${fields.length}` }] };
  const raw = Object.fromEntries(
    bankFileColumns.map((column) => [column, (fields[positions[column]] ?? '').replaceAll('\u0000', '').trim()]),
  ) as Record<BankFileColumn, string>;
  const parsed = lineSchema.safeParse(raw);
  const problems: BankFileProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ line, column: issue.path[0] as BankFileColumn, reason: issue.message }));
  const currency = raw.currency.toUpperCase();
  let amountMinor: number | undefined;
  if (isCurrencyCode(currency) && raw.amount !== '' && !raw.amount.startsWith('-')) {
    try {
      amountMinor = parseMajorToMinor(raw.amount, currency);
      if (amountMinor <= 0) problems.push({ line, column: 'amount', reason: 'must be positive' });
    } catch (error) {
      problems.push({ line, column: 'amount', reason: (error as Error).message });
    }
  }
  if (!parsed.success || problems.length > 0 || amountMinor === undefined) return { problems: sortedByColumn(problems) };
  return {
    line: {
      line,
      bankTxnId: parsed.data.bank_txn_id,
      reference: parsed.data.reference,
      amountMinor,
      currency: parsed.data.currency as CurrencyCode,
      paidOnIso: parsed.data.paid_on,
    },
  };
}

/**
 * Reads a bank file (UTF-8, optional BOM, comma separated, RFC 4180 quoting, a header naming the columns in any order)
 * and checks every line on its own and against the others: the well-formed lines, and every problem (a bad field, a
 * `bank_txn_id` repeated in the file, a bad header, an empty file, malformed CSV).
 */
export async function readBankFile(path: string): Promise<BankFileReading> {
  const lines: BankPaymentLine[] = [];
  const problems: BankFileProblem[] = [];
  const txnLines = new Map<string, number>();
  let positions: Record<BankFileColumn, number> | undefined;
  let header = true;
  let records = 0;
  try {
    for await (const record of readCsvRecords(path)) {
      if (header) {
        header = false;
        const read = readBankHeader(record.fields);
        if ('problems' in read) {
          problems.push(...read.problems);
          break;
        }
        positions = read.positions;
        continue;
      }
      if (!positions) break;
      records += 1;
      const parsed = parseBankRecord(record.fields, record.line, positions);
      if ('problems' in parsed) problems.push(...parsed.problems);
      const txnId = record.fields.length === bankFileColumns.length ? (record.fields[positions.bank_txn_id] ?? '').trim() : '';
      const earlier = txnId === '' ? undefined : txnLines.get(txnId);
      if (earlier !== undefined) {
        problems.push({
          line: record.line,
          column: 'bank_txn_id',
          reason: `duplicate of line ${earlier}: a bank transaction is imported once`,
        });
        continue;
      }
      if (txnId !== '') txnLines.set(txnId, record.line);
      if ('line' in parsed) lines.push(parsed.line);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ line: error.line, column: '(file)', reason: error.message });
  }
  if (header) problems.push({ line: 1, column: '(file)', reason: 'the file is empty: a header line is required' });
  else if (positions && records === 0 && problems.length === 0)
    problems.push({ line: 1, column: '(file)', reason: 'the file has no payment lines (only a header)' });
  problems.sort((a, b) => a.line - b.line);
  return { lines, problems };
}
