import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../bot/conversation-events.js';
import { conversationDetail } from '../../ledger/index.js';
import { makeConsoleFixture, type ConsoleFixture, type LoggedIn } from '../../test/agent-console/console-fixture.js';

let fixture: ConsoleFixture;
let published: ConversationEvent[];
beforeAll(async () => {
  fixture = await makeConsoleFixture();
  published = [];
  fixture.events.subscribe((event) => published.push(event));
});
afterAll(async () => {
  await fixture?.destroy();
});

const path = (conversationId: string, action = '') => `/agent/api/conversations/${conversationId}${action ? `/${action}` : ''}`;

/** A fresh idempotency key, as the console makes one per action. */
const newKey = () => randomUUID().replaceAll('-', '');

describe('taking a conversation', () => {
  it("of two agents taking at the same moment exactly one wins; the other gets 409 with the winner's name", async () => {
    const ana = await fixture.agent('agent', 'Ana');
    const beto = await fixture.agent('agent', 'Beto');
    for (let round = 0; round < 8; round += 1) {
      const { conversationId } = await fixture.queueConversation();
      const answers = await Promise.all([
        fixture.call('POST', path(conversationId, 'take'), { session: ana }),
        fixture.call('POST', path(conversationId, 'take'), { session: beto }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 409]);
      const winner = answers.findIndex((answer) => answer.status === 200) === 0 ? 'Ana' : 'Beto';
      const loser = answers.find((answer) => answer.status === 409);
      expect(loser?.body?.error).toMatchObject({ code: 'already_taken', holderName: winner });
      const detail = await fixture.call('GET', path(conversationId), { session: ana });
      expect(detail.body).toMatchObject({ mode: 'agent', holder: { name: winner } });
    }
  });

  it('is idempotent for the holder (double click) and announces the mode and queue change', async () => {
    const agent = await fixture.agent('agent', 'Carla');
    const { conversationId } = await fixture.queueConversation();
    published.length = 0;
    const first = await fixture.call('POST', path(conversationId, 'take'), { session: agent });
    const second = await fixture.call('POST', path(conversationId, 'take'), { session: agent });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body).toEqual({ conversationId, mode: 'agent', holder: { id: agent.agentId, name: 'Carla' } });
    expect(published).toContainEqual({ type: 'mode', conversationId, mode: 'agent' });
    expect(published).toContainEqual({ type: 'queue' });
  });
});

describe('reading a conversation', () => {
  it('never returns account data for a debtor who was not verified in the conversation', async () => {
    const agent = await fixture.agent('agent');
    // A verified debtor exists in the ledger, but this conversation never verified anyone.
    await fixture.queueConversation({ verified: true });
    const { conversationId } = await fixture.queueConversation({ verified: false, debtorText: 'cuánto debo?' });
    await fixture.call('POST', path(conversationId, 'take'), { session: agent });
    const detail = await fixture.call('GET', path(conversationId), { session: agent });
    expect(detail.status).toBe(200);
    expect(detail.body?.debtor).toBeNull();
    const raw = JSON.stringify(detail.body);
    expect(raw).not.toMatch(/Ana Pérez|1\.250\.000|1250000|accounts|balance|170905717|17\.090\.571-7/);
    expect(detail.body?.transcript).toEqual([expect.objectContaining({ author: 'debtor', text: 'cuánto debo?' })]);
    const queue = await fixture.call('GET', '/agent/api/queue', { session: agent });
    const entry = (queue.body?.items as Array<Record<string, unknown>>).find((item) => item.conversationId === conversationId);
    expect(entry).toMatchObject({ verified: false, debtorName: null });
    expect(JSON.stringify(entry)).not.toMatch(/Ana Pérez/);
  });

  it("shows a verified debtor's accounts with money formatted in the debtor's locale, and the form limits", async () => {
    const agent = await fixture.agent('agent');
    const { conversationId, accountIds } = await fixture.queueConversation({ verified: true, reason: 'dispute' });
    const detail = await fixture.call('GET', path(conversationId), { session: agent });
    expect(detail.body?.debtor).toMatchObject({
      fullName: 'Ana Pérez',
      locale: 'es-CL',
      todayIso: '2026-11-23',
      accounts: [
        { id: accountIds[0], currency: 'CLP', balance: '$1.250.000', balanceMajor: '1250000', status: 'active', hasActiveAgreement: false },
      ],
      agreements: [],
      promises: [],
      limits: { promiseLatestDateIso: '2026-12-08', planMinCount: 2, planMaxCount: 12 },
    });
    expect(JSON.stringify(detail.body)).not.toMatch(/170905717|1980-02-29|\+569|reference/);
    const queue = await fixture.call('GET', '/agent/api/queue', { session: agent });
    const items = queue.body?.items as Array<Record<string, unknown>>;
    expect(items.find((item) => item.conversationId === conversationId)).toMatchObject({
      reason: 'dispute',
      priority: 0,
      verified: true,
      debtorName: 'Ana Pérez',
      channel: 'webchat',
    });
    const firstQueued = items.find((item) => item.status === 'queued');
    expect(firstQueued?.reason).toBe('dispute');
  });
});

describe('replying', () => {
  let agent: LoggedIn;
  beforeAll(async () => {
    agent = await fixture.agent('agent', 'Paula');
  });

  /** A fresh conversation the agent holds. */
  async function held(): Promise<{ conversationId: string; referenceJson: string }> {
    const queued = await fixture.queueConversation();
    expect((await fixture.call('POST', path(queued.conversationId, 'take'), { session: agent })).status).toBe(200);
    return queued;
  }

  it("sends the text on the debtor's channel with the stored reference, stores it as the agent's, and publishes it", async () => {
    const { conversationId, referenceJson } = await held();
    published.length = 0;
    const answer = await fixture.call('POST', path(conversationId, 'messages'), {
      session: agent,
      body: { text: '  Hola, soy Paula. <b>¿En qué le ayudo?</b>  ' },
    });
    expect(answer.status).toBe(201);
    expect(fixture.sent.at(-1)).toEqual({ channel: 'webchat', referenceJson, text: 'Hola, soy Paula. <b>¿En qué le ayudo?</b>' });
    const detail = await conversationDetail(fixture.ledger, conversationId);
    expect(detail.transcript.at(-1)).toMatchObject({
      author: 'agent',
      agentId: agent.agentId,
      agentName: 'Paula',
      text: 'Hola, soy Paula. <b>¿En qué le ayudo?</b>',
    });
    expect(published).toEqual([
      expect.objectContaining({
        type: 'message',
        conversationId,
        author: 'agent',
        agentId: agent.agentId,
        text: 'Hola, soy Paula. <b>¿En qué le ayudo?</b>',
      }),
    ]);
  });

  it('answers 502 and stores nothing when the channel cannot deliver', async () => {
    const { conversationId } = await held();
    const before = (await conversationDetail(fixture.ledger, conversationId)).transcript.length;
    fixture.failDelivery(true);
    try {
      const answer = await fixture.call('POST', path(conversationId, 'messages'), { session: agent, body: { text: 'no llega' } });
      expect(answer.status).toBe(502);
      expect(answer.body?.error?.code).toBe('delivery_failed');
      expect(JSON.stringify(answer.body)).not.toMatch(/channel down|at /);
    } finally {
      fixture.failDelivery(false);
    }
    expect((await conversationDetail(fixture.ledger, conversationId)).transcript).toHaveLength(before);
  });

  it('hands back to the bot, after which replies are refused', async () => {
    const { conversationId } = await held();
    published.length = 0;
    const back = await fixture.call('POST', path(conversationId, 'hand-back'), { session: agent });
    expect(back.body).toEqual({ conversationId, mode: 'bot' });
    expect(published).toEqual([{ type: 'mode', conversationId, mode: 'bot' }, { type: 'queue' }]);
    const reply = await fixture.call('POST', path(conversationId, 'messages'), { session: agent, body: { text: 'hola?' } });
    expect(reply.status).toBe(409);
    expect((await fixture.call('POST', path(conversationId, 'hand-back'), { session: agent })).status).toBe(409);
  });

  it('closes with an outcome', async () => {
    const { conversationId } = await held();
    const closed = await fixture.call('POST', path(conversationId, 'close'), { session: agent, body: { outcome: 'dispute_registered' } });
    expect(closed.body).toEqual({ conversationId, mode: 'closed' });
    const handoff = await fixture.database.prisma.handoff.findFirstOrThrow({ where: { conversationId } });
    expect(handoff).toMatchObject({ status: 'closed', outcome: 'dispute_registered' });
  });
});

describe('promises and plans go through the policy', () => {
  let agent: LoggedIn;
  let supervisor: LoggedIn;
  beforeAll(async () => {
    agent = await fixture.agent('agent', 'Paula');
    supervisor = await fixture.agent('supervisor', 'Sofía');
  });

  /** A fresh conversation with a verified debtor (one CLP account of $1.250.000) that the agent holds. */
  async function verifiedAndHeld(): Promise<{ conversationId: string; accountId: string }> {
    const queued = await fixture.queueConversation({ verified: true });
    expect((await fixture.call('POST', path(queued.conversationId, 'take'), { session: agent })).status).toBe(200);
    return { conversationId: queued.conversationId, accountId: queued.accountIds[0] ?? '' };
  }

  it('refuses a promise outside the policy with the reason and the limit formatted (422)', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const tooSmall = await fixture.call('POST', path(conversationId, 'promise'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, amount: '1000', dateIso: '2026-11-30' },
    });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body?.error).toMatchObject({ code: 'policy_refusal', refusal: { code: 'amount_below_min', minAmount: '$125.000' } });
    const tooFar = await fixture.call('POST', path(conversationId, 'promise'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, amount: '200000', dateIso: '2027-01-30' },
    });
    expect(tooFar.body?.error).toMatchObject({ refusal: { code: 'date_too_far', latestDateIso: '2026-12-08' } });
  });

  it('records a promise within the policy once, even when the request is repeated', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const body = { accountId, amount: '200000', dateIso: '2026-11-30' };
    const first = await fixture.call('POST', path(conversationId, 'promise'), { session: agent, body, idempotencyKey: 'promise-key-0001' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      promise: { accountId, amount: '$200.000', dueDateIso: '2026-11-30', status: 'pending' },
    });
    const again = await fixture.call('POST', path(conversationId, 'promise'), { session: agent, body, idempotencyKey: 'promise-key-0001' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true });
    expect(await fixture.database.prisma.paymentPromise.count({ where: { accountId } })).toBe(1);
    const audit = await fixture.database.prisma.auditEvent.findFirstOrThrow({ where: { action: 'promise.created', entityId: accountId } });
    expect(audit).toMatchObject({ actorType: 'agent', actorId: agent.agentId });
  });

  it('refuses a plan an agent asks beyond the policy and attaches the nearest allowed plan (422)', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const tooLong = await fixture.call('POST', path(conversationId, 'plan'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, count: 24 },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body?.error).toMatchObject({
      code: 'outside_policy',
      adjustments: ['count_above_max'],
      allowed: { count: 12, downPayment: '$125.000' },
    });
    const smallDown = await fixture.call('POST', path(conversationId, 'plan'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, count: 6, downPayment: '1000' },
    });
    expect(smallDown.body?.error).toMatchObject({ code: 'outside_policy', adjustments: ['down_payment_below_min'] });
    expect(await fixture.database.prisma.agreement.count({ where: { accountId } })).toBe(0);
  });

  it('refuses (403) a policy exception asked by an agent', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const answer = await fixture.call('POST', path(conversationId, 'plan'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, count: 24, exception: true },
    });
    expect(answer.status).toBe(403);
    expect(answer.body?.error?.code).toBe('exception_not_allowed');
  });

  it('lets a supervisor agree a plan outside the policy, audited as a policy exception', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const answer = await fixture.call('POST', path(conversationId, 'plan'), {
      session: supervisor,
      idempotencyKey: newKey(),
      body: { accountId, count: 24, downPayment: '10000', exception: true },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      agreement: { kind: 'plan', installmentCount: 24, downPayment: '$10.000', agreedAmount: '$1.250.000' },
    });
    const audit = await fixture.database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'agreement.policy_exception', entityId: accountId },
    });
    expect(audit).toMatchObject({ actorType: 'agent', actorId: supervisor.agentId });
    const detail = await fixture.call('GET', path(conversationId), { session: agent });
    expect(detail.body?.debtor).toMatchObject({ accounts: [{ hasActiveAgreement: true }], agreements: [{ installmentCount: 24 }] });
    const second = await fixture.call('POST', path(conversationId, 'plan'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, count: 6 },
    });
    expect(second.status).toBe(422);
    expect(second.body?.error).toMatchObject({ refusal: { code: 'agreement_exists' } });
  });

  it('records a plan within the policy', async () => {
    const { conversationId, accountId } = await verifiedAndHeld();
    const answer = await fixture.call('POST', path(conversationId, 'plan'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, count: 6 },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      agreement: {
        installmentCount: 6,
        downPayment: '$125.000',
        installments: expect.arrayContaining([expect.objectContaining({ sequence: 1, dueDateIso: '2026-12-23', amount: '$187.500' })]),
      },
    });
    const audit = await fixture.database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'agreement.created', entityId: accountId },
    });
    expect(audit.actorId).toBe(agent.agentId);
  });

  it("refuses recording for an unverified debtor (409) or another debtor's account (404)", async () => {
    const { accountId } = await verifiedAndHeld();
    const unverified = await fixture.queueConversation();
    await fixture.call('POST', path(unverified.conversationId, 'take'), { session: agent });
    const answer = await fixture.call('POST', path(unverified.conversationId, 'promise'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, amount: '200000', dateIso: '2026-11-30' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body?.error?.code).toBe('not_verified');
    const otherDebtor = await fixture.queueConversation({ verified: true });
    await fixture.call('POST', path(otherDebtor.conversationId, 'take'), { session: agent });
    const foreign = await fixture.call('POST', path(otherDebtor.conversationId, 'promise'), {
      session: agent,
      idempotencyKey: newKey(),
      body: { accountId, amount: '200000', dateIso: '2026-11-30' },
    });
    expect(foreign.status).toBe(404);
  });
});

describe('quick replies', () => {
  it('lists canned answers per language', async () => {
    const agent = await fixture.agent('agent');
    const spanish = await fixture.call('GET', '/agent/api/quick-replies?lang=es', { session: agent });
    const english = await fixture.call('GET', '/agent/api/quick-replies?lang=en', { session: agent });
    expect((spanish.body?.items as Array<{ text: string }>).length).toBeGreaterThan(3);
    expect((spanish.body?.items as Array<{ text: string }>)[0]?.text).toMatch(/Hola/);
    expect((english.body?.items as Array<{ text: string }>)[0]?.text).toMatch(/Hello/);
  });
});

describe('errors', () => {
  it('never answered with a stack trace nor logged an error', () => {
    expect(fixture.logs.filter((line) => line.level === 'error')).toEqual([]);
  });
});
