// A Direct Line load driver: N concurrent web-chat conversations, each opened as the widget opens one
// (POST /api/webchat/token, Start Conversation, the WebSocket stream) and each running its own script of
// user messages, one turn at a time. A turn's latency is from the POST of the user's message to the first
// bot message replying to it (matched by replyToId through the echo of the user's own activity).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/**
 * What each conversation says: a fixed list of messages, or the next message given the bot's last reply, the
 * turn's index and the conversation's index (null ends the conversation).
 */
export type ConversationScript =
  readonly string[] | ((lastBotReply: string | null, turnIndex: number, conversationIndex: number) => string | null);

/** Settings of a load run. */
export interface DirectLineLoadOptions {
  /** The bot server, e.g. http://127.0.0.1:3978 (its token endpoint must allow this many tokens from one IP). */
  readonly baseUrl: string;
  /** Concurrent conversations. */
  readonly conversations: number;
  /** The script every conversation follows. */
  readonly script: ConversationScript;
  /** Locale sent when starting each conversation (default 'es-CL'). */
  readonly locale?: string;
  /** Longest wait for a turn's first reply and for its POST, in ms (default 30,000); a turn over it fails and ends its conversation. */
  readonly turnTimeoutMs?: number;
}

/** Figures of a load run: turns completed, wall time of the turns in seconds, throughput and latency percentiles in ms. */
export interface DirectLineLoadResult {
  readonly turns: number;
  readonly failedTurns: number;
  readonly seconds: number;
  readonly turnsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

interface StreamActivity {
  readonly id?: string;
  readonly type?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly from?: { readonly role?: string };
  readonly channelData?: { readonly clientActivityID?: string };
}

/** One open conversation: its credentials, its socket and what it is waiting for. */
class LoadConversation {
  private readonly listeners = new Set<(activity: StreamActivity) => void>();
  lastBotReply: string | null = null;

  private constructor(
    private readonly baseUrl: string,
    private readonly conversationId: string,
    private token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text === '') return;
      const set = JSON.parse(text) as { activities?: StreamActivity[] };
      for (const activity of set.activities ?? []) {
        if (activity.type === 'message' && activity.from?.role === 'bot' && typeof activity.text === 'string')
          this.lastBotReply = activity.text;
        for (const listener of this.listeners) listener(activity);
      }
    });
  }

  /** Opens a conversation the way the widget does. */
  static async open(baseUrl: string, locale: string): Promise<LoadConversation> {
    const issued = await postJson<{ token: string }>(`${baseUrl}/api/webchat/token`, undefined, undefined);
    const started = await postJson<{ conversationId: string; token: string; streamUrl: string }>(
      `${baseUrl}/v3/directline/conversations`,
      issued.token,
      { locale },
    );
    const socket = new WebSocket(started.streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new LoadConversation(baseUrl, started.conversationId, started.token, socket);
  }

  /** Sends one message and resolves with the latency to the bot's first reply, in ms, once the turn is over. */
  async turn(text: string, timeoutMs: number): Promise<number> {
    const clientActivityId = randomUUID();
    let userActivityId: string | undefined;
    let listener: ((activity: StreamActivity) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const startedMs = performance.now();
    const firstReply = new Promise<number>((resolve, reject) => {
      listener = (activity) => {
        if (activity.channelData?.clientActivityID === clientActivityId) userActivityId = activity.id;
        else if (
          userActivityId &&
          activity.type === 'message' &&
          activity.from?.role === 'bot' &&
          (activity.replyToId === userActivityId || activity.replyToId === undefined)
        ) {
          resolve(performance.now() - startedMs);
        }
      };
      this.listeners.add(listener);
      timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const posted = postJson(`${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`, this.token, {
        type: 'message',
        text,
        channelData: { clientActivityID: clientActivityId },
      });
      const [latencyMs] = await Promise.all([firstReply, posted]);
      return latencyMs;
    } finally {
      clearTimeout(timer);
      if (listener) this.listeners.delete(listener);
    }
  }

  close(): void {
    this.socket.close();
  }
}

async function postJson<T>(url: string, token: string | undefined, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
  return (await response.json()) as T;
}

function nextMessage(script: ConversationScript, lastBotReply: string | null, turnIndex: number, conversationIndex: number): string | null {
  return typeof script === 'function' ? script(lastBotReply, turnIndex, conversationIndex) : (script[turnIndex] ?? null);
}

function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil(sortedMs.length * fraction) - 1)] ?? 0;
}

/** Runs the conversations concurrently (after all are open) and measures their turns. */
export async function runDirectLineLoad(options: DirectLineLoadOptions): Promise<DirectLineLoadResult> {
  const timeoutMs = options.turnTimeoutMs ?? 30_000;
  const conversations = await Promise.all(
    Array.from({ length: options.conversations }, () => LoadConversation.open(options.baseUrl, options.locale ?? 'es-CL')),
  );
  const latenciesMs: number[] = [];
  let failedTurns = 0;
  const startedMs = performance.now();
  try {
    await Promise.all(
      conversations.map(async (conversation, index) => {
        for (let turnIndex = 0; ; turnIndex += 1) {
          const text = nextMessage(options.script, conversation.lastBotReply, turnIndex, index);
          if (text === null) return;
          try {
            latenciesMs.push(await conversation.turn(text, timeoutMs));
          } catch {
            failedTurns += 1;
            return;
          }
        }
      }),
    );
  } finally {
    for (const conversation of conversations) conversation.close();
  }
  const seconds = (performance.now() - startedMs) / 1000;
  latenciesMs.sort((a, b) => a - b);
  return {
    turns: latenciesMs.length,
    failedTurns,
    seconds,
    turnsPerSecond: seconds > 0 ? latenciesMs.length / seconds : 0,
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
  };
}
