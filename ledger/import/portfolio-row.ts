import { z } from 'zod';
import { isIsoDate, isTimeZone } from '../../lib/calendar.js';
import { isValidRut, normalizeDocumentNumber } from '../documents.js';
import { currencyCodes, isCurrencyCode, parseMajorToMinor, type CurrencyCode } from '../money/index.js';

/** The import columns, in order (DESIGN §3, contract). */
export const portfolioColumns = [
  'debtor_id',
  'full_name',
  'document_type',
  'document_number',
  'date_of_birth',
  'phone',
  'email',
  'language',
  'country',
  'timezone',
  'account_ref',
  'product',
  'currency',
  'original_amount',
  'balance',
  'due_date',
] as const;

/** One column name of the import. */
export type PortfolioColumn = (typeof portfolioColumns)[number];

/** One problem with one line: printed as `line N: column: reason`. */
export interface RowProblem {
  readonly line: number;
  readonly column: PortfolioColumn | '(row)' | '(file)';
  readonly reason: string;
}

/** The debtor fields of a row, normalised. */
export interface DebtorFields {
  readonly externalId: string;
  readonly fullName: string;
  readonly documentType: string;
  readonly documentNumber: string;
  readonly documentNumberNormalized: string;
  readonly dateOfBirthIso: string;
  readonly phone: string;
  readonly email: string;
  readonly language: 'es' | 'en';
  readonly country: string;
  readonly timezone: string;
}

/** The account fields of a row, money in minor units. */
export interface AccountFields {
  readonly externalRef: string;
  readonly product: string;
  readonly currency: CurrencyCode;
  readonly originalAmountMinor: number;
  readonly balanceMinor: number;
  readonly dueDateIso: string;
}

/** A valid row. */
export interface PortfolioRow {
  readonly line: number;
  readonly debtor: DebtorFields;
  readonly account: AccountFields;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9][0-9 ()-]{5,24}$/;
const oldestBirthIso = '1900-01-01';

/** A column that must not be empty, at most `limit` characters when given. */
function required(limit?: number) {
  const filled = z.string().min(1, { error: 'is required', abort: true });
  return limit === undefined ? filled : filled.max(limit, `is longer than ${limit} characters`);
}

/** True for a phone number such as +56912345678 (6 to 15 digits). */
function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return phonePattern.test(text) && digits >= 6 && digits <= 15;
}

const isoDate = required().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');
const amount = required().refine((text) => !text.startsWith('-'), 'must not be negative');

/** The shape of one record, column by column (cross-column checks follow in `parsePortfolioRecord`). */
function makeRecordSchema(todayIso: string) {
  return z.object({
    debtor_id: required(64),
    full_name: required(200),
    document_type: required(20).transform((text) => text.toUpperCase()),
    document_number: required(40).refine((text) => normalizeDocumentNumber(text) !== '', 'has no letters or digits'),
    date_of_birth: isoDate.refine((text) => text <= todayIso && text >= oldestBirthIso, 'is not a plausible date of birth'),
    phone: z.string().refine((text) => text === '' || isPhone(text), 'must be a phone number such as +56912345678'),
    email: z
      .string()
      .max(200, 'is longer than 200 characters')
      .refine((text) => text === '' || emailPattern.test(text), 'is not an email address'),
    language: required()
      .transform((text) => text.toLowerCase())
      .pipe(z.enum(['es', 'en'], 'must be es or en')),
    country: required()
      .transform((text) => text.toUpperCase())
      .refine((text) => /^[A-Z]{2}$/.test(text), 'must be a two-letter ISO 3166 code such as CL'),
    timezone: required().refine(isTimeZone, 'is not an IANA time zone such as America/Santiago'),
    account_ref: required(64),
    product: required(80),
    currency: required()
      .transform((text) => text.toUpperCase())
      .refine(isCurrencyCode, `is not supported (use one of ${currencyCodes.join(', ')})`),
    original_amount: amount,
    balance: amount,
    due_date: isoDate,
  });
}

/** The record schemas built so far, by the day that bounds dates of birth (an import uses one day). */
const recordSchemas = new Map<string, ReturnType<typeof makeRecordSchema>>();

/** The record schema for `todayIso`, built once. */
function recordSchema(todayIso: string): ReturnType<typeof makeRecordSchema> {
  let schema = recordSchemas.get(todayIso);
  if (!schema) {
    if (recordSchemas.size > 8) recordSchemas.clear();
    schema = makeRecordSchema(todayIso);
    recordSchemas.set(todayIso, schema);
  }
  return schema;
}

/** Minor units of an amount column in `currency`, or the reason it cannot be read. */
function readAmount(text: string, currency: CurrencyCode): { amountMinor: number } | { reason: string } {
  try {
    return { amountMinor: parseMajorToMinor(text, currency) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/**
 * Validates and normalises one CSV record (`todayIso` bounds dates of birth). Returns the row, or
 * every problem found in it.
 */
export function parsePortfolioRecord(
  fields: readonly string[],
  line: number,
  todayIso: string,
): { row: PortfolioRow } | { problems: RowProblem[] } {
  if (fields.length !== portfolioColumns.length) {
    return { problems: [{ line, column: '(row)', reason: `expected ${portfolioColumns.length} columns, found ${fields.length}` }] };
  }
  const raw = Object.fromEntries(
    portfolioColumns.map((column, index) => [column, (fields[index] ?? '').replaceAll('\u0000', '').trim()]),
  ) as Record<PortfolioColumn, string>;
  const parsed = recordSchema(todayIso).safeParse(raw);
  const problems: RowProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ line, column: issue.path[0] as PortfolioColumn, reason: issue.message }));
  const problem = (column: PortfolioColumn, reason: string) => problems.push({ line, column, reason });

  // Checks across columns: a RUT's check digit, and amounts read in the row's currency.
  if (raw.document_type.toUpperCase() === 'RUT' && normalizeDocumentNumber(raw.document_number) !== '' && !isValidRut(raw.document_number))
    problem('document_number', 'is not a valid RUT (check digit)');
  const currency = raw.currency.toUpperCase();
  const amounts: Partial<Record<'original_amount' | 'balance', number>> = {};
  if (isCurrencyCode(currency)) {
    for (const column of ['original_amount', 'balance'] as const) {
      if (raw[column] === '' || raw[column].startsWith('-')) continue;
      const read = readAmount(raw[column], currency);
      if ('reason' in read) problem(column, read.reason);
      else amounts[column] = read.amountMinor;
    }
  }
  if (!parsed.success || problems.length > 0 || amounts.original_amount === undefined || amounts.balance === undefined)
    return { problems: sortedByColumn(problems) };
  const value = parsed.data;
  return {
    row: {
      line,
      debtor: {
        externalId: value.debtor_id,
        fullName: value.full_name,
        documentType: value.document_type,
        documentNumber: value.document_number,
        documentNumberNormalized: normalizeDocumentNumber(value.document_number),
        dateOfBirthIso: value.date_of_birth,
        phone: value.phone,
        email: value.email,
        language: value.language,
        country: value.country,
        timezone: value.timezone,
      },
      account: {
        externalRef: value.account_ref,
        product: value.product,
        currency: value.currency as CurrencyCode,
        originalAmountMinor: amounts.original_amount,
        balanceMinor: amounts.balance,
        dueDateIso: value.due_date,
      },
    },
  };
}

/** Problems in the order of the contract's columns, so a line's report reads left to right. */
function sortedByColumn(problems: RowProblem[]): RowProblem[] {
  const position = (column: RowProblem['column']) => (portfolioColumns as readonly string[]).indexOf(column);
  return [...problems].sort((a, b) => position(a.column) - position(b.column));
}

/** The problems with a header line, or none when it is exactly the contract's columns. */
export function checkHeader(fields: readonly string[]): RowProblem[] {
  const names = fields.map((field) => field.trim().toLowerCase());
  const missing = portfolioColumns.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(portfolioColumns as readonly string[]).includes(name));
  const problems: RowProblem[] = [];
  if (missing.length > 0) problems.push({ line: 1, column: '(file)', reason: `header is missing ${missing.join(', ')}` });
  if (unknown.length > 0) problems.push({ line: 1, column: '(file)', reason: `header has unknown columns ${unknown.join(', ')}` });
  if (problems.length === 0 && names.some((name, index) => name !== portfolioColumns[index])) {
    problems.push({ line: 1, column: '(file)', reason: `columns must be in this order: ${portfolioColumns.join(',')}` });
  }
  return problems;
}
