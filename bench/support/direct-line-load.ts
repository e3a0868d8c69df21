// A light Direct Line 3.0 load driver: many web-chat conversations opened as the widget opens them (POST
// /api/webchat/token, Start Conversation, then the WebSocket stream or, with the `rest` transport, polling Get
// Activities with the watermark), each following the demo script (verify → balance → questions) one turn at a time.
// Plain node:http with keep-alive sockets and `ws`, so that the load costs little next to the server it drives.
// A turn's latency is from the POST of the user's message to the first bot message after it.
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { demoIdentities } from '../../server/demo-data.js';
import { cpuSeconds, runQueueSeconds } from './processes.js';

/** How replies reach the client: the WebSocket stream (as Web Chat does by default) or polling Get Activities. */
export type DirectLineTransport = 'ws' | 'rest';

/**
 * A load scenario, as the bench hands it to the load process (JSON).
 * - `closed`: `conversations` at once, each sending its next message as soon as the reply came; `rounds` times with
 *   fresh conversations (only the turns are timed, not the opening).
 * - `paced`: `conversations` users who pause `thinkMs` between a reply and their next message (first messages spread
 *   over one pause).
 * - `held`: `conversations` new conversations, `concurrency` at a time, each runs its turns and is left open on
 *   the server (the socket is closed, the conversation is not ended).
 */
export interface LoadScenario {
  readonly kind: 'closed' | 'paced' | 'held';
  /** The server, e.g. http://127.0.0.1:3978. */
  readonly baseUrl: string;
  readonly transport: DirectLineTransport;
  readonly conversations: number;
  /** Turns of each conversation (the first six: ask balance, identity, balance, payment methods, help, balance). */
  readonly turnsPerConversation: number;
  /** `closed`: how many rounds of fresh conversations (default 1). */
  readonly rounds?: number;
  /** `paced`: pause between a reply and the next message, in ms. */
  readonly thinkMs?: number;
  /** `held`: conversations running at once. */
  readonly concurrency?: number;
  /** Wait for the server's greeting before the first message (the project greets; the echo bot does not). */
  readonly awaitGreeting: boolean;
  /** Index of the first conversation (chooses the demo identity and language: even Spanish, odd English). */
  readonly firstConversation?: number;
  /** A turn without a reply after this long counts as timed out and ends its conversation, in ms. */
  readonly turnTimeoutMs: number;
  /** The server's process id, to read its CPU time over the timed phase (Linux /proc). */
  readonly serverPid?: number;
}

/** Figures of a scenario run, as the load process prints them (JSON). */
export interface LoadResult {
  readonly turns: number;
  /** Turns whose POST failed (HTTP error, 502 BotError, connection reset). */
  readonly failedTurns: number;
  /** Turns with no bot reply within `turnTimeoutMs`. */
  readonly timedOutTurns: number;
  /** Up to three distinct reasons of failed turns and failed openings, for a look at what went wrong. */
  readonly failureSamples: readonly string[];
  /** Seconds of the timed phase (closed: the turns only; paced and held: everything after opening). */
  readonly seconds: number;
  readonly turnsPerSecond: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The slowest 1 % of turns (at least one), slowest first: which turn of its conversation, when in the timed phase, how long. */
  readonly slowestTurns: readonly SlowTurn[];
  /** Conversations opened, and seconds spent opening them (token, start, stream), all rounds together. */
  readonly conversationsOpened: number;
  readonly openFailures: number;
  readonly openSeconds: number;
  /** Conversations whose balance answer listed the demo debtor's accounts (the identity was accepted). */
  readonly verifiedConversations: number;
  /** CPU the load process used during the timed phase, as a share of one core (100 = one core busy). */
  readonly loadCpuPercent: number;
  /** CPU the server used during the timed phase, likewise (NaN without `serverPid`). */
  readonly serverCpuPercent: number;
  /** Share of the timed phase the server's event loop waited for its core (its own GC or worker threads, other processes), in %. */
  readonly serverWaitedForCpuPercent: number;
  /** Likewise for the load process. */
  readonly loadWaitedForCpuPercent: number;
}

/** One slow turn, to see what the tail is made of. */
export interface SlowTurn {
  /** Its place in the conversation's script (0: the first message, 1: the identity). */
  readonly turnIndex: number;
  /** When its message was sent, in seconds since the timed phase began. */
  readonly atSeconds: number;
  readonly ms: number;
}

/** The demo script of conversation `index`: even indexes the Chilean identity in Spanish, odd the US one in English. */
export function demoScript(index: number): { readonly locale: string; readonly messages: (turnIndex: number) => string } {
  const english = index % 2 === 1;
  const identity = demoIdentities.find((candidate) => candidate.label.endsWith(english ? '(en)' : '(es)')) ?? demoIdentities[0];
  const opening = english
    ? ['how much do I owe', `${identity.document} ${identity.dateOfBirth}`, 'what is my balance', 'how can I pay', 'help']
    : ['cuánto debo', `${identity.document} ${identity.dateOfBirth}`, 'cuál es mi saldo', 'cómo puedo pagar', 'ayuda'];
  const questions = english ? ['how much do I owe', 'how can I pay', 'help'] : ['cuánto debo', 'cómo puedo pagar', 'ayuda'];
  return {
    locale: english ? 'en-US' : 'es-CL',
    messages: (turnIndex) => opening[turnIndex] ?? questions[(turnIndex - opening.length) % questions.length] ?? 'help',
  };
}

/** What a verified balance answer contains: the accounts, each with its last four digits. */
const verifiedPattern = /(terminada en|ending in) \d{4}/;

interface Activity {
  readonly id?: string;
  readonly type?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly from?: { readonly role?: string };
  readonly channelData?: { readonly clientActivityID?: string };
}

interface ActivitySet {
  readonly activities?: readonly Activity[];
  readonly watermark?: string;
}

const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });

/** One request to the server. */
interface Exchange {
  readonly baseUrl: URL;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token?: string;
  /** JSON body (none when undefined). */
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/** One HTTP exchange with the server: status and body text. */
function exchange({ baseUrl, method, path, token, body, timeoutMs }: Exchange): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const outgoing = request({ agent, hostname: baseUrl.hostname, port: baseUrl.port, method, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`${method} ${path} took over ${timeoutMs} ms`)));
    outgoing.end(payload);
  });
}

/** An exchange whose answer must be 2xx JSON. */
async function exchangeJson<T>(call: Exchange): Promise<T> {
  const answer = await exchange(call);
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${call.method} ${call.path.replace(/\?.*/, '')} answered ${answer.status}`);
  return JSON.parse(answer.text) as T;
}

function isBotMessage(activity: Activity): boolean {
  return activity.type === 'message' && activity.from?.role === 'bot';
}

/** A bot message answering the user's activity `userActivityId` (the greeting answers the conversation update instead). */
function isReplyTo(activity: Activity, userActivityId: string | undefined): boolean {
  return isBotMessage(activity) && (activity.replyToId === undefined || activity.replyToId === userActivityId);
}

/** Why a turn did not complete. */
class TurnFailure extends Error {
  constructor(
    readonly kind: 'failed' | 'timedOut',
    message: string,
  ) {
    super(message);
  }
}

/** One open conversation and what its current turn waits for. */
class LoadConversation {
  private watermark: string | undefined;
  private socket: WebSocket | undefined;
  /** The current turn (stream transport): our activity's client id, its server id once echoed, and the reply's resolver. */
  private waiting: { clientActivityId: string; userActivityId?: string; reply: (text: string) => void } | undefined;
  private greeted = false;
  private onGreeting: (() => void) | undefined;

  private constructor(
    private readonly baseUrl: URL,
    private readonly conversationId: string,
    private readonly token: string,
  ) {}

  /** Opens a conversation the way the widget does; with the stream transport, also its WebSocket. */
  static async open(baseUrl: URL, transport: DirectLineTransport, locale: string, timeoutMs: number): Promise<LoadConversation> {
    const issued = await exchangeJson<{ token: string }>({ baseUrl, method: 'POST', path: '/api/webchat/token', timeoutMs });
    const started = await exchangeJson<{ conversationId: string; token: string; streamUrl: string }>({
      baseUrl,
      method: 'POST',
      path: '/v3/directline/conversations',
      token: issued.token,
      body: { locale },
      timeoutMs,
    });
    const conversation = new LoadConversation(baseUrl, started.conversationId, started.token);
    if (transport === 'ws') await conversation.connect(started.streamUrl, timeoutMs);
    return conversation;
  }

  private async connect(streamUrl: string, timeoutMs: number): Promise<void> {
    const socket = new WebSocket(streamUrl, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    socket.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const set = JSON.parse(data.toString('utf8')) as ActivitySet;
      for (const activity of set.activities ?? []) this.onActivity(activity);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    this.socket = socket;
  }

  private onActivity(activity: Activity): void {
    const waiting = this.waiting;
    if (waiting && activity.channelData?.clientActivityID === waiting.clientActivityId) waiting.userActivityId = activity.id;
    else if (waiting?.userActivityId && isReplyTo(activity, waiting.userActivityId)) waiting.reply(activity.text ?? '');
    else if (!this.greeted && isBotMessage(activity)) {
      this.greeted = true;
      this.onGreeting?.();
    }
  }

  /** Resolves once the bot's greeting arrived (polls Get Activities without a stream). */
  async greeting(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    if (this.socket) {
      if (this.greeted) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no greeting')), timeoutMs);
        this.onGreeting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      return;
    }
    while (performance.now() < deadline) {
      const set = await this.activities(timeoutMs);
      if ((set.activities ?? []).some(isBotMessage)) return;
      await sleep(200);
    }
    throw new Error('no greeting');
  }

  private async activities(timeoutMs: number): Promise<ActivitySet> {
    const query = this.watermark === undefined ? '' : `?watermark=${encodeURIComponent(this.watermark)}`;
    const set = await exchangeJson<ActivitySet>({
      baseUrl: this.baseUrl,
      method: 'GET',
      path: `/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities${query}`,
      token: this.token,
      timeoutMs,
    });
    if (set.watermark !== undefined) this.watermark = set.watermark;
    return set;
  }

  /** Sends one message; resolves with the latency to the bot's first reply (ms) and that reply's text, once the turn is over. */
  async turn(text: string, timeoutMs: number): Promise<{ latencyMs: number; reply: string }> {
    const clientActivityId = randomUUID();
    const startedMs = performance.now();
    const path = `/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities`;
    const body = { type: 'message', text, channelData: { clientActivityID: clientActivityId } };
    if (this.socket) {
      let timer: NodeJS.Timeout | undefined;
      const replied = new Promise<{ latencyMs: number; reply: string }>((resolve, reject) => {
        this.waiting = { clientActivityId, reply: (reply) => resolve({ latencyMs: performance.now() - startedMs, reply }) };
        timer = setTimeout(() => reject(new TurnFailure('timedOut', `no reply within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const posted = exchange({ baseUrl: this.baseUrl, method: 'POST', path, token: this.token, body, timeoutMs }).then((answer) => {
          if (answer.status !== 200) throw new TurnFailure('failed', `POST activities answered ${answer.status}`);
        });
        const [result] = await Promise.all([replied, posted]);
        return result;
      } finally {
        clearTimeout(timer);
        this.waiting = undefined;
      }
    }
    const answer = await exchange({ baseUrl: this.baseUrl, method: 'POST', path, token: this.token, body, timeoutMs }).catch(
      (error: Error) => {
        throw new TurnFailure('failed', error.message);
      },
    );
    if (answer.status !== 200) throw new TurnFailure('failed', `POST activities answered ${answer.status}`);
    const userActivityId = (JSON.parse(answer.text) as { id?: string }).id;
    let seenOwn = false;
    while (performance.now() - startedMs < timeoutMs) {
      for (const activity of (await this.activities(timeoutMs)).activities ?? []) {
        if (activity.id === userActivityId) seenOwn = true;
        else if (seenOwn && isReplyTo(activity, userActivityId))
          return { latencyMs: performance.now() - startedMs, reply: activity.text ?? '' };
      }
      await sleep(20);
    }
    throw new TurnFailure('timedOut', `no reply within ${timeoutMs} ms`);
  }

  close(): void {
    this.socket?.close();
  }
}

function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil(sortedMs.length * fraction) - 1)] ?? 0;
}

/** Runs a scenario and measures it. */
export async function runLoadScenario(scenario: LoadScenario): Promise<LoadResult> {
  const baseUrl = new URL(scenario.baseUrl);
  const timeoutMs = scenario.turnTimeoutMs;
  const latenciesMs: number[] = [];
  const turnsSeen: SlowTurn[] = [];
  let timedStartedMs = performance.now();
  let failedTurns = 0;
  let timedOutTurns = 0;
  const failureSamples = new Set<string>();
  const noteFailure = (error: unknown) => {
    if (failureSamples.size < 3) failureSamples.add(error instanceof Error ? error.message : String(error));
  };
  let verifiedConversations = 0;
  let conversationsOpened = 0;
  let openFailures = 0;
  let openSeconds = 0;
  let timedSeconds = 0;
  let cpuMicros = 0;
  let serverCpuSeconds = 0;
  let serverQueuedSeconds = 0;
  let loadQueuedSeconds = 0;
  let nextIndex = scenario.firstConversation ?? 0;

  const open = async (index: number): Promise<LoadConversation | undefined> => {
    try {
      const conversation = await LoadConversation.open(baseUrl, scenario.transport, demoScript(index).locale, timeoutMs);
      conversationsOpened += 1;
      return conversation;
    } catch (error) {
      openFailures += 1;
      noteFailure(error);
      return undefined;
    }
  };
  /** Opens `count` conversations at once (and waits for their greetings when asked); the time is not in the timed phase. */
  const openMany = async (count: number): Promise<{ conversation: LoadConversation; index: number }[]> => {
    const startedMs = performance.now();
    const opened = await Promise.all(
      Array.from({ length: count }, async () => {
        const index = nextIndex++;
        const conversation = await open(index);
        if (conversation && scenario.awaitGreeting) await conversation.greeting(timeoutMs).catch(() => undefined);
        return conversation ? { conversation, index } : undefined;
      }),
    );
    openSeconds += (performance.now() - startedMs) / 1000;
    return opened.filter((entry) => entry !== undefined);
  };
  /** Runs one conversation's turns, pausing `thinkMs` after each reply; stops at the first failed turn. */
  const talk = async (conversation: LoadConversation, index: number, thinkMs: number): Promise<void> => {
    const script = demoScript(index);
    let answers = '';
    for (let turnIndex = 0; turnIndex < scenario.turnsPerConversation; turnIndex += 1) {
      if (turnIndex > 0 && thinkMs > 0) await sleep(thinkMs);
      try {
        const sentAtSeconds = (performance.now() - timedStartedMs) / 1000;
        const { latencyMs, reply } = await conversation.turn(script.messages(turnIndex), timeoutMs);
        latenciesMs.push(latencyMs);
        turnsSeen.push({ turnIndex, atSeconds: Number(sentAtSeconds.toFixed(2)), ms: Number(latencyMs.toFixed(1)) });
        if (turnIndex === 1 || turnIndex === 2) answers += reply;
      } catch (error) {
        if (error instanceof TurnFailure && error.kind === 'timedOut') timedOutTurns += 1;
        else failedTurns += 1;
        noteFailure(error);
        return;
      }
    }
    if (verifiedPattern.test(answers)) verifiedConversations += 1;
  };
  /** Times `work`: wall seconds and this process's CPU go to the timed phase. */
  const timed = async (work: () => Promise<unknown>): Promise<void> => {
    const cpuBefore = process.cpuUsage();
    const serverBefore = scenario.serverPid === undefined ? Number.NaN : cpuSeconds(scenario.serverPid);
    const serverQueuedBefore = scenario.serverPid === undefined ? Number.NaN : runQueueSeconds(scenario.serverPid);
    const loadQueuedBefore = runQueueSeconds(process.pid);
    const startedMs = performance.now();
    timedStartedMs = startedMs;
    await work();
    timedSeconds += (performance.now() - startedMs) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros += cpu.user + cpu.system;
    serverCpuSeconds += (scenario.serverPid === undefined ? Number.NaN : cpuSeconds(scenario.serverPid)) - serverBefore;
    serverQueuedSeconds += (scenario.serverPid === undefined ? Number.NaN : runQueueSeconds(scenario.serverPid)) - serverQueuedBefore;
    loadQueuedSeconds += runQueueSeconds(process.pid) - loadQueuedBefore;
  };

  if (scenario.kind === 'closed') {
    for (let round = 0; round < (scenario.rounds ?? 1); round += 1) {
      const opened = await openMany(scenario.conversations);
      await timed(() => Promise.all(opened.map(({ conversation, index }) => talk(conversation, index, 0))));
      for (const { conversation } of opened) conversation.close();
    }
  } else if (scenario.kind === 'paced') {
    const thinkMs = scenario.thinkMs ?? 1000;
    const opened = await openMany(scenario.conversations);
    await timed(() =>
      Promise.all(
        opened.map(async ({ conversation, index }) => {
          await sleep(Math.random() * thinkMs);
          await talk(conversation, index, thinkMs);
        }),
      ),
    );
    for (const { conversation } of opened) conversation.close();
  } else {
    let remaining = scenario.conversations;
    const worker = async () => {
      while (remaining > 0) {
        remaining -= 1;
        const index = nextIndex++;
        const conversation = await open(index);
        if (!conversation) continue;
        if (scenario.awaitGreeting) await conversation.greeting(timeoutMs).catch(() => undefined);
        await talk(conversation, index, 0);
        conversation.close();
      }
    };
    await timed(() => Promise.all(Array.from({ length: Math.min(scenario.concurrency ?? 100, scenario.conversations) }, worker)));
  }

  latenciesMs.sort((a, b) => a - b);
  const sum = latenciesMs.reduce((total, value) => total + value, 0);
  return {
    turns: latenciesMs.length,
    failedTurns,
    timedOutTurns,
    failureSamples: [...failureSamples],
    seconds: timedSeconds,
    turnsPerSecond: timedSeconds > 0 ? latenciesMs.length / timedSeconds : 0,
    meanMs: latenciesMs.length > 0 ? sum / latenciesMs.length : 0,
    p50Ms: percentile(latenciesMs, 0.5),
    p90Ms: percentile(latenciesMs, 0.9),
    p99Ms: percentile(latenciesMs, 0.99),
    maxMs: latenciesMs.at(-1) ?? 0,
    slowestTurns: turnsSeen.sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(turnsSeen.length / 100))),
    conversationsOpened,
    openFailures,
    openSeconds,
    verifiedConversations,
    loadCpuPercent: timedSeconds > 0 ? cpuMicros / 10_000 / timedSeconds : 0,
    serverCpuPercent: timedSeconds > 0 ? (serverCpuSeconds * 100) / timedSeconds : Number.NaN,
    serverWaitedForCpuPercent: timedSeconds > 0 ? (serverQueuedSeconds * 100) / timedSeconds : Number.NaN,
    loadWaitedForCpuPercent: timedSeconds > 0 ? (loadQueuedSeconds * 100) / timedSeconds : Number.NaN,
  };
}
