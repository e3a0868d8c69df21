// Errors of the console API: one class with an HTTP status and a stable code, one error boundary
// that answers `{ error: { code, message } }` and never leaks a stack trace or personal data.
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import { CodedError, HandoffStateError, LedgerError, NotFoundError } from '../../ledger/index.js';

/** An expected refusal of the console API: HTTP status, stable code, safe message and optional details. */
export class ConsoleError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code, message);
  }
}

/** Turns a zod failure into a 400 naming the first bad field. */
export function invalidBody(error: z.ZodError): ConsoleError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return new ConsoleError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Parses `value` with `schema`, throwing a 400 ConsoleError when it does not fit. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** Maps the ledger's expected errors onto HTTP answers; null for anything unexpected. */
export function fromLedgerError(error: unknown): ConsoleError | null {
  if (error instanceof HandoffStateError) {
    if (error.code === 'already_taken')
      return new ConsoleError(409, 'already_taken', 'another agent already took this conversation', { holderName: error.holderName });
    if (error.code === 'not_holder')
      return new ConsoleError(403, 'not_holder', 'only the agent holding this conversation (or a supervisor) can do that', {
        holderName: error.holderName,
      });
    return new ConsoleError(409, 'not_queued', 'this conversation is not waiting for or held by an agent');
  }
  if (error instanceof NotFoundError) return new ConsoleError(404, 'not_found', error.message);
  if (error instanceof LedgerError && error.code === 'invalid_money') return new ConsoleError(400, 'invalid_amount', error.message);
  if (error instanceof LedgerError && error.code === 'email_taken') return new ConsoleError(409, 'email_taken', error.message);
  return null;
}

/** Error boundary of the console API; unexpected errors are logged by name/code only and answered 500. */
export function makeErrorHandler(logger: { error: (object: object, message: string) => void }): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) return next(error);
    const known = error instanceof ConsoleError ? error : fromLedgerError(error);
    if (known) {
      response.status(known.status).json({ error: { code: known.code, message: known.message, ...known.details } });
      return;
    }
    const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
    if (type === 'entity.parse.failed')
      return void response.status(400).json({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } });
    if (type === 'entity.too.large')
      return void response.status(413).json({ error: { code: 'too_large', message: 'the request body is too large' } });
    if (typeof status === 'number' && status >= 400 && status < 500)
      return void response.status(status).json({ error: { code: 'bad_request', message: 'the request could not be read' } });
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    logger.error(
      {
        err: { name: typeof name === 'string' ? name : 'unknown', code: typeof code === 'string' ? code : undefined },
        method: request.method,
        route: request.route?.path,
      },
      'agent console request failed',
    );
    response.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
}
