import { createRequire } from 'node:module';
import type * as DirectLineJs from 'botframework-directlinejs';
import type { Activity } from 'botframework-directlinejs';
import WebSocket from 'ws';

// The official client (CJS) expects browser globals; give it Node's equivalents before loading it.
const require = createRequire(import.meta.url);
Object.assign(globalThis, { XMLHttpRequest: require('xhr2') as unknown, WebSocket });
const { DirectLine } = require('botframework-directlinejs') as typeof DirectLineJs;

/** A debtor's web chat through the official Direct Line client. */
export interface ChatClient {
  readonly conversationId: () => string | undefined;
  readonly token: () => string | undefined;
  /** Sends a message and waits for a bot reply whose text matches. */
  say(text: string, expected: RegExp, timeoutMs?: number): Promise<string>;
  /** All bot messages so far. */
  readonly received: Activity[];
  end(): void;
}

/** Gets a widget token from the server and opens a conversation with the official client. */
export async function openChat(baseUrl: string, options: { webSocket: boolean; locale?: string }): Promise<ChatClient> {
  const response = await fetch(`${baseUrl}/api/webchat/token`, { method: 'POST', headers: { origin: baseUrl } });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const client = new DirectLine({ token, domain: `${baseUrl}/v3/directline`, webSocket: options.webSocket, pollingInterval: 200 });
  const received: Activity[] = [];
  const waiters = new Set<() => void>();
  const subscription = client.activity$.subscribe((activity) => {
    if (activity.from.role === 'user' || activity.type !== 'message') return;
    received.push(activity);
    for (const wake of waiters) wake();
  });
  const userId = `web-user`;
  return {
    conversationId: () => (client as unknown as { conversationId?: string }).conversationId,
    token: () => (client as unknown as { token?: string }).token,
    received,
    async say(text, expected, timeoutMs = 15_000) {
      const from = received.length;
      await new Promise<void>((resolve, reject) => {
        client.postActivity({ type: 'message', text, from: { id: userId }, locale: options.locale ?? 'es-CL' } as Activity).subscribe({ next: () => resolve(), error: reject });
      });
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = received.slice(from).find((activity) => 'text' in activity && expected.test(String(activity.text)));
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(String((match as { text?: string }).text));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no reply matching ${expected} to "${text}"; got: ${received.slice(from).map((activity) => (activity as { text?: string }).text).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    end() {
      subscription.unsubscribe();
      client.end();
    },
  };
}
