import type { SqlExecutor, SqlValue } from '../db/sql-runner.js';
import { chunked } from './chunked.js';

const maxParameters = 30_000;

/** Inserts many rows with multi-row INSERT statements, chunked under the drivers' parameter limits. */
export async function insertRows(
  sql: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(maxParameters / columns.length));
  const columnList = columns.map((column) => `"${column}"`).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (const chunk of chunked(rows, rowsPerStatement)) {
    await sql.execute(`INSERT INTO "${table}" (${columnList}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

/** `?, ?, ?` for an IN list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
