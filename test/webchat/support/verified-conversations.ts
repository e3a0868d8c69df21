// Web chat conversations against the whole server, opened as the widget opens them (token, Start Conversation,
// the WebSocket stream), each verified with the Chilean demo identity: for the memory test and the memory bench.
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { demoIdentities } from '../../../server/demo-data.js';

const [chile] = demoIdentities;

/** One turn of a scripted conversation: what the debtor writes and what the bot's reply must match. */
export interface ScriptedTurn {
  readonly text: string;
  readonly reply: RegExp;
}

/** Six turns: a greeting, the verification (document, then date of birth), the balance, and two goodbyes. */
export const verifiedScript: readonly ScriptedTurn[] = [
  { text: 'hola', reply: /asistente virtual/ },
  { text: chile.document, reply: /fecha de nacimiento/ },
  { text: chile.dateOfBirth, reply: /confirmé tu identidad/ },
  { text: 'cuanto debo', reply: /1\.250\.000/ },
  { text: 'gracias', reply: /Gracias por escribir/ },
  { text: 'chao', reply: /Gracias por escribir/ },
];

interface StreamActivity {
  readonly type?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly from?: { readonly role?: string };
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

/** Runs one conversation to its end: every turn waits for the bot's reply to it on the stream, then the socket closes. */
async function runConversation(baseUrl: string, script: readonly ScriptedTurn[], replyTimeoutMs: number): Promise<void> {
  const { token } = await postJson<{ token: string }>(`${baseUrl}/api/webchat/token`, undefined, undefined);
  const started = await postJson<{ conversationId: string; token: string; streamUrl: string }>(
    `${baseUrl}/v3/directline/conversations`,
    token,
    { locale: 'es-CL' },
  );
  const socket = new WebSocket(started.streamUrl);
  const received: StreamActivity[] = [];
  let check: () => void = () => undefined;
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (text === '') return;
    received.push(...((JSON.parse(text) as { activities?: StreamActivity[] }).activities ?? []));
    check();
  });
  await once(socket, 'open');
  try {
    for (const [index, turn] of script.entries()) {
      const { id } = await postJson<{ id: string }>(
        `${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`,
        started.token,
        {
          type: 'message',
          text: turn.text,
        },
      );
      const answered = () =>
        received.some((activity) => activity.replyToId === id && activity.from?.role === 'bot' && turn.reply.test(activity.text ?? ''));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const replies = received.filter((activity) => activity.replyToId === id).map((activity) => activity.text);
          reject(
            new Error(`no reply matching ${turn.reply} to turn ${index + 1} within ${replyTimeoutMs} ms; got ${JSON.stringify(replies)}`),
          );
        }, replyTimeoutMs);
        check = () => {
          if (!answered()) return;
          clearTimeout(timer);
          resolve();
        };
        check();
      });
    }
  } finally {
    socket.close();
  }
}

/** Runs `count` conversations of `script` (default: the verified one), `concurrency` at a time; rejects on the first that goes wrong. */
export async function runConversations(
  baseUrl: string,
  options: {
    readonly count: number;
    readonly concurrency: number;
    readonly script?: readonly ScriptedTurn[];
    readonly replyTimeoutMs?: number;
  },
): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < options.count) {
      started += 1;
      await runConversation(baseUrl, options.script ?? verifiedScript, options.replyTimeoutMs ?? 30_000);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
}

/** This process's memory after full garbage collections: the JS heap in use and the resident set, in bytes. */
export function memoryAfterGc(): { readonly heapUsedBytes: number; readonly rssBytes: number } {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  collect();
  collect();
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, rssBytes: usage.rss };
}
