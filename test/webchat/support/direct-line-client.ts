// The official Direct Line client (botframework-directlinejs, CJS) in Node: it expects a browser's
// XMLHttpRequest and WebSocket globals, provided here by xhr2 and ws before it is loaded.
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import type * as DirectLineModule from 'botframework-directlinejs';
import type { Activity, DirectLine, DirectLineOptions, Message } from 'botframework-directlinejs';

const require = createRequire(import.meta.url);
Object.assign(globalThis, { XMLHttpRequest: require('xhr2') as unknown, WebSocket });
const directLineModule = require('botframework-directlinejs') as typeof DirectLineModule;

/** The client library's connection states. */
export const ConnectionStatus = directLineModule.ConnectionStatus;

/** Options of the official client, plus the services it accepts at run time (its reconnect delay comes from `random`). */
export type ClientOptions = DirectLineOptions & { readonly random?: () => number };

/** An official Direct Line client with everything it received, in order. */
export class ClientSession {
  readonly directLine: DirectLine;
  readonly activities: Activity[] = [];
  /** Why the activity stream stopped, once it did. */
  streamError: unknown;
  private readonly waiters = new Set<() => void>();

  constructor(options: ClientOptions) {
    this.directLine = new directLineModule.DirectLine(options);
    this.directLine.activity$.subscribe({
      next: (activity) => {
        this.activities.push(activity);
        for (const waiter of this.waiters) waiter();
      },
      // The client ends its activity stream with an error once end() is called or the conversation is gone.
      error: (error: unknown) => {
        this.streamError = error;
      },
    });
  }

  /** Messages the bot sent, in order. */
  botMessages(): Message[] {
    return this.activities.filter((activity): activity is Message => activity.type === 'message' && activity.from.role === 'bot');
  }

  /** Posts an activity as the client does and resolves with the id the server answered. */
  post(activity: Partial<Activity> & { readonly type: Activity['type'] }): Promise<string> {
    return new Promise((resolve, reject) => {
      this.directLine
        .postActivity({ from: { id: 'ignored-client-id', name: 'Tester' }, ...activity } as Activity)
        .subscribe({ next: (id: string) => resolve(id), error: reject });
    });
  }

  /** Posts a text message. */
  say(text: string, extra: Partial<Message> = {}): Promise<string> {
    return this.post({ type: 'message', text, ...extra });
  }

  /** Resolves with the first received activity matching `predicate` (already received ones count). */
  waitFor(predicate: (activity: Activity) => boolean, timeoutMs = 10_000): Promise<Activity> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.activities.find(predicate);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `no matching activity within ${timeoutMs} ms; got ${JSON.stringify(this.activities.map((activity) => [activity.type, 'text' in activity ? activity.text?.slice(0, 40) : undefined]))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the bot's message with exactly this text. */
  waitForBotText(text: string, timeoutMs?: number): Promise<Activity> {
    return this.waitFor((activity) => activity.type === 'message' && activity.from.role === 'bot' && activity.text === text, timeoutMs);
  }

  /** Stops the client (no more polling or reconnects). */
  end(): void {
    this.directLine.end();
  }
}
