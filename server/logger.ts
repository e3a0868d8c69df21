import pino, { type Bindings, type Logger, type LoggerOptions } from 'pino';
import { errorForLog, scrubForLog } from '../bot/log-scrub.js';

export { errorForLog, scrubForLog, scrubText } from '../bot/log-scrub.js';

/** Field names whose values are personal data, redacted wherever they appear in a log line (two levels deep). */
const personalFields = [
  'documentNumber',
  'documentNumberNormalized',
  'document_number',
  'dateOfBirthIso',
  'date_of_birth',
  'dateOfBirth',
  'phone',
  'phoneLast4',
  'text',
  'email',
];

/** The one error serializer of every logger, under both names code uses (`err`, `error`): masked name, message, stack. */
export const logSerializers = { err: errorForLog, error: errorForLog } as const;

/** Log-method arguments with every string masked; an error logged alone goes under `err` with its masked message. */
function scrubArguments(args: readonly unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first instanceof Error)
    return [{ err: errorForLog(first) }, ...(rest.length > 0 ? rest : [first.message]).map((arg) => scrubForLog(arg))];
  const err = typeof first === 'object' && first !== null ? (first as { err?: unknown }).err : undefined;
  const implied = rest.length === 0 && err instanceof Error ? [err.message] : [];
  return [first, ...rest, ...implied].map((arg) => scrubForLog(arg));
}

/** The options every logger is built with: redaction, the error serializers, and a hook that masks every string logged. */
function loggerOptions(level: string): LoggerOptions {
  const paths = personalFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
  return {
    level,
    redact: { paths, censor: '[redacted]' },
    serializers: logSerializers,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        return method.apply(this, scrubArguments(args) as Parameters<typeof method>);
      },
    },
  };
}

/** Makes `logger` and its descendants mask child bindings too (pino gives children no bindings formatter). */
function scrubChildBindings(logger: Logger): Logger {
  const makeChild = logger.child;
  logger.child = function child(this: Logger, bindings, options) {
    return makeChild.call(this, scrubForLog(bindings) as Bindings, options);
  } as Logger['child'];
  return logger;
}

/** JSON-lines logger (pino) that masks identity data in every message, field and error, and redacts message text. */
export function makeLogger(level: string, destination?: pino.DestinationStream): Logger {
  return scrubChildBindings(pino(loggerOptions(level), destination));
}
