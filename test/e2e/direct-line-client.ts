import type { Activity } from 'botframework-directlinejs';
import { ClientSession } from '../webchat/support/direct-line-client.js';

/** A debtor's web chat through the official Direct Line client. */
export interface ChatClient {
  readonly conversationId: () => string | undefined;
  readonly token: () => string | undefined;
  /** Sends a message and waits for a new bot reply whose text matches. */
  say(text: string, expected: RegExp, timeoutMs?: number): Promise<string>;
  end(): void;
}

/** Gets a widget token from the server (as the widget does) and opens a conversation with the official client. */
export async function openChat(baseUrl: string, options: { webSocket: boolean; locale?: string }): Promise<ChatClient> {
  const response = await fetch(`${baseUrl}/api/webchat/token`, { method: 'POST', headers: { origin: baseUrl } });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const session = new ClientSession({ token, domain: `${baseUrl}/v3/directline`, webSocket: options.webSocket, pollingInterval: 200 });
  const client = session.directLine as unknown as { conversationId?: string; token?: string };
  return {
    conversationId: () => client.conversationId,
    token: () => client.token,
    async say(text, expected, timeoutMs = 15_000) {
      const from = session.activities.length;
      await session.say(text, { locale: options.locale ?? 'es-CL' });
      const isNewMatchingReply = (activity: Activity) =>
        session.activities.indexOf(activity) >= from && activity.type === 'message' && activity.from.role === 'bot' && expected.test(String(activity.text));
      const reply = await session.waitFor(isNewMatchingReply, timeoutMs);
      return String('text' in reply ? reply.text : '');
    },
    end: () => session.end(),
  };
}
