import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';

/** The part of a pino logger the web chat uses (it never logs message text or tokens). */
export type WebChatLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** Logs a failed turn with its conversation id and the error masked (name, message, stack: no identity data). */
export function logTurnFailure(logger: WebChatLogger, conversationId: string, error: unknown, what = 'web chat turn failed'): void {
  logger.error({ conversationId, err: errorForLog(error) }, what);
}
