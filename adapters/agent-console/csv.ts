// CSV downloads as RFC 4180 writes them (csv-stringify): comma-separated, CRLF line ends, a field quoted when it holds
// a comma, a quote or a line break; text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
// apostrophe, so an exported file never executes anything when opened.
import { stringify } from 'csv-stringify/sync';

/** One cell: text, a number, or nothing (an empty field). */
export type CsvCell = string | number | null;

/** The rows as one CSV text, each line ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => [...row]),
    { record_delimiter: 'windows', escape_formulas: true },
  );
}
