// The generic signed payment webhook (DESIGN §13): POST /payments/webhook for any gateway without its own adapter.
// The body is checked against `X-Signature: sha256=<hex HMAC-SHA256 of the raw body with PAYMENTS_WEBHOOK_SECRET>`
// before it is even parsed; then the payment is applied once per event id.
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { IdempotencyConflictError, PaymentRefusedError, recordGatewayPayment, type LedgerContext } from '../../ledger/index.js';

/** Where the webhook listens. */
export const paymentWebhookPath = '/payments/webhook';

const eventSchema = z.strictObject({
  event_id: z.string().min(1).max(200),
  account_ref: z.string().min(1).max(200),
  amount: z.string().min(1).max(40),
  currency: z.string().min(3).max(3),
  paid_at: z.string().min(10).max(40),
});

/** True when `header` is `sha256=<hex>` of the HMAC-SHA256 of `body` with `secret` (compared in constant time). */
export function hasValidSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}

/** The webhook's router; without a secret it answers 503 (it cannot check who is asking). `onApplied` runs after a payment applied. */
export function paymentWebhookRouter(options: {
  readonly ledger: LedgerContext;
  readonly secret: string | undefined;
  readonly logger: Logger;
  readonly onApplied?: () => void;
}): Router {
  const router = express.Router();
  const fail = (response: express.Response, status: number, code: string, message: string) =>
    response.status(status).json({ error: { code, message } });
  router.post(paymentWebhookPath, express.raw({ type: () => true, limit: '16kb' }), async (request, response, next) => {
    try {
      if (!options.secret) return fail(response, 503, 'not_configured', 'set PAYMENTS_WEBHOOK_SECRET to receive payment notifications');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!hasValidSignature(body, request.get('X-Signature'), options.secret))
        return fail(response, 401, 'bad_signature', 'X-Signature must be sha256=<hex HMAC-SHA256 of the raw body>');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return fail(response, 400, 'invalid_json', 'the body is not JSON');
      }
      const event = eventSchema.safeParse(parsed);
      if (!event.success)
        return fail(
          response,
          400,
          'invalid_body',
          event.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
        );
      const { event_id: eventId, account_ref: accountRef, amount, currency, paid_at: paidAt } = event.data;
      const outcome = await recordGatewayPayment(options.ledger, { eventId, accountRef, amount, currency, paidAt, source: 'webhook' });
      options.logger.info({ eventId, applied: outcome.applied, duplicate: outcome.duplicate }, 'payment webhook');
      if (outcome.applied) options.onApplied?.();
      return response.status(200).json(outcome.duplicate ? { applied: false, duplicate: true } : { applied: true });
    } catch (error) {
      if (error instanceof PaymentRefusedError) return fail(response, 422, error.code, error.message);
      if (error instanceof IdempotencyConflictError)
        return fail(response, 409, error.code, 'this event_id was already applied with a different content');
      return next(error);
    }
  });
  return router;
}
