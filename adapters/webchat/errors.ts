import type { ErrorRequestHandler, Response } from 'express';
import { errorForLog } from '../../bot/log-scrub.js';
import { CodedError } from '../../ledger/index.js';
import type { WebChatLogger } from './logger.js';

/** A Direct Line error answer: the HTTP status and the `{ error: { code, message } }` body the real service sends. */
export class DirectLineError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/** Writes a Direct Line `ErrorResponse` (`{ error: { code, message } }`). */
export function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}

/**
 * Error boundary of the web-chat routes: a DirectLineError is answered as is, body-parser failures become
 * 400 BadArgument / 413 (Direct Line's codes), anything else a 500 that is logged masked and without request data.
 */
export function makeErrorHandler(logger: WebChatLogger): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) return next(error);
    if (error instanceof DirectLineError) return sendError(response, error.status, error.code, error.message);
    const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
    if (type === 'entity.parse.failed') return sendError(response, 400, 'BadArgument', 'The request body is not valid JSON');
    if (type === 'entity.too.large') return sendError(response, 413, 'MessageSizeTooBig', 'The request body is too large');
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendError(response, status, 'BadArgument', 'The request could not be read');
    logger.error({ err: errorForLog(error) }, 'web chat request failed');
    sendError(response, 500, 'ServiceError', 'internal error');
  };
}
