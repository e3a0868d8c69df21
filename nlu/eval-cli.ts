// The NLU evaluation command (DESIGN §5): `npm run --silent nlu:eval -- <file.jsonl> [--today YYYY-MM-DD] [--mode local|llm|hybrid]`.
// It is the one place in nlu/ that reads the environment: NLU_MODE (default mode), OPENAI_API_KEY, OPENAI_BASE_URL,
// OPENAI_MODEL and NLU_LLM_TIMEOUT_MS (for --mode llm or hybrid).
import { pino } from 'pino';
import { UsageError, parseEvalArgs } from './eval/args.js';
import { readGoldFile } from './eval/gold.js';
import { evaluate } from './eval/metrics.js';
import { formatReport, formatSummaryLine } from './eval/report.js';
import { recognizeAll } from './eval/run-eval.js';
import { llmSettingsFromEnv } from './llm/env.js';
import type { LlmSettings } from './llm/ask-llm.js';

/** Exit code for a bad command line or missing LLM settings. */
const EXIT_USAGE = 2;
/** Exit code for an unreadable or invalid corpus file, or a failed run. */
const EXIT_FAILURE = 1;

async function main(): Promise<void> {
  const args = parseEvalArgs(process.argv.slice(2), {
    today: new Date().toLocaleDateString('en-CA'),
    mode: process.env['NLU_MODE'] ?? 'local',
  });
  const lines = await readGoldFile(args.file);
  let openai: LlmSettings | undefined;
  if (args.mode !== 'local') {
    try {
      openai = llmSettingsFromEnv(process.env);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  // Loaded only once the input is known to be good: the models take a moment to import and start.
  const { makeRecognizer } = await import('./make-recognizer.js');
  const logger = pino({ level: 'warn', base: null }, pino.destination(2));
  const recognizer = await makeRecognizer({ mode: args.mode, logger, ...(openai === undefined ? {} : { openai }) });
  const scored = await recognizeAll(recognizer, lines, args.today);
  const evaluation = evaluate(scored);
  process.stdout.write(`${formatReport(evaluation, scored)}\n`);
  process.stdout.write(`${formatSummaryLine(evaluation.summary)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(error instanceof UsageError ? `${message}\n` : `nlu:eval: ${message}\n`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
});
