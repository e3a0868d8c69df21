import pino, { type Logger } from 'pino';

/** Field names whose values are personal data, redacted wherever they appear in a log line (two levels deep). */
const personalFields = ['documentNumber', 'documentNumberNormalized', 'document_number', 'dateOfBirthIso', 'date_of_birth', 'dateOfBirth', 'phone', 'phoneLast4', 'text', 'email'];

/** Masks what looks like a document number, a date or a phone number in free text. */
export function scrubText(text: string): string {
  return text
    .replace(/\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, '[date]')
    .replace(/\+?\d[\d .()-]{5,}\d/g, '[number]')
    .replace(/\b[A-Z]{4}\d{6}[A-Z0-9]{8}\b/gi, '[document]');
}

/** An error as a log line may carry it: its name and its message, masked (by default with `scrubText`). */
export function errorForLog(error: unknown, mask: (text: string) => string = scrubText): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: mask(error.message) } : { name: 'unknown', message: mask(String(error)) };
}

/** JSON-lines logger (pino) that redacts documents, dates of birth, phone numbers and message text. */
export function makeLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = personalFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
  return pino(
    {
      level,
      redact: { paths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>;
          return method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}
