// A running agent console on a fresh temporary SQLite ledger, with a fake debtor channel, a settable
// clock and helpers to create agents, log in, call the API and queue conversations.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConversationEvents } from '../../bot/conversation-events.js';
import {
  appendMessage,
  createAgent,
  defaultPolicy,
  linkConversationDebtor,
  openConversation,
  requestHandoff,
  type AgentRole,
  type HandoffReason,
  type LedgerContext,
} from '../../ledger/index.js';
import { hashPassword } from '../../adapters/agent-console/passwords.js';
import { makeAgentConsole, type AgentConsole, type AgentConsoleOptions } from '../../adapters/agent-console/index.js';
import { seedDebtor } from '../support/seed.js';
import { openTempDatabase, type TempDatabase } from '../support/temp-database.js';

/** The instant console tests start at (Monday 2026-11-23, 12:00 in Santiago). */
export const fixtureStart = new Date('2026-11-23T15:00:00Z');

/** A message the fake channel was asked to deliver. */
export interface SentToDebtor {
  readonly channel: string;
  readonly referenceJson: string;
  readonly text: string;
}

/** An HTTP answer: status, parsed JSON body (or null) and headers. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: {
    error?: { code: string; message: string; holderName?: string | null; [key: string]: unknown };
    [key: string]: unknown;
  } | null;
  readonly headers: Headers;
}

/** A logged-in agent: their cookie header and CSRF token. */
export interface LoggedIn {
  readonly agentId: string;
  readonly name: string;
  readonly cookie: string;
  readonly csrfToken: string;
}

/** The log lines the console wrote (to check nothing personal is logged). */
export interface CapturedLog {
  readonly level: 'info' | 'warn' | 'error';
  readonly object: unknown;
  readonly message: string | undefined;
}

/** A console under test. */
export interface ConsoleFixture {
  readonly database: TempDatabase;
  readonly ledger: LedgerContext;
  readonly events: ConversationEvents;
  readonly console: AgentConsole;
  readonly url: string;
  readonly sent: SentToDebtor[];
  readonly logs: CapturedLog[];
  /** The console's clock; tests move it. */
  readonly clock: { now: Date };
  /** Makes the fake channel fail (true) or deliver (false). */
  failDelivery(failing: boolean): void;
  addAgent(role?: AgentRole, name?: string): Promise<{ id: string; email: string; password: string; name: string }>;
  login(email: string, password: string): Promise<LoggedIn>;
  /** Creates an agent of `role` and logs them in. */
  agent(role?: AgentRole, name?: string): Promise<LoggedIn>;
  call(
    method: 'GET' | 'POST',
    path: string,
    options?: { session?: LoggedIn; csrf?: string | null; body?: unknown; rawBody?: string; contentType?: string; idempotencyKey?: string },
  ): Promise<ApiAnswer>;
  /** Creates a conversation waiting for an agent; `verified` links a seeded debtor (one CLP account). */
  queueConversation(options?: {
    verified?: boolean;
    reason?: HandoffReason;
    channel?: string;
    debtorText?: string;
  }): Promise<{ conversationId: string; referenceJson: string; accountIds: string[] }>;
  destroy(): Promise<void>;
}

/** The agent console's JSON API at `url`, called as the console page calls it (cookie session, CSRF header). */
export function consoleApi(url: string): Pick<ConsoleFixture, 'call' | 'login'> {
  const call: ConsoleFixture['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.session) headers.Cookie = options.session.cookie;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const csrf = options.csrf === undefined ? options.session?.csrfToken : options.csrf;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: ApiAnswer['body'] = null;
    try {
      parsed = text ? (JSON.parse(text) as ApiAnswer['body']) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const login: ConsoleFixture['login'] = async (email, password) => {
    const response = await fetch(`${url}/agent/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await response.json()) as { agent?: { id: string; name: string }; csrfToken?: string };
    if (response.status !== 200 || !body.agent || !body.csrfToken) throw new Error(`login failed with ${response.status}`);
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    return { agentId: body.agent.id, name: body.agent.name, cookie, csrfToken: body.csrfToken };
  };

  return { call, login };
}

/** Starts a console on 127.0.0.1 with its own database. */
export async function makeConsoleFixture(overrides: Partial<AgentConsoleOptions> = {}): Promise<ConsoleFixture> {
  const database = await openTempDatabase('sqlite');
  const ledger: LedgerContext = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
  const events = new ConversationEvents();
  const sent: SentToDebtor[] = [];
  const logs: CapturedLog[] = [];
  const clock = { now: fixtureStart };
  let failing = false;
  const logger = {
    info: (object: unknown, message?: string) => void logs.push({ level: 'info', object, message }),
    warn: (object: unknown, message?: string) => void logs.push({ level: 'warn', object, message }),
    error: (object: unknown, message?: string) => void logs.push({ level: 'error', object, message }),
  } as unknown as AgentConsoleOptions['logger'];
  const agentConsole = await makeAgentConsole({
    ledger,
    events,
    logger,
    secureCookies: false,
    now: () => clock.now,
    // Tests log in and fail on purpose many times; the limit itself is tested with its own console.
    loginRateLimit: { windowMs: 60_000, limit: 10_000 },
    sendToDebtor: async (channel, referenceJson, text) => {
      if (failing) throw new Error('channel down');
      sent.push({ channel, referenceJson, text });
    },
    ...overrides,
  });
  const app = express();
  app.use(agentConsole.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { call, login } = consoleApi(url);

  let agentCounter = 0;
  const addAgent: ConsoleFixture['addAgent'] = async (role = 'agent', name) => {
    agentCounter += 1;
    const email = `agent${agentCounter}-${randomUUID().slice(0, 8)}@example.com`;
    const password = `pw-${randomUUID()}`;
    const displayName = name ?? `Agent ${agentCounter}`;
    const created = await createAgent(ledger, { email, name: displayName, role, passwordHash: await hashPassword(password) }, null);
    return { id: created.id, email, password, name: displayName };
  };

  return {
    database,
    ledger,
    events,
    console: agentConsole,
    url,
    sent,
    logs,
    clock,
    failDelivery: (value) => {
      failing = value;
    },
    addAgent,
    login,
    agent: async (role = 'agent', name) => {
      const created = await addAgent(role, name);
      return login(created.email, created.password);
    },
    call,
    async queueConversation(options = {}) {
      const channelConversationId = `conv-${randomUUID()}`;
      const channel = options.channel ?? 'webchat';
      const referenceJson = JSON.stringify({
        channelId: channel,
        conversation: { id: channelConversationId },
        user: { id: 'debtor-1' },
        bot: { id: 'bot' },
        serviceUrl: 'http://127.0.0.1/',
      });
      const conversation = await openConversation(
        ledger,
        { channel, channelConversationId, channelUserId: `user-${channelConversationId}` },
        referenceJson,
        'es-CL',
      );
      await appendMessage(ledger, {
        conversationId: conversation.id,
        direction: 'in',
        author: 'debtor',
        text: options.debtorText ?? 'quiero hablar con una persona',
      });
      let accountIds: string[] = [];
      if (options.verified) {
        const seeded = await seedDebtor(database.prisma, [{ balanceMinor: 1_250_000 }]);
        accountIds = seeded.accountIds;
        await linkConversationDebtor(ledger, conversation.id, seeded.debtorId);
      }
      await requestHandoff(ledger, conversation.id, options.reason ?? 'human');
      events.publish({ type: 'queue' });
      return { conversationId: conversation.id, referenceJson, accountIds };
    },
    async destroy() {
      await agentConsole.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.destroy();
    },
  };
}

/** Reads a Server-Sent Events stream: waits for the next event of a type matching a predicate. */
export interface EventStreamReader {
  next(type: string, predicate?: (data: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Every event received so far. */
  readonly received: ReadonlyArray<{ type: string; data: Record<string, unknown> }>;
  /** Keep-alive comments received so far. */
  readonly comments: number;
  close(): void;
}

/** Opens `/agent/api/events` as `session`. */
export async function openEventStream(url: string, session: LoggedIn): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${url}/agent/api/events`, {
    headers: { Cookie: session.cookie, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const received: Array<{ type: string; data: Record<string, unknown> }> = [];
  const waiters = new Set<() => void>();
  let comments = 0;
  let cursor = 0;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
          if (block.startsWith(':')) comments += 1;
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) received.push({ type, data: JSON.parse(data) as Record<string, unknown> });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    received,
    get comments() {
      return comments;
    },
    next(type, predicate = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (cursor < received.length) {
            const event = received[cursor];
            cursor += 1;
            if (event && event.type === type && predicate(event.data)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(event.data);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
