// The WhatsApp Business Cloud API channel (DESIGN §6): Meta's official HTTP API, beside the Baileys channel. The webhook
// brings messages and delivery statuses; replies, agents' messages and reminders go out through the Graph API.
import type { Router } from 'express';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import type { TurnLogic } from '../shared/channel-adapter.js';
import { chatTag } from '../shared/chat-tag.js';
import { WhatsAppCloudAdapter } from './cloud-adapter.js';
import { WhatsAppCloudError } from './errors.js';
import { defaultGraphApiRoot, makeGraphApi, type GraphApi } from './graph-api.js';
import { readPayload, type WhatsAppCloudStatus } from './incoming.js';
import { OptionIds } from './option-ids.js';
import { CloudOutbox, type CloudRetryOptions } from './outbox.js';
import { templateMessage, textMessages, type TemplateMessage } from './outgoing.js';
import { webhookPath, webhookRouter } from './webhook.js';

export { WhatsAppCloudAdapter } from './cloud-adapter.js';
export { WhatsAppCloudError, type WhatsAppCloudErrorKind } from './errors.js';
export { defaultGraphApiRoot, type GraphApi, type SendMessage } from './graph-api.js';
export { whatsAppCloudChannelId, type WhatsAppCloudStatus } from './incoming.js';
export { defaultCloudRetry, type CloudRetryOptions } from './outbox.js';
export type { TemplateMessage } from './outgoing.js';
export { signatureOf, signatureHeader } from './signature.js';
export { webhookPath } from './webhook.js';

/** Longest wait, on stop, for queued messages to go out, in ms. */
const drainOnStopMs = 5_000;

/** Settings of the Cloud API channel (WHATSAPP_CLOUD_*). */
export interface WhatsAppCloudOptions {
  /** A system user's access token with whatsapp_business_messaging. */
  readonly token: string;
  /** The business phone number's id in Meta's dashboard (not the number). */
  readonly phoneNumberId: string;
  /** The app's secret: every webhook body is signed with it. */
  readonly appSecret: string;
  /** The token typed in Meta's dashboard when subscribing the webhook. */
  readonly verifyToken: string;
  /** The Graph API root with its version (default Meta's https://graph.facebook.com/v21.0; tests: a local fake). */
  readonly apiRoot?: string;
  /** Runs one turn (the bot's ActivityHandler.run). */
  readonly logic: TurnLogic;
  /** Where the channel logs (never numbers, names or message text). */
  readonly logger: Logger;
  /** How refused messages are retried (default: 5 attempts within 60 s). */
  readonly retry?: CloudRetryOptions;
  /** The Graph API calls (default: over HTTP at `apiRoot`); unit tests pass a stub. */
  readonly graphApi?: GraphApi;
  /** The time in ms since the epoch (default Date.now). */
  readonly now?: () => number;
}

/** The running Cloud API channel: its BotAdapter, its webhook, and what the outbound side sends with. */
export interface WhatsAppCloudChannel {
  /** The BotAdapter: register middleware with adapter.use(...), set adapter.onTurnError, send proactively with continueConversation. */
  readonly adapter: WhatsAppCloudAdapter;
  /** GET and POST /whatsapp/cloud/webhook. */
  readonly router: Router;
  /** Sends a template (outside the 24-hour window), in the user's line; resolves with the message id (wamid). */
  sendTemplate(to: string, template: TemplateMessage): Promise<string>;
  /**
   * Sends free text (inside the 24-hour window; split at 4,096 characters) through the same per-chat line; resolves
   * with the last message's id; rejects with a WhatsAppCloudError (`re_engagement` outside the window, `undeliverable`…).
   */
  sendText(to: string, text: string): Promise<string>;
  /** Calls `listener` with every delivery status the webhook brings; returns what unsubscribes it. */
  onStatus(listener: (status: WhatsAppCloudStatus) => void): () => void;
  /** Takes webhook posts (nothing is registered with Meta: the webhook URL is set in the app's dashboard). */
  start(): Promise<void>;
  /** Answers webhook posts with 503 (Meta delivers them again later), waits for the turns running, sends what is queued (up to 5 s), then gives up the rest. */
  stop(): Promise<void>;
}

/** Builds the Cloud API channel; its webhook takes posts once `start()` ran (before, it answers 503). */
export function makeWhatsAppCloud(options: WhatsAppCloudOptions): WhatsAppCloudChannel {
  const logger = options.logger.child({ channel: 'whatsapp_cloud' });
  const now = options.now ?? Date.now;
  const graphApi =
    options.graphApi ??
    makeGraphApi({ apiRoot: options.apiRoot ?? defaultGraphApiRoot, phoneNumberId: options.phoneNumberId, token: options.token });
  const outbox = new CloudOutbox({ send: graphApi.send, logger, now, ...(options.retry ? { retry: options.retry } : {}) });
  const optionIds = new OptionIds();
  const adapter = new WhatsAppCloudAdapter({ logic: options.logic, outbox, markRead: (id) => graphApi.markRead(id), optionIds, logger });
  const listeners = new Set<(status: WhatsAppCloudStatus) => void>();
  /** Turns started from webhook posts and not finished. */
  const running = new Set<Promise<void>>();
  let accepting = false;

  const emit = (status: WhatsAppCloudStatus): void => {
    for (const listener of listeners) {
      try {
        const result: unknown = listener(status);
        if (result instanceof Promise)
          result.catch((error: unknown) => logger.error({ err: errorForLog(error) }, 'whatsapp cloud: status listener failed'));
      } catch (error) {
        logger.error({ err: errorForLog(error) }, 'whatsapp cloud: status listener failed');
      }
    }
  };

  const receive = (payload: unknown): void => {
    const batch = readPayload(payload, options.phoneNumberId, optionIds, now());
    for (const status of batch.statuses) {
      if (status.status === 'failed')
        logger.warn({ chat: chatTag(status.recipient), code: status.errorCode }, 'whatsapp cloud: a message failed after it was sent');
      emit(status);
    }
    if (batch.activities.length === 0) return;
    const turns = adapter.receive(batch.activities);
    running.add(turns);
    void turns.finally(() => running.delete(turns));
  };

  const sendThrough = async (to: string, messages: Parameters<CloudOutbox['send']>[1]): Promise<string> => {
    if (messages.length === 0) throw new WhatsAppCloudError(100, 400, 'nothing to send');
    const ids = await outbox.send(to, messages);
    return ids[ids.length - 1] ?? '';
  };

  return {
    adapter,
    router: webhookRouter({ verifyToken: options.verifyToken, appSecret: options.appSecret, accepting: () => accepting, receive }),
    sendTemplate: (to, template) => sendThrough(to, [templateMessage(template)]),
    sendText: (to, text) => sendThrough(to, textMessages(text)),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      outbox.start();
      accepting = true;
      logger.info({ webhook: webhookPath }, 'whatsapp cloud: webhook ready');
    },
    async stop() {
      accepting = false;
      await Promise.allSettled([...running]);
      await outbox.drain(drainOnStopMs);
      outbox.stop();
    },
  };
}
