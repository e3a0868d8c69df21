import type { Span } from './span.js';

/** An entity value together with where in the message it was written. */
export interface Found<T> {
  readonly value: T;
  readonly span: Span;
}
