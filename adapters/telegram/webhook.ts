import { timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import type { Update } from 'telegraf/types';

/** The header Telegram sends the webhook's secret token in. */
export const secretTokenHeader = 'x-telegram-bot-api-secret-token';

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUpdate(body: unknown): body is Update {
  return typeof body === 'object' && body !== null && Number.isInteger((body as { update_id?: unknown }).update_id);
}

/**
 * The webhook endpoint Telegram posts updates to: 401 without the right secret token, 400 for a body that is
 * no update, 200 once the update is processed, 500 when processing failed (Telegram then delivers it again).
 */
export function webhookRouter(path: string, secret: string, receive: (update: Update) => Promise<void>, logger: Logger): Router {
  const router = Router();
  router.post(path, express.json({ limit: '1mb' }), async (request: Request, response: Response) => {
    if (!sameSecret(request.get(secretTokenHeader), secret)) {
      response.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (!isUpdate(request.body)) {
      response.status(400).json({ error: 'the body is not a Telegram update' });
      return;
    }
    try {
      await receive(request.body);
      response.status(200).json({});
    } catch (error) {
      logger.error({ updateId: request.body.update_id, err: errorForLog(error) }, 'telegram: update failed');
      response.status(500).json({ error: 'the update could not be processed' });
    }
  });
  return router;
}
