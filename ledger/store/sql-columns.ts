// Reading columns that the SQL runner returns as the driver gives them: SQLite has no date type (Prisma stores an ISO
// text such as "2026-12-03T05:34:46.343+00:00") and returns integers as bigint; PostgreSQL returns timestamps as Date.

/** A DateTime column as a Date (null stays null); fails loudly on anything that is not a stored instant. */
export function dateColumn(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'bigint' ? Number(value) : (value as string | number));
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a stored instant: ${String(value)}`);
  return date;
}

/** An Int column as a number (SQLite returns bigint, PostgreSQL number). */
export function intColumn(value: unknown): number {
  return Number(value as bigint | number);
}
