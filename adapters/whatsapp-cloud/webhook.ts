// The webhook Meta calls (DESIGN §6): GET for the subscription handshake, POST for messages and statuses.
import express, { Router } from 'express';
import { hasValidSignature, sameToken, signatureHeader } from './signature.js';
import { isWebhookPayload } from './incoming.js';

/** Where the webhook listens (register PUBLIC_URL + this path in the app's WhatsApp configuration). */
export const webhookPath = '/whatsapp/cloud/webhook';
/** Largest body accepted; Meta batches at most a few hundred KB. */
const bodyLimit = '3mb';

/** What the webhook checks requests with and hands payloads to. */
export interface WebhookOptions {
  /** The token typed in Meta's dashboard when subscribing the webhook (WHATSAPP_CLOUD_VERIFY_TOKEN). */
  readonly verifyToken: string;
  /** The app's secret, the key of every body's signature (WHATSAPP_CLOUD_APP_SECRET). */
  readonly appSecret: string;
  /** False while the channel is stopped: posts get 503 and Meta delivers them again later. */
  readonly accepting: () => boolean;
  /** Takes a signed payload once it was answered (processing must not hold Meta's request). */
  readonly receive: (payload: unknown) => void;
}

/**
 * The webhook's router. GET answers the handshake: `hub.mode=subscribe` with the right `hub.verify_token` gets
 * `hub.challenge` back as text, anything else 403. POST checks `X-Hub-Signature-256` over the raw body before parsing
 * anything (missing or wrong: 401, nothing processed), answers 400 to a body that is no webhook payload, else 200 at
 * once, and then hands the payload over.
 */
export function webhookRouter(options: WebhookOptions): Router {
  const router = Router();
  router.get(webhookPath, (request, response) => {
    const query = request.query as Record<string, unknown>;
    const challenge = query['hub.challenge'];
    if (query['hub.mode'] !== 'subscribe' || !sameToken(query['hub.verify_token'], options.verifyToken) || typeof challenge !== 'string') {
      response.status(403).json({ error: { code: 'forbidden', message: 'wrong verify token' } });
      return;
    }
    response.status(200).type('text/plain').set('x-content-type-options', 'nosniff').send(challenge);
  });
  router.post(webhookPath, express.raw({ type: () => true, limit: bodyLimit }), (request, response) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!hasValidSignature(body, request.get(signatureHeader), options.appSecret)) {
      response
        .status(401)
        .json({ error: { code: 'bad_signature', message: 'X-Hub-Signature-256 must be sha256=<hex HMAC-SHA256 of the body>' } });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      response.status(400).json({ error: { code: 'invalid_json', message: 'the body is not JSON' } });
      return;
    }
    if (!isWebhookPayload(payload)) {
      response.status(400).json({ error: { code: 'invalid_body', message: 'the body is not a WhatsApp webhook payload' } });
      return;
    }
    if (!options.accepting()) {
      response.status(503).json({ error: { code: 'stopping', message: 'the channel is not running' } });
      return;
    }
    response.status(200).json({});
    options.receive(payload);
  });
  return router;
}
