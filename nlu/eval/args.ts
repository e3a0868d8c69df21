import { parseArgs } from 'node:util';
import { parseIsoDate } from '../../lib/calendar.js';
import { NLU_MODES, isNluMode } from '../mode.js';
import type { NluMode } from '../mode.js';

/** Usage line of the eval command. */
export const EVAL_USAGE = 'usage: npm run --silent nlu:eval -- <file.jsonl> [--today YYYY-MM-DD] [--mode local|llm|hybrid]';

/** Parsed eval command line. */
export interface EvalArgs {
  readonly file: string;
  /** ISO date the gold dates were written against. */
  readonly today: string;
  readonly mode: NluMode;
}

/** A command line the eval command cannot run with; the message is meant for the user. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the eval arguments; `today` and `mode` default to the given values. */
export function parseEvalArgs(argv: readonly string[], defaults: { today: string; mode: string }): EvalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { today: { type: 'string' }, mode: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${EVAL_USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(EVAL_USAGE);
  const today = parsed.values.today ?? defaults.today;
  if (parseIsoDate(today) === null) throw new UsageError(`--today must be a date YYYY-MM-DD, got "${today}"`);
  const mode = parsed.values.mode ?? defaults.mode;
  if (!isNluMode(mode)) throw new UsageError(`--mode must be one of ${NLU_MODES.join(', ')}, got "${mode}"`);
  return { file, today, mode };
}
