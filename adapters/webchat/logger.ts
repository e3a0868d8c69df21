import type { Logger } from 'pino';

/** The part of a pino logger the web chat uses (it never logs message text or tokens). */
export type WebChatLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** Logs a failed turn with its conversation id and the error's name and message only. */
export function logTurnFailure(logger: WebChatLogger, conversationId: string, error: unknown, what = 'web chat turn failed'): void {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  logger.error({ conversationId, err: { name, message } }, what);
}
