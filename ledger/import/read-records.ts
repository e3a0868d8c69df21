import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** One CSV record with the (1-based) line of the file it ends on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** The file is not well-formed CSV at `line` (e.g. a quote never closed). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Streams the records of a UTF-8 CSV file (RFC 4180 quoting, optional BOM, LF or CRLF, blank lines
 * skipped), header included, without loading the file into memory.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, encoding: 'utf8' }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: item.info.lines, fields: item.record };
    }
  } catch (error) {
    const details = error as { code?: string; lines?: number; message?: string };
    if (details.code?.startsWith('CSV_')) throw new CsvSyntaxError(details.lines ?? 0, details.message ?? 'malformed CSV');
    throw error;
  }
}
