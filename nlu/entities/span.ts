/** A half-open [start, end) range of UTF-16 offsets in a message. */
export type Span = readonly [start: number, end: number];

/** Whether two spans share at least one character. */
export function overlaps(a: Span, b: Span): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Whether a span overlaps any of the given spans. */
export function overlapsAny(span: Span, others: readonly Span[]): boolean {
  return others.some((other) => overlaps(span, other));
}
