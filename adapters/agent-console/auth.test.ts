import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAgents, findAgentForLogin } from '../../ledger/index.js';
import { ensureFirstAdmin } from './bootstrap.js';
import { fixtureStart, makeConsoleFixture, type ConsoleFixture } from '../../test/agent-console/console-fixture.js';

let fixture: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture({ bootstrapAdmin: { email: 'Boss@Example.com', password: 'bootstrap-password-1', name: 'Boss' } });
});
afterAll(async () => {
  await fixture?.destroy();
});

const login = (email: string, password: string) => fixture.call('POST', '/agent/api/login', { body: { email, password } });

describe('login', () => {
  it('creates the bootstrap admin when no agent exists, and only then', async () => {
    const admin = await findAgentForLogin(fixture.ledger, 'boss@example.com');
    expect(admin).toMatchObject({ name: 'Boss', role: 'admin' });
    expect(admin?.passwordHash).toMatch(/^scrypt\$/);
    const before = await countAgents(fixture.ledger);
    const logger = { info: () => {}, warn: () => {} };
    expect(await ensureFirstAdmin(fixture.ledger, { email: 'second@example.com', password: 'another-password-2' }, logger)).toBe(
      'agents_exist',
    );
    expect(await findAgentForLogin(fixture.ledger, 'second@example.com')).toBeNull();
    expect(await countAgents(fixture.ledger)).toBe(before);
  });

  it('starts without agents and without bootstrap settings, with a warning', async () => {
    const empty = await makeConsoleFixture();
    try {
      expect(await countAgents(empty.ledger)).toBe(0);
      expect(empty.logs).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringContaining('AGENT_BOOTSTRAP_EMAIL') }),
      );
    } finally {
      await empty.destroy();
    }
  });

  it('logs the bootstrap admin in: session cookie (httpOnly, SameSite=Strict, Path=/agent, 12 h) plus agent and CSRF token', async () => {
    const answer = await login('boss@example.com', 'bootstrap-password-1');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      agent: { email: 'boss@example.com', name: 'Boss', role: 'admin' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/passwordHash|scrypt/);
    const [pair = '', ...attributes] = (answer.headers.getSetCookie()[0] ?? '').split('; ');
    expect(pair).toMatch(/^agent_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/agent', 'SameSite=Strict']);
    const token = pair.slice('agent_session='.length);
    const stored = await fixture.database.prisma.agentSession.findMany();
    expect(stored.some((row) => row.tokenHash === token)).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const secure = await makeConsoleFixture({ secureCookies: true });
    try {
      const agent = await secure.addAgent('agent');
      const answer = await secure.call('POST', '/agent/api/login', { body: { email: agent.email, password: agent.password } });
      expect(answer.headers.getSetCookie()[0]?.split('; ')).toContain('Secure');
    } finally {
      await secure.destroy();
    }
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const agent = await fixture.addAgent('agent');
    const wrong = await login(agent.email, 'not-the-password');
    const unknown = await login('nobody@example.com', 'whatever-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('locks an account after five wrong passwords: even the right one fails for 15 minutes, then it works', async () => {
    const agent = await fixture.addAgent('agent');
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(agent.email, `wrong-${attempt}`)).status).toBe(401);
    const locked = await login(agent.email, agent.password);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual((await login('nobody@example.com', 'x')).body);
    fixture.clock.now = new Date(fixtureStart.getTime() + 14 * 60_000);
    expect((await login(agent.email, agent.password)).status).toBe(401);
    fixture.clock.now = new Date(fixtureStart.getTime() + 15 * 60_000 + 1000);
    try {
      expect((await login(agent.email, agent.password)).status).toBe(200);
      const row = await findAgentForLogin(fixture.ledger, agent.email);
      expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
    } finally {
      fixture.clock.now = fixtureStart;
    }
  });

  it('does not lock after four wrong passwords followed by the right one', async () => {
    const agent = await fixture.addAgent('agent');
    for (let attempt = 0; attempt < 4; attempt += 1) await login(agent.email, `wrong-${attempt}`);
    expect((await login(agent.email, agent.password)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt += 1) await login(agent.email, `wrong-${attempt}`);
    expect((await login(agent.email, agent.password)).status).toBe(200);
  });

  it('validates the body (400 naming the field) and wants JSON (415)', async () => {
    const noEmail = await fixture.call('POST', '/agent/api/login', { body: { password: 'x' } });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body?.error?.message).toMatch(/^email:/);
    const badEmail = await fixture.call('POST', '/agent/api/login', { body: { email: 'not-an-email', password: 'x' } });
    expect(badEmail.status).toBe(400);
    expect((await fixture.call('POST', '/agent/api/login', { body: { email: 'a@example.com', password: 'x'.repeat(300) } })).status).toBe(
      400,
    );
    expect((await fixture.call('POST', '/agent/api/login', { rawBody: '{"email":', contentType: 'application/json' })).status).toBe(400);
    expect(
      (
        await fixture.call('POST', '/agent/api/login', {
          rawBody: 'email=a@example.com&password=x',
          contentType: 'application/x-www-form-urlencoded',
        })
      ).status,
    ).toBe(415);
  });
});

describe('login rate limit', () => {
  it('answers 429 once an address made too many failed attempts', async () => {
    const limited = await makeConsoleFixture({ loginRateLimit: { windowMs: 60_000, limit: 3 } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1)
        statuses.push(
          (await limited.call('POST', '/agent/api/login', { body: { email: `x${attempt}@example.com`, password: 'wrong' } })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await limited.call('POST', '/agent/api/login', { body: { email: 'x@example.com', password: 'wrong' } });
      expect(refused.body?.error?.code).toBe('too_many_attempts');
      expect(refused.headers.get('ratelimit-policy') ?? refused.headers.get('ratelimit')).toBeTruthy();
    } finally {
      await limited.destroy();
    }
  });
});

describe('session', () => {
  it('answers /me with the agent and CSRF token, and logout ends the session', async () => {
    const session = await fixture.agent('supervisor', 'Sofía');
    const me = await fixture.call('GET', '/agent/api/me', { session });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ agent: { id: session.agentId, name: 'Sofía', role: 'supervisor' }, csrfToken: session.csrfToken });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const out = await fixture.call('POST', '/agent/api/logout', { session });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]?.split('; ')).toEqual(expect.arrayContaining(['agent_session=', 'Max-Age=0', 'Path=/agent']));
    expect((await fixture.call('GET', '/agent/api/me', { session })).status).toBe(401);
  });

  it('finds the session cookie among the browser’s other cookies, and refuses a malformed or misnamed one', async () => {
    const session = await fixture.agent('agent');
    const me = (cookie: string) => fixture.call('GET', '/agent/api/me', { session: { ...session, cookie } });
    expect((await me(`theme=dark; ${session.cookie}; lang=es`)).status).toBe(200);
    for (const cookie of ['agent_session=<script>', `x${session.cookie}`, session.cookie.replace('agent_session=', 'agent_session_x=')]) {
      expect((await me(cookie)).status).toBe(401);
    }
  });

  it('expires a session 12 hours after login', async () => {
    const session = await fixture.agent('agent');
    fixture.clock.now = new Date(fixtureStart.getTime() + 12 * 3600_000 + 1000);
    try {
      expect((await fixture.call('GET', '/agent/api/me', { session })).status).toBe(401);
    } finally {
      fixture.clock.now = fixtureStart;
    }
  });

  it('refuses (403) a state-changing call without the right X-CSRF-Token, and changes nothing', async () => {
    const session = await fixture.agent('agent');
    const { conversationId } = await fixture.queueConversation();
    const missing = await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session, csrf: null });
    const wrong = await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session, csrf: 'x'.repeat(43) });
    const other = await fixture.agent('agent');
    const someoneElses = await fixture.call('POST', `/agent/api/conversations/${conversationId}/take`, { session, csrf: other.csrfToken });
    for (const answer of [missing, wrong, someoneElses]) {
      expect(answer.status).toBe(403);
      expect(answer.body?.error?.code).toBe('csrf_failed');
    }
    expect((await fixture.call('POST', '/agent/api/logout', { session, csrf: null })).status).toBe(403);
    const queue = await fixture.call('GET', '/agent/api/queue', { session });
    expect(
      (queue.body?.items as Array<{ conversationId: string; status: string }>).find((item) => item.conversationId === conversationId)
        ?.status,
    ).toBe('queued');
  });
});

describe('managing agents', () => {
  it('lets an admin add an agent with a role, who can then log in', async () => {
    const admin = await fixture.login('boss@example.com', 'bootstrap-password-1');
    const created = await fixture.call('POST', '/agent/api/agents', {
      session: admin,
      body: { email: 'New.Agent@example.com', name: 'Nueva', password: 'a-long-password', role: 'supervisor' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ agent: { id: expect.any(String), email: 'new.agent@example.com', name: 'Nueva', role: 'supervisor' } });
    expect((await login('new.agent@example.com', 'a-long-password')).status).toBe(200);
    const duplicate = await fixture.call('POST', '/agent/api/agents', {
      session: admin,
      body: { email: 'new.agent@example.com', name: 'Otra', password: 'a-long-password', role: 'agent' },
    });
    expect(duplicate.status).toBe(409);
    const weak = await fixture.call('POST', '/agent/api/agents', {
      session: admin,
      body: { email: 'weak@example.com', name: 'Weak', password: 'short', role: 'agent' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body?.error?.message).toMatch(/^password:/);
    const badRole = await fixture.call('POST', '/agent/api/agents', {
      session: admin,
      body: { email: 'r@example.com', name: 'R', password: 'a-long-password', role: 'root' },
    });
    expect(badRole.status).toBe(400);
  });

  it('refuses (403) agents and supervisors adding agents', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const session = await fixture.agent(role);
      const answer = await fixture.call('POST', '/agent/api/agents', {
        session,
        body: { email: `x-${role}@example.com`, name: 'X', password: 'a-long-password', role: 'admin' },
      });
      expect(answer.status).toBe(403);
    }
    expect(await findAgentForLogin(fixture.ledger, 'x-agent@example.com')).toBeNull();
  });

  it('never logs emails or passwords', () => {
    const logged = JSON.stringify(fixture.logs);
    expect(logged).not.toMatch(/@example\.com/);
    for (const secret of ['bootstrap-password-1', 'a-long-password', 'not-the-password', 'wrong-0', 'scrypt$'])
      expect(logged).not.toContain(secret);
  });
});
