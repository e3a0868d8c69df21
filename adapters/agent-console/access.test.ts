import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConsoleFixture, type ConsoleFixture, type LoggedIn } from '../../test/agent-console/console-fixture.js';

let fixture: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture();
});
afterAll(async () => {
  await fixture?.destroy();
});

interface StackLayer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle: { readonly stack?: readonly StackLayer[] };
}

/** Every route really mounted on the router (walking express's stack), as "METHOD /path". */
function mountedRoutes(stack: readonly StackLayer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${prefix}${layer.route?.path ?? ''}`);
    if (layer.handle.stack) return mountedRoutes(layer.handle.stack, `${prefix}${typeof layer.rawPath === 'string' ? layer.rawPath : ''}`);
    return [];
  });
}

describe('every API route needs a session', () => {
  it('lists every mounted API route in the route table (no route can skip the guards)', () => {
    const mounted = mountedRoutes((fixture.console.router as unknown as { stack: StackLayer[] }).stack).filter((route) =>
      route.includes('/agent/api'),
    );
    expect(mounted.sort()).toEqual(fixture.console.routes.map((route) => `${route.method} ${route.path}`).sort());
    expect(fixture.console.routes).toHaveLength(26);
    expect(fixture.console.routes.filter((route) => route.access === 'public').map((route) => route.path)).toEqual(['/agent/api/login']);
    expect(
      fixture.console.routes.filter((route) => route.method === 'POST' && route.access !== 'public').every((route) => route.csrf),
    ).toBe(true);
  });

  it('answers 401 JSON on every route without a session, with a forged cookie, and after logout', async () => {
    const { conversationId } = await fixture.queueConversation({ verified: true });
    const loggedOut = await fixture.agent('admin');
    await fixture.call('POST', '/agent/api/logout', { session: loggedOut });
    const forged: LoggedIn = {
      agentId: 'x',
      name: 'x',
      cookie: 'agent_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      csrfToken: 'x',
    };
    for (const route of fixture.console.routes.filter((candidate) => candidate.access !== 'public')) {
      const path = route.path.replace(':id', conversationId);
      for (const session of [undefined, forged, loggedOut]) {
        const answer = await fixture.call(route.method, path, {
          ...(session ? { session } : {}),
          ...(route.method === 'POST' ? { body: {} } : {}),
        });
        expect({ route: `${route.method} ${route.path}`, status: answer.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
        });
        expect(answer.body?.error?.code).toBe('unauthenticated');
      }
    }
    expect((await fixture.call('GET', '/agent/api/no-such-thing')).status).toBe(401);
    const queue = await fixture.call('GET', '/agent/api/queue', { session: await fixture.agent('agent') });
    expect(queue.status).toBe(200);
  });

  it('answers 404 for an unknown API path once logged in', async () => {
    const session = await fixture.agent('agent');
    const answer = await fixture.call('GET', '/agent/api/no-such-thing', { session });
    expect(answer.status).toBe(404);
  });
});

describe('acting on a conversation someone else holds', () => {
  let holder: LoggedIn;
  let other: LoggedIn;
  let supervisor: LoggedIn;

  beforeAll(async () => {
    holder = await fixture.agent('agent', 'Paula');
    other = await fixture.agent('agent', 'Pedro');
    supervisor = await fixture.agent('supervisor', 'Sofía');
  });

  /** A fresh conversation with a verified debtor, held by Paula. */
  async function heldByPaula(): Promise<{ conversationId: string; accountId: string }> {
    const queued = await fixture.queueConversation({ verified: true });
    expect((await fixture.call('POST', `/agent/api/conversations/${queued.conversationId}/take`, { session: holder })).status).toBe(200);
    return { conversationId: queued.conversationId, accountId: queued.accountIds[0] ?? '' };
  }

  it('refuses (403) another agent replying, recording, handing back or closing — and nothing changes', async () => {
    const { conversationId, accountId } = await heldByPaula();
    const base = `/agent/api/conversations/${conversationId}`;
    const attempts: Array<[string, unknown]> = [
      ['messages', { text: 'hola' }],
      ['promise', { accountId, amount: '200000', dateIso: '2026-11-30' }],
      ['plan', { accountId, count: 6 }],
      ['hand-back', {}],
      ['close', { outcome: 'resolved' }],
    ];
    const sentBefore = fixture.sent.length;
    for (const [action, body] of attempts) {
      const answer = await fixture.call('POST', `${base}/${action}`, { session: other, body });
      expect({ action, status: answer.status, code: answer.body?.error?.code }).toEqual({ action, status: 403, code: 'not_holder' });
    }
    expect(fixture.sent).toHaveLength(sentBefore);
    const detail = await fixture.call('GET', base, { session: other });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ mode: 'agent', holder: { id: holder.agentId, name: 'Paula' } });
    expect((detail.body?.debtor as { promises: unknown[]; agreements: unknown[] }).promises).toEqual([]);
    expect((detail.body?.debtor as { promises: unknown[]; agreements: unknown[] }).agreements).toEqual([]);
  });

  it('refuses (409) taking it, naming the holder', async () => {
    const { conversationId } = await heldByPaula();
    const answer = await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session: other });
    expect(answer.status).toBe(409);
    expect(answer.body?.error).toMatchObject({ code: 'already_taken', holderName: 'Paula' });
  });

  it('lets a supervisor reply, record a promise and a plan, and hand it back', async () => {
    const { conversationId, accountId } = await heldByPaula();
    const base = `/agent/api/conversations/${conversationId}`;
    const reply = await fixture.call('POST', `${base}/messages`, { session: supervisor, body: { text: 'Le ayudo yo.' } });
    expect(reply.status).toBe(201);
    const promise = await fixture.call('POST', `${base}/promise`, {
      session: supervisor,
      idempotencyKey: 'access-promise-1',
      body: { accountId, amount: '200000', dateIso: '2026-11-30' },
    });
    expect(promise.status).toBe(201);
    const plan = await fixture.call('POST', `${base}/plan`, {
      session: supervisor,
      idempotencyKey: 'access-plan-1',
      body: { accountId, count: 6 },
    });
    expect(plan.status).toBe(201);
    const back = await fixture.call('POST', `${base}/hand-back`, { session: supervisor });
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ conversationId, mode: 'bot' });
  });

  it('lets a supervisor close a conversation another agent holds', async () => {
    const queued = await fixture.queueConversation();
    await fixture.call('POST', `/agent/api/conversations/${queued.conversationId}/take`, { session: holder });
    const closed = await fixture.call('POST', `/agent/api/conversations/${queued.conversationId}/close`, {
      session: supervisor,
      body: { outcome: 'no_contact' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ conversationId: queued.conversationId, mode: 'closed' });
  });

  it('refuses (409) replying to a conversation nobody took yet', async () => {
    const queued = await fixture.queueConversation();
    const answer = await fixture.call('POST', `/agent/api/conversations/${queued.conversationId}/messages`, {
      session: supervisor,
      body: { text: 'hola' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body?.error?.code).toBe('not_taken');
  });
});

describe('request bodies are validated', () => {
  it('answers 400 naming the field for every malformed body, never 500', async () => {
    const session = await fixture.agent('supervisor');
    const queued = await fixture.queueConversation({ verified: true });
    const accountId = queued.accountIds[0] ?? '';
    await fixture.call('POST', `/agent/api/conversations/${queued.conversationId}/take`, { session });
    const base = `/agent/api/conversations/${queued.conversationId}`;
    const sentBefore = fixture.sent.length;
    const cases: Array<[string, unknown, RegExp]> = [
      ['messages', {}, /^text:/],
      ['messages', { text: '   ' }, /^text:/],
      ['messages', { text: 42 }, /^text:/],
      ['messages', { text: 'x'.repeat(4001) }, /^text:/],
      ['close', {}, /^outcome:/],
      ['close', { outcome: 'won' }, /^outcome:/],
      ['promise', { accountId, amount: '1.000,50', dateIso: '2026-11-30' }, /^amount:/],
      ['promise', { accountId, amount: '-5', dateIso: '2026-11-30' }, /^amount:/],
      ['promise', { accountId, amount: '5000', dateIso: '30/11/2026' }, /^dateIso:/],
      ['promise', { accountId, amount: '5000', dateIso: '2026-02-30' }, /^dateIso:/],
      ['promise', { amount: '5000', dateIso: '2026-11-30' }, /^accountId:/],
      ['promise', { accountId, amount: '5000.5', dateIso: '2026-11-30' }, /CLP has no decimals/],
      ['plan', { accountId, count: 'six' }, /^count:/],
      ['plan', { accountId, count: 2.5 }, /^count:/],
      ['plan', { accountId, count: 0 }, /^count:/],
      ['plan', { accountId, count: 6, exception: 'yes' }, /^exception:/],
      ['plan', { accountId, count: 6, downPayment: 'lots' }, /^downPayment:/],
    ];
    const keyCases: [string, string | undefined, RegExp][] = [
      ['plan', 'short', /^idempotency-key: must be 8-100/],
      ['plan', undefined, /^idempotency-key: is required/],
      ['promise', undefined, /^idempotency-key: is required/],
    ];
    for (const [action, key, message] of keyCases) {
      const body = action === 'plan' ? { accountId, count: 6 } : { accountId, amount: '200000', dateIso: '2026-11-30' };
      const answer = await fixture.call('POST', `${base}/${action}`, { session, body, ...(key ? { idempotencyKey: key } : {}) });
      expect({ action, key, status: answer.status }).toEqual({ action, key, status: 400 });
      expect(answer.body?.error?.message).toMatch(message);
    }
    for (const [action, body, message] of cases) {
      const answer = await fixture.call('POST', `${base}/${action}`, { session, body, idempotencyKey: 'validation-key-1' });
      expect({ action, body, status: answer.status }).toEqual({ action, body, status: 400 });
      expect(answer.body?.error?.message).toMatch(message);
    }
    expect((await fixture.call('POST', `${base}/messages`, { session, rawBody: '{"text": ' })).status).toBe(400);
    expect(
      (await fixture.call('POST', `${base}/messages`, { session, rawBody: JSON.stringify({ text: 'x'.repeat(40_000) }) })).status,
    ).toBe(413);
    expect((await fixture.call('GET', '/agent/api/conversations/not%20an%20id!', { session })).status).toBe(400);
    expect((await fixture.call('GET', '/agent/api/quick-replies?lang=fr', { session })).status).toBe(400);
    expect(fixture.logs.filter((line) => line.level === 'error')).toEqual([]);
    expect(fixture.sent).toHaveLength(sentBefore);
  });

  it('answers 404 for a conversation that does not exist', async () => {
    const session = await fixture.agent('agent');
    expect((await fixture.call('GET', '/agent/api/conversations/nope', { session })).status).toBe(404);
    expect((await fixture.call('POST', '/agent/api/conversations/nope/take', { session })).status).toBe(409);
  });
});
