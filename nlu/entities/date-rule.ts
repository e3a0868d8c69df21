import type { Language } from '../locale.js';
import type { DateDirection } from '../types.js';

/**
 * One way of writing a date: a global pattern over folded text and how to resolve a match from `today` toward the past or
 * the future (null = no day in that direction).
 */
export interface DateRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** "hoy" and the like: yields to any other day named in the message and is not hidden from the classifier. */
  readonly weak?: true;
  resolve(match: RegExpExecArray, today: string, language: Language, direction: DateDirection): string | null;
}
