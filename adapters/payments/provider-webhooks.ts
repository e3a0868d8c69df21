// The webhook of each hosted-checkout provider: POST /payments/<provider>/webhook. The provider verifies its own
// signature scheme on the raw body and reads the event; the ledger applies it once per provider event.
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import {
  IdempotencyConflictError,
  NotFoundError,
  PaymentRefusedError,
  recordLinkPayment,
  reverseProviderPayment,
  type LedgerContext,
} from '../../ledger/index.js';
import { errorForLog } from '../../bot/log-scrub.js';
import type { PaymentProvider, ProviderEvent } from './provider.js';

/** What the provider webhooks need; `onApplied` runs after a payment or reversal was applied (e.g. to send the receipt). */
export interface ProviderWebhookOptions {
  readonly ledger: LedgerContext;
  readonly providers: readonly PaymentProvider[];
  readonly logger: Logger;
  readonly onApplied: () => void;
}

/** Where a provider's webhook listens. */
export function providerWebhookPath(name: PaymentProvider['name']): string {
  return `/payments/${name}/webhook`;
}

async function apply(ledger: LedgerContext, provider: PaymentProvider, event: ProviderEvent) {
  switch (event.kind) {
    case 'paid':
      return recordLinkPayment(ledger, {
        eventId: event.eventId,
        linkId: event.linkId,
        source: provider.name,
        providerPaymentId: event.providerPaymentId,
        amountMinor: event.amountMinor,
        currency: event.currency,
        paidAt: event.paidAt,
      });
    case 'reversed':
      return reverseProviderPayment(ledger, {
        eventId: event.eventId,
        source: provider.name,
        providerPaymentId: event.providerPaymentId,
        reason: event.reason,
        reversedOnIso: new Date().toISOString().slice(0, 10),
      });
    case 'ignored':
      return { applied: false, duplicate: false };
  }
}

/**
 * One route per configured provider. 401 and nothing written when the signature fails; 200 once applied, for a
 * duplicate, or for an event that does not concern the ledger; 422 for a payment the ledger refuses (unknown link or
 * payment, another currency); 409 for an event id seen with other content; 503 when the provider's API could not be
 * read (the provider retries).
 */
export function providerWebhookRouter(options: ProviderWebhookOptions): Router {
  const router = express.Router();
  const fail = (response: express.Response, status: number, code: string, message: string) =>
    response.status(status).json({ error: { code, message } });
  for (const provider of options.providers) {
    router.post(providerWebhookPath(provider.name), express.raw({ type: () => true, limit: '64kb' }), async (request, response) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), [value].flat().join(', ')]),
      );
      const query = Object.fromEntries(
        Object.entries(request.query).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
      );
      let event: ProviderEvent | null;
      try {
        event = await provider.readWebhook({ rawBody, headers, query });
      } catch (error) {
        options.logger.warn({ provider: provider.name, err: errorForLog(error) }, 'payment notification not readable');
        return fail(response, 503, 'provider_unavailable', 'the notification could not be read; retry later');
      }
      if (!event) return fail(response, 401, 'bad_signature', `the ${provider.name} signature is missing or wrong`);
      try {
        const outcome = await apply(options.ledger, provider, event);
        options.logger.info({ provider: provider.name, eventId: event.eventId, kind: event.kind, ...outcome }, 'payment notification');
        if (outcome.applied) options.onApplied();
        if (event.kind === 'ignored') return response.status(200).json({ applied: false, ignored: event.why });
        return response.status(200).json(outcome.duplicate ? { applied: false, duplicate: true } : { applied: true });
      } catch (error) {
        if (error instanceof PaymentRefusedError) return fail(response, 422, error.code, error.message);
        if (error instanceof NotFoundError) return fail(response, 422, 'unknown_payment', 'no payment of this provider has that id');
        if (error instanceof IdempotencyConflictError)
          return fail(response, 409, error.code, 'this event was already applied with other content');
        options.logger.error({ provider: provider.name, err: errorForLog(error) }, 'payment notification failed');
        return fail(response, 500, 'internal', 'the notification could not be applied; retry later');
      }
    });
  }
  return router;
}
