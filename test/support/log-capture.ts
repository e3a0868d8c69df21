// Log lines of the tests, kept in memory and checked (DESIGN §11): the loggers are the production ones (makeLogger)
// at 'debug', and after each test file every line is run through the identity-data detector; any hit fails the file.
import { relative } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import { expect } from 'vitest';
import { makeLogger, scrubForLog, scrubText } from '../../server/logger.js';

/** One line a logger wrote, with the test file and the test that were running. */
export interface CapturedLine {
  readonly line: string;
  readonly file: string;
  readonly test: string;
}

/** An in-memory log sink with the production loggers that write to it and the detector that checks it. */
export class LogCapture {
  /** Every line written, in order. */
  readonly lines: CapturedLine[] = [];

  /** A pino destination keeping each line here, tagged with the running test. */
  readonly destination: DestinationStream = {
    write: (line: string) => {
      const { testPath, currentTestName } = expect.getState();
      this.lines.push({
        line,
        file: testPath === undefined ? 'unknown file' : relative(process.cwd(), testPath),
        test: currentTestName ?? '(outside a test)',
      });
    },
  };

  /** The production logger (`makeLogger`) at `level`, writing here. */
  logger(level = 'debug'): Logger {
    return makeLogger(level, this.destination);
  }

  /** The lines that carry identity data. */
  hits(): CapturedLine[] {
    return this.lines.filter(({ line }) => carriesIdentityData(line));
  }

  /** Forgets every line. */
  clear(): void {
    this.lines.length = 0;
  }
}

/** True when the detector finds identity data in a string of `line` (a JSON log line; any other text as a whole). */
export function carriesIdentityData(line: string): boolean {
  const parsed = parseLine(line);
  return parsed === undefined ? scrubText(line) !== line : stringsIn(parsed).some((text) => scrubText(text) !== text);
}

/** `line` as the detector would mask it, for a failure message that does not itself leak. */
export function maskedLine(line: string): string {
  const parsed = parseLine(line);
  return parsed === undefined ? scrubText(line.trimEnd()) : JSON.stringify(scrubForLog(parsed));
}

/** Throws, listing each offending line masked with its file and test, when `capture` holds identity data. */
export function assertNoIdentityData(capture: LogCapture): void {
  const hits = capture.hits();
  if (hits.length === 0) return;
  const listed = hits.slice(0, 10).map(({ line, file, test }) => `  ${file} › ${test}\n    ${maskedLine(line)}`);
  throw new Error(`${hits.length} log line(s) carry identity data (DESIGN §11), shown masked:\n${listed.join('\n')}`);
}

/** The capture every end-to-end app and bot harness of the running test file logs into (checked after the file). */
export const testLogs = new LogCapture();

function parseLine(line: string): unknown {
  try {
    const parsed = JSON.parse(line) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Every string in `value`, object keys included (numbers such as `time` and `pid` are not identity data). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  return [];
}
