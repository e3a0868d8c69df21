import { isIsoDate, isTimeZone } from '../calendar.js';
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
const maxLength: Partial<Record<PortfolioColumn, number>> = { debtor_id: 64, account_ref: 64, full_name: 200, document_type: 20, document_number: 40, product: 80, email: 200 };

/**
 * Validates and normalises one CSV record (`todayIso` bounds dates of birth). Returns the row, or
 * every problem found in it.
 */
export function parsePortfolioRecord(fields: readonly string[], line: number, todayIso: string): { row: PortfolioRow } | { problems: RowProblem[] } {
  if (fields.length !== portfolioColumns.length) {
    return { problems: [{ line, column: '(row)', reason: `expected ${portfolioColumns.length} columns, found ${fields.length}` }] };
  }
  const problems: RowProblem[] = [];
  const value = {} as Record<PortfolioColumn, string>;
  portfolioColumns.forEach((column, index) => {
    value[column] = (fields[index] ?? '').replaceAll('\u0000', '').trim();
  });
  const problem = (column: PortfolioColumn, reason: string) => problems.push({ line, column, reason });

  for (const column of ['debtor_id', 'full_name', 'document_type', 'document_number', 'date_of_birth', 'language', 'country', 'timezone', 'account_ref', 'product', 'currency', 'original_amount', 'balance', 'due_date'] as const) {
    if (value[column] === '') problem(column, 'is required');
  }
  for (const [column, limit] of Object.entries(maxLength) as [PortfolioColumn, number][]) {
    if (value[column].length > limit) problem(column, `is longer than ${limit} characters`);
  }

  const documentType = value.document_type.toUpperCase();
  const documentNumberNormalized = normalizeDocumentNumber(value.document_number);
  if (value.document_number !== '' && documentNumberNormalized === '') problem('document_number', 'has no letters or digits');
  if (documentType === 'RUT' && documentNumberNormalized !== '' && !isValidRut(value.document_number)) problem('document_number', 'is not a valid RUT (check digit)');

  if (value.date_of_birth !== '') {
    if (!isIsoDate(value.date_of_birth)) problem('date_of_birth', 'must be a real date written YYYY-MM-DD');
    else if (value.date_of_birth > todayIso || value.date_of_birth < '1900-01-01') problem('date_of_birth', 'is not a plausible date of birth');
  }
  if (value.due_date !== '' && !isIsoDate(value.due_date)) problem('due_date', 'must be a real date written YYYY-MM-DD');
  if (value.phone !== '' && !(phonePattern.test(value.phone) && value.phone.replace(/\D/g, '').length >= 6 && value.phone.replace(/\D/g, '').length <= 15)) {
    problem('phone', 'must be a phone number such as +56912345678');
  }
  if (value.email !== '' && !emailPattern.test(value.email)) problem('email', 'is not an email address');
  const language = value.language.toLowerCase();
  if (value.language !== '' && language !== 'es' && language !== 'en') problem('language', 'must be es or en');
  const country = value.country.toUpperCase();
  if (value.country !== '' && !/^[A-Z]{2}$/.test(country)) problem('country', 'must be a two-letter ISO 3166 code such as CL');
  if (value.timezone !== '' && !isTimeZone(value.timezone)) problem('timezone', 'is not an IANA time zone such as America/Santiago');

  const currency = value.currency.toUpperCase();
  const amounts: Partial<Record<'original_amount' | 'balance', number>> = {};
  if (value.currency !== '' && !isCurrencyCode(currency)) problem('currency', `is not supported (use one of ${currencyCodes.join(', ')})`);
  else if (isCurrencyCode(currency)) {
    for (const column of ['original_amount', 'balance'] as const) {
      if (value[column] === '') continue;
      if (value[column].startsWith('-')) {
        problem(column, 'must not be negative');
        continue;
      }
      try {
        amounts[column] = parseMajorToMinor(value[column], currency);
      } catch (error) {
        problem(column, (error as Error).message);
      }
    }
  }

  if (problems.length > 0 || !isCurrencyCode(currency) || amounts.original_amount === undefined || amounts.balance === undefined) {
    return { problems };
  }
  return {
    row: {
      line,
      debtor: {
        externalId: value.debtor_id,
        fullName: value.full_name,
        documentType,
        documentNumber: value.document_number,
        documentNumberNormalized,
        dateOfBirthIso: value.date_of_birth,
        phone: value.phone,
        email: value.email,
        language: language === 'en' ? 'en' : 'es',
        country,
        timezone: value.timezone,
      },
      account: {
        externalRef: value.account_ref,
        product: value.product,
        currency,
        originalAmountMinor: amounts.original_amount,
        balanceMinor: amounts.balance,
        dueDateIso: value.due_date,
      },
    },
  };
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
