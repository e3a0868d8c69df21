// The Graph API calls the channel makes, both POST {apiRoot}/{phone-number-id}/messages with the Bearer token: send a
// message, and mark a received one as read (with the typing indicator).
import { errorFromAnswer, errorFromNoAnswer, WhatsAppCloudError } from './errors.js';
import type { CloudMessage } from './outgoing.js';

/** Meta's Graph API root the channel uses unless told otherwise. */
export const defaultGraphApiRoot = 'https://graph.facebook.com/v21.0';

/** Where and as whom the channel calls the Graph API. */
export interface GraphApiOptions {
  /** The API root with its version, e.g. https://graph.facebook.com/v21.0 (tests: a local fake). */
  readonly apiRoot: string;
  /** The business phone number's id (not the number itself). */
  readonly phoneNumberId: string;
  /** A system user's access token. */
  readonly token: string;
  /** How long one request may take before it counts as lost, in ms (default 15 s). */
  readonly timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** Sends one message to one user; resolves with its message id (wamid), rejects with a WhatsAppCloudError. */
export type SendMessage = (to: string, message: CloudMessage) => Promise<string>;

/** The Graph API as the channel uses it; each call is one request, never retried here (the outbox decides that). */
export interface GraphApi {
  readonly send: SendMessage;
  /** Marks a received message as read and shows the bot typing (until it answers, at most 25 s); rejects with a WhatsAppCloudError. */
  markRead(messageId: string): Promise<void>;
}

interface SendAnswer {
  readonly messages?: ReadonlyArray<{ readonly id?: unknown }>;
}

/** The Graph API over HTTP. */
export function makeGraphApi(options: GraphApiOptions): GraphApi {
  const url = `${options.apiRoot.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const request = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  /** Posts `payload`; resolves with the answer's JSON body, rejects with the WhatsAppCloudError of any other answer. */
  const post = async (payload: Record<string, unknown>): Promise<unknown> => {
    let response: Response;
    let body: unknown;
    try {
      response = await request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', ...payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
    } catch (error) {
      throw errorFromNoAnswer(error);
    }
    if (!response.ok) throw errorFromAnswer(response.status, body, response.headers.get('retry-after'));
    return body;
  };
  return {
    async send(to, message) {
      const answer = await post({ recipient_type: 'individual', to, ...message });
      const id = (answer as SendAnswer | undefined)?.messages?.[0]?.id;
      if (typeof id !== 'string' || id === '') throw new WhatsAppCloudError(0, 200, 'the answer carried no message id');
      return id;
    },
    async markRead(messageId) {
      await post({ status: 'read', message_id: messageId, typing_indicator: { type: 'text' } });
    },
  };
}
