// Plain HTTP and WebSocket helpers for Direct Line contract tests (what a client does, step by step).
import WebSocket from 'ws';

/** Direct Line's Conversation object as our server answers it. */
export interface ConversationBody {
  readonly conversationId: string;
  readonly token: string;
  readonly expires_in: number;
  readonly streamUrl: string;
}

/** A wire activity, loosely typed. */
export interface WireActivity {
  readonly id: string;
  readonly type: string;
  readonly text?: string;
  readonly from: { readonly id: string; readonly name?: string; readonly role?: string };
  readonly [field: string]: unknown;
}

/** Direct Line's ActivitySet. */
export interface ActivitySet {
  readonly activities: WireActivity[];
  readonly watermark?: string;
}

/** Sends a request to the server; `token` becomes the Bearer credential, `body` JSON unless it is a string. */
export function call(
  baseUrl: string,
  path: string,
  options: { readonly method?: string; readonly token?: string; readonly body?: unknown; readonly headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return fetch(`${baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** What the widget does first: a token from POST /api/webchat/token, then Start Conversation. */
export async function startConversation(baseUrl: string): Promise<ConversationBody & { readonly userId: string }> {
  const tokenResponse = await call(baseUrl, '/api/webchat/token', { method: 'POST' });
  const { token, userId } = (await tokenResponse.json()) as { token: string; userId: string };
  const started = await call(baseUrl, '/v3/directline/conversations', { method: 'POST', token });
  if (started.status !== 201) throw new Error(`start conversation answered ${started.status}`);
  return { ...((await started.json()) as ConversationBody), userId };
}

/** Posts a message and returns the id the server answered. */
export async function say(
  baseUrl: string,
  conversation: { readonly conversationId: string; readonly token: string },
  text: string,
): Promise<string> {
  const response = await call(baseUrl, `/v3/directline/conversations/${conversation.conversationId}/activities`, {
    token: conversation.token,
    body: { type: 'message', text, from: { id: 'x' } },
  });
  if (response.status !== 200) throw new Error(`post activity answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** Get Activities after a watermark. */
export async function activitiesAfter(
  baseUrl: string,
  conversation: { readonly conversationId: string; readonly token: string },
  watermark?: string,
): Promise<ActivitySet> {
  const query = watermark === undefined ? '' : `?watermark=${encodeURIComponent(watermark)}`;
  const response = await call(baseUrl, `/v3/directline/conversations/${conversation.conversationId}/activities${query}`, {
    token: conversation.token,
  });
  return (await response.json()) as ActivitySet;
}

/** An open stream socket and every ActivitySet it received (empty keep-alive messages are counted apart). */
export interface OpenStream {
  readonly socket: WebSocket;
  readonly sets: ActivitySet[];
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
  /** All activities received so far, in order. */
  activities(): WireActivity[];
  /** Resolves once at least `count` activities arrived. */
  waitForActivities(count: number, timeoutMs?: number): Promise<WireActivity[]>;
}

/** Opens a stream URL; rejects with the HTTP status if the upgrade is refused. */
export function openStream(streamUrl: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(streamUrl);
    const sets: ActivitySet[] = [];
    const listeners = new Set<() => void>();
    const closed = new Promise<{ code: number; reason: string }>((resolveClosed) =>
      socket.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() })),
    );
    const activities = () => sets.flatMap((set) => set.activities);
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text === '') return;
      sets.push(JSON.parse(text) as ActivitySet);
      for (const listener of listeners) listener();
    });
    socket.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        socket,
        sets,
        closed,
        activities,
        waitForActivities: (count, timeoutMs = 5000) =>
          new Promise((resolveWait, rejectWait) => {
            const check = () => {
              if (activities().length < count) return;
              listeners.delete(check);
              clearTimeout(timer);
              resolveWait(activities());
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              rejectWait(new Error(`only ${activities().length} of ${count} activities arrived`));
            }, timeoutMs);
            listeners.add(check);
            check();
          }),
      }),
    );
  });
}
