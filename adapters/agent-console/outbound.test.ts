import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshOutboundJobs, defaultContactRules } from '../../ledger/index.js';
import { makeConsoleFixture, type ConsoleFixture } from '../../test/agent-console/console-fixture.js';

let fixture: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture();
});
afterAll(async () => {
  await fixture?.destroy();
});

describe('outbound contact in the console', () => {
  it('only supervisors and admins see the plan and pause; agents get 403, and the body is checked', async () => {
    const agent = await fixture.agent('agent');
    const supervisor = await fixture.agent('supervisor');
    const admin = await fixture.agent('admin');
    for (const [method, path] of [
      ['GET', '/agent/api/outbound/plan'],
      ['POST', '/agent/api/outbound/pause'],
      ['POST', '/agent/api/outbound/resume'],
    ] as const) {
      const answer = await fixture.call(method, path, { session: agent, ...(method === 'POST' ? { body: { scope: 'all' } } : {}) });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
    }
    expect((await fixture.call('GET', '/agent/api/outbound/plan', { session: supervisor })).status).toBe(200);
    expect((await fixture.call('GET', '/agent/api/outbound/plan?days=0', { session: admin })).status).toBe(400);
    expect((await fixture.call('POST', '/agent/api/outbound/pause', { session: admin, body: { scope: 'everyone' } })).status).toBe(400);
    expect((await fixture.call('POST', '/agent/api/outbound/pause', { session: admin, body: { debtorId: 'nobody' } })).status).toBe(404);
    expect((await fixture.call('POST', '/agent/api/outbound/pause', { session: admin, body: { scope: 'all' }, csrf: null })).status).toBe(
      403,
    );
  });

  it('shows the stored plan by the debtors’ local day, and a pause for everyone empties it at the next planning', async () => {
    const supervisor = await fixture.agent('supervisor');
    const { conversationId } = await fixture.queueConversation({ verified: true, channel: 'telegram' });
    const detail = await fixture.call('GET', `/agent/api/conversations/${conversationId}/contacts`, { session: supervisor });
    expect(detail.status).toBe(200);
    const debtorId = String(detail.body?.debtorId);
    // The seeded account falls due in the plan's span: a pre_due and a due_today reminder at least.
    const account = await fixture.database.prisma.account.findFirstOrThrow({ where: { debtorId } });
    await fixture.database.prisma.account.update({ where: { id: account.id }, data: { dueDateIso: '2026-11-27' } });
    await fixture.database.prisma.channelIdentity.create({
      data: { channel: 'telegram', channelUserId: `tg-${debtorId}`, debtorId, verifiedAt: fixture.clock.now },
    });
    const from = fixture.clock.now.getTime();
    const channels = new Set(['webchat', 'telegram']);
    await refreshOutboundJobs(fixture.ledger, { fromMs: from, days: 7, rules: defaultContactRules, channels });

    const plan = await fixture.call('GET', '/agent/api/outbound/plan?days=7', { session: supervisor });
    expect(plan.status).toBe(200);
    const days = plan.body?.days as Array<{
      date: string;
      count: number;
      byKind: Record<string, number>;
      contacts: Array<Record<string, string>>;
    }>;
    expect(plan.body?.pausedAll).toBe(false);
    // Monday 23 November, noon in Santiago: pre_due on Tuesday, due_today on Friday, the first late notice (Saturday
    // would be one day after Friday's) on Monday 30th, inside the seven days.
    expect(days.map((day) => day.date)).toEqual(['2026-11-24', '2026-11-27', '2026-11-30']);
    expect(days[0]?.byKind).toEqual({ pre_due: 1 });
    expect(days[1]?.contacts[0]).toMatchObject({ kind: 'due_today', channel: 'telegram', at: '2026-11-27T10:00:00-03:00' });

    expect((await fixture.call('POST', '/agent/api/outbound/pause', { session: supervisor, body: { scope: 'all' } })).body).toMatchObject({
      paused: true,
      changed: true,
    });
    expect((await fixture.call('POST', '/agent/api/outbound/pause', { session: supervisor, body: { scope: 'all' } })).body?.changed).toBe(
      false,
    );
    await refreshOutboundJobs(fixture.ledger, { fromMs: from, days: 7, rules: defaultContactRules, channels });
    const paused = await fixture.call('GET', '/agent/api/outbound/plan?days=7', { session: supervisor });
    expect(paused.body).toMatchObject({ pausedAll: true, total: 0, days: [] });
    await fixture.call('POST', '/agent/api/outbound/resume', { session: supervisor, body: { scope: 'all' } });
    const audit = await fixture.database.prisma.auditEvent.findMany({ where: { action: { in: ['outbound.paused', 'outbound.resumed'] } } });
    expect(audit.map((event) => event.action)).toEqual(['outbound.paused', 'outbound.resumed']);
  });

  it('the debtor panel’s contact log: any agent reads it, a supervisor pauses that debtor alone', async () => {
    const agent = await fixture.agent('agent');
    const supervisor = await fixture.agent('supervisor');
    const { conversationId } = await fixture.queueConversation({ verified: true });
    const before = await fixture.call('GET', `/agent/api/conversations/${conversationId}/contacts`, { session: agent });
    expect(before.body).toMatchObject({ paused: false, pausedAll: false, log: [] });
    const debtorId = String(before.body?.debtorId);
    await fixture.call('POST', '/agent/api/outbound/pause', { session: supervisor, body: { debtorId } });
    const after = await fixture.call('GET', `/agent/api/conversations/${conversationId}/contacts`, { session: agent });
    expect(after.body).toMatchObject({ paused: true, pausedAll: false });
    const unverified = await fixture.queueConversation({ verified: false });
    expect((await fixture.call('GET', `/agent/api/conversations/${unverified.conversationId}/contacts`, { session: agent })).status).toBe(
      404,
    );
  });
});
