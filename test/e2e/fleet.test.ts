// Three whole servers on one PostgreSQL and one Redis behind a round-robin load balancer with no sticky sessions
// (DESIGN §15): the official Direct Line client whose requests land on every instance in turn goes from the greeting
// to a recorded plan over WebSocket; an agent on one instance answers a debtor whose chat is on another; two agents
// on two instances take one conversation and exactly one gets it. Skipped without TEST_DATABASE_URL and REDIS_URL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../adapters/agent-console/passwords.js';
import type { RunningApp } from '../../app.js';
import { createAgent } from '../../ledger/index.js';
import { consoleApi } from '../agent-console/console-fixture.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy.js';
import { startTestApp } from '../support/test-app.js';
import { openChat } from './direct-line-client.js';

const databaseBase = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const available = Boolean(databaseBase && redisUrl);
if (!available) console.warn('[skip] fleet test skipped: set TEST_DATABASE_URL and REDIS_URL to run three instances.');

const schema = `fleet_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const admin = { email: 'fleet-admin@example.com', password: 'fleet-admin-password-1' };
let fleet: RunningApp[] = [];
let proxy: RoundRobinProxy | undefined;

beforeAll(async () => {
  if (!databaseBase || !redisUrl) return;
  const environment = {
    DATABASE_URL: `${databaseBase}${databaseBase.includes('?') ? '&' : '?'}schema=${schema}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `test:${schema}:`,
    DEMO_DATA: 'true',
    WEBCHAT_TOKEN_SECRET: randomBytes(24).toString('hex'),
    WEBCHAT_TOKENS_PER_MINUTE: '1000',
    AGENT_BOOTSTRAP_EMAIL: admin.email,
    AGENT_BOOTSTRAP_PASSWORD: admin.password,
  };
  for (let index = 0; index < 3; index += 1) fleet.push(await startTestApp(environment));
  proxy = await startRoundRobinProxy(fleet.map((app) => app.url));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(fleet.map((app) => app.close()));
  fleet = [];
  if (!databaseBase) return;
  const client = new pg.Client({ connectionString: databaseBase });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/** Instance `index` of the fleet. */
function instance(index: number): RunningApp {
  const app = fleet[index];
  if (!app) throw new Error(`no instance ${index}`);
  return app;
}

/** Reads the console's event stream on `url` until a message event contains `text`; returns that event. */
async function eventContaining(url: string, cookie: string, text: string, timeoutMs = 10_000): Promise<string> {
  const response = await fetch(`${url}/agent/api/events`, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.body) throw new Error('no event stream');
  const decoder = new TextDecoder();
  let received = '';
  for await (const chunk of response.body) {
    received += decoder.decode(chunk as Uint8Array, { stream: true });
    const event = received.split('\n\n').find((block) => block.startsWith('event: message') && block.includes(text));
    if (event) {
      await response.body.cancel().catch(() => undefined);
      return event;
    }
  }
  throw new Error('the event stream ended');
}

describe.skipIf(!available)('three instances behind a round-robin load balancer', () => {
  it('carries a web chat from the greeting to a recorded plan with every request on the next instance', async () => {
    const balancer = proxy!;
    const before = balancer.routed.length;
    const chat = await openChat(balancer.url, { webSocket: true });
    try {
      await chat.heard(/asistente/);
      await chat.say('cuanto debo', /documento/);
      await chat.say('12.345.678-5 14/03/1985', /1\.250\.000/);
      await chat.say('quiero pagar en 3 cuotas', /cuál cuenta/);
      await chat.say('1', /Confirmas este plan/);
      await chat.say('sí', /quedó registrado/);
    } finally {
      chat.end();
    }
    const posts = balancer.routed.slice(before).filter((request) => request.method === 'POST' && request.path.endsWith('/activities'));
    expect(posts).toHaveLength(5);
    expect(new Set(posts.map((request) => request.target)).size).toBe(3);
    expect(balancer.routed.slice(before).some((request) => request.path.endsWith('/stream'))).toBe(true);
    const agreement = await instance(0).database.prisma.agreement.findFirstOrThrow({ include: { installments: true } });
    expect(agreement.installments).toHaveLength(3);
    expect(agreement.installments.reduce((sum, item) => sum + item.amountMinor, agreement.downPaymentMinor)).toBe(1_250_000n);
  });

  it('lets an agent on instance C answer a debtor whose web chat is on instance A, and see what the debtor writes live', async () => {
    const chat = await openChat(instance(0).url, { webSocket: true });
    try {
      await chat.say('hola', /documento|ayudar/);
      await chat.say('quiero hablar con una persona', /persona del equipo/);
      const agentConsole = consoleApi(instance(2).url);
      const session = await agentConsole.login(admin.email, admin.password);
      const queue = await agentConsole.call('GET', '/agent/api/queue', { session });
      const items = (queue.body as { items: Array<{ conversationId: string; channel: string }> }).items;
      const waiting = items.find((item) => item.channel === 'webchat');
      expect(waiting).toBeDefined();
      const conversationId = waiting!.conversationId;
      expect((await agentConsole.call('POST', `/agent/api/conversations/${conversationId}/take`, { session })).status).toBe(200);
      const live = eventContaining(instance(2).url, session.cookie, 'tengo una pregunta sobre la cuota');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The debtor's message goes to instance B; the agent's console is on C.
      await fetch(`${instance(1).url}/v3/directline/conversations/${chat.conversationId()}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chat.token()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'tengo una pregunta sobre la cuota', from: { id: 'debtor' }, locale: 'es-CL' }),
      });
      expect(await live).toContain('"author":"debtor"');
      const reply = await agentConsole.call('POST', `/agent/api/conversations/${conversationId}/messages`, {
        session,
        body: { text: 'Hola, soy Ana del equipo: la cuota vence el día 5.' },
      });
      expect(reply.status).toBe(201);
      await chat.heard(/soy Ana del equipo: la cuota vence el día 5/);
    } finally {
      chat.end();
    }
  });

  it('gives a conversation to exactly one of two agents taking it at once on two instances', async () => {
    const chat = await openChat(instance(1).url, { webSocket: false });
    try {
      await chat.say('necesito un humano por favor', /persona del equipo/);
    } finally {
      chat.end();
    }
    const second = { email: `fleet-agent-${randomBytes(3).toString('hex')}@example.com`, password: 'second-agent-password-1' };
    await createAgent(
      { prisma: instance(0).database.prisma, sql: instance(0).database.sql } as Parameters<typeof createAgent>[0],
      { email: second.email, name: 'Second Agent', role: 'agent', passwordHash: await hashPassword(second.password) },
      null,
    );
    const onA = consoleApi(instance(0).url);
    const onB = consoleApi(instance(1).url);
    const [sessionA, sessionB] = await Promise.all([onA.login(admin.email, admin.password), onB.login(second.email, second.password)]);
    const queue = await onA.call('GET', '/agent/api/queue', { session: sessionA });
    const items = (queue.body as { items: Array<{ conversationId: string; mode?: string; holder?: unknown }> }).items;
    const waiting = items.at(-1);
    expect(waiting).toBeDefined();
    const path = `/agent/api/conversations/${waiting!.conversationId}/take`;
    const answers = await Promise.all([onA.call('POST', path, { session: sessionA }), onB.call('POST', path, { session: sessionB })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });
});
