import type { Activity } from 'botframework-directlinejs';
import { ClientSession } from '../webchat/support/direct-line-client.js';

/** A debtor's web chat through the official Direct Line client. */
export interface ChatClient {
  readonly conversationId: () => string | undefined;
  readonly token: () => string | undefined;
  /** Sends a message and waits for a new bot reply whose text matches. */
  say(text: string, expected: RegExp, timeoutMs?: number): Promise<string>;
  /** Clicks the suggested action (of the latest bot message offering some) whose title matches, as Web Chat sends it; waits for a matching reply. */
  choose(option: RegExp, expected: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for a bot message the debtor did not ask for (a receipt, a notice) whose text matches; it may already be there. */
  heard(expected: RegExp, timeoutMs?: number): Promise<Activity>;
  end(): void;
}

/** Gets a widget token from the server (as the widget does) and opens a conversation with the official client. */
export async function openChat(baseUrl: string, options: { webSocket: boolean; locale?: string }): Promise<ChatClient> {
  const response = await fetch(`${baseUrl}/api/webchat/token`, { method: 'POST', headers: { origin: baseUrl } });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const session = new ClientSession({ token, domain: `${baseUrl}/v3/directline`, webSocket: options.webSocket, pollingInterval: 200 });
  const client = session.directLine as unknown as { conversationId?: string; token?: string };
  const chat: ChatClient = {
    conversationId: () => client.conversationId,
    token: () => client.token,
    async say(text, expected, timeoutMs = 15_000) {
      const from = session.activities.length;
      await session.say(text, { locale: options.locale ?? 'es-CL' });
      const isNewMatchingReply = (activity: Activity) =>
        session.activities.indexOf(activity) >= from &&
        activity.type === 'message' &&
        activity.from.role === 'bot' &&
        expected.test(String(activity.text));
      const reply = await session.waitFor(isNewMatchingReply, timeoutMs);
      return String('text' in reply ? reply.text : '');
    },
    async choose(option, expected, timeoutMs) {
      const offering = [...session.activities]
        .reverse()
        .find(
          (activity) => activity.type === 'message' && activity.from.role === 'bot' && (activity.suggestedActions?.actions.length ?? 0) > 0,
        );
      const actions = offering?.type === 'message' ? (offering.suggestedActions?.actions ?? []) : [];
      const action = actions.find((candidate) => option.test(candidate.title ?? ''));
      if (!action)
        throw new Error(`no suggested action matching ${option} (offered: ${actions.map((candidate) => candidate.title).join(', ')})`);
      return chat.say(String(action.value), expected, timeoutMs);
    },
    heard: (expected, timeoutMs = 15_000) =>
      session.waitFor(
        (activity) => activity.type === 'message' && activity.from.role === 'bot' && expected.test(String(activity.text)),
        timeoutMs,
      ),
    end: () => session.end(),
  };
  return chat;
}
