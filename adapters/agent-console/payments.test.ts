import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreePlan,
  debtorPayments,
  listAccounts,
  offerPlan,
  paymentsDesk,
  recordPayment,
  recordPaymentClaim,
  reversePayment,
} from '../../ledger/index.js';
import { fixtureStart, makeConsoleFixture, type ConsoleFixture, type LoggedIn } from '../../test/agent-console/console-fixture.js';
import { seedDebtor } from '../../test/support/seed.js';

let fixture: ConsoleFixture;
let agent: LoggedIn;
beforeAll(async () => {
  fixture = await makeConsoleFixture();
  agent = await fixture.agent('agent', 'Andrés');
});
afterAll(async () => {
  await fixture?.destroy();
});

/** The fixture's today in Santiago (Monday 23 November 2026). */
const todayIso = '2026-11-23';
const system = { type: 'system' } as const;

/**
 * A debtor owing CLP 1,200,000 on a plan of 120,000 down and 4 × 270,000 (monthly from 23 December), who paid 200,000
 * today by bank transfer: the down payment in full and 80,000 of installment 1.
 */
async function debtorOnPlan(): Promise<{ debtorId: string; accountId: string; accountRef: string; paymentId: string }> {
  const { debtorId, accountIds } = await seedDebtor(fixture.database.prisma, [{ balanceMinor: 1_200_000 }]);
  const [account] = await listAccounts(fixture.ledger, debtorId);
  if (!account || account.id !== accountIds[0]) throw new Error('seeding failed');
  const request = { count: 4, downPaymentMinor: 120_000 };
  const offered = offerPlan(account, fixture.ledger.policy, todayIso, request);
  if (!offered.ok) throw new Error(`no plan: ${offered.refusal.code}`);
  const agreed = await agreePlan(fixture.ledger, {
    idempotencyKey: `plan-${randomUUID()}`,
    accountId: account.id,
    acceptedOffer: offered.offer,
    todayIso,
    actor: system,
    request,
  });
  if (!agreed.ok) throw new Error(`plan refused: ${agreed.refusal.code}`);
  const paid = await pay(account.id, 200_000);
  return { debtorId, accountId: account.id, accountRef: account.externalRef, paymentId: paid };
}

async function pay(accountId: string, amountMinor: number, currency = 'CLP'): Promise<string> {
  const { payment } = await recordPayment(fixture.ledger, {
    idempotencyKey: `pay-${randomUUID()}`,
    accountId,
    amountMinor,
    currency,
    paidOnIso: todayIso,
    source: 'bank_file',
    actor: system,
  });
  return payment.id;
}

async function claim(accountId: string, amountMinor: number | null): Promise<string> {
  const recorded = await recordPaymentClaim(fixture.ledger, {
    idempotencyKey: `claim-${randomUUID()}`,
    accountId,
    amountMinor,
    paidOnIso: '2026-11-20',
    actor: { type: 'debtor' },
  });
  return recorded.claimId;
}

/** A bank line no reference matched (what the bank-file import leaves for agents). */
async function unmatched(amountMinor: number, currency = 'CLP'): Promise<string> {
  const row = await fixture.database.prisma.unmatchedPayment.create({
    data: {
      source: 'bank_file',
      externalId: `bank-${randomUUID()}`,
      reference: 'TRANSF 99812 A PEREZ',
      currency,
      amountMinor: BigInt(amountMinor),
      paidOnIso: '2026-11-20',
    },
  });
  return row.id;
}

async function accountPayments(debtorId: string) {
  const [account] = await debtorPayments(fixture.ledger, debtorId, fixture.clock.now);
  if (!account) throw new Error('no account');
  return account;
}

function post(path: string, body: unknown, options: { session?: LoggedIn; key?: string | null } = {}) {
  const key = options.key === undefined ? randomUUID().replaceAll('-', '') : options.key;
  return fixture.call('POST', path, { session: options.session ?? agent, body, ...(key === null ? {} : { idempotencyKey: key }) });
}

describe('who may use the payments routes', () => {
  it('lists the four routes for any logged-in agent, the POSTs behind the CSRF check', () => {
    const routes = fixture.console.routes.filter((route) => /payment/.test(route.path));
    expect(routes).toEqual([
      { method: 'GET', path: '/agent/api/debtors/:debtorId/payments', access: 'agent', csrf: false },
      { method: 'GET', path: '/agent/api/payments/desk', access: 'agent', csrf: false },
      { method: 'POST', path: '/agent/api/payment-claims/:claimId/match', access: 'agent', csrf: true },
      { method: 'POST', path: '/agent/api/unmatched-payments/:id/assign', access: 'agent', csrf: true },
    ]);
  });

  it('refuses without a session (401) and a POST without the CSRF token (403), writing nothing', async () => {
    const { debtorId, paymentId, accountId } = await debtorOnPlan();
    const claimId = await claim(accountId, 200_000);
    const unmatchedId = await unmatched(5_000);
    for (const [method, path] of [
      ['GET', `/agent/api/debtors/${debtorId}/payments`],
      ['GET', '/agent/api/payments/desk'],
      ['POST', `/agent/api/payment-claims/${claimId}/match`],
      ['POST', `/agent/api/unmatched-payments/${unmatchedId}/assign`],
    ] as const) {
      const answer = await fixture.call(method, path, {
        ...(method === 'POST' ? { body: {} } : {}),
        idempotencyKey: 'a-key-of-enough-length',
      });
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({ path, status: 401, code: 'unauthenticated' });
    }
    const forged = await fixture.call('POST', `/agent/api/payment-claims/${claimId}/match`, {
      session: agent,
      csrf: null,
      body: { paymentId },
      idempotencyKey: 'a-key-of-enough-length',
    });
    expect(forged.status).toBe(403);
    expect(forged.body?.error?.code).toBe('csrf_failed');
    const desk = await paymentsDesk(fixture.ledger);
    expect(desk.claims.map((open) => open.id)).toContain(claimId);
    expect(desk.unmatched.map((open) => open.id)).toContain(unmatchedId);
  });

  it('lets agents, supervisors and admins read a debtor’s payments and the desk', async () => {
    const { debtorId } = await debtorOnPlan();
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const session = await fixture.agent(role);
      expect((await fixture.call('GET', `/agent/api/debtors/${debtorId}/payments`, { session })).status).toBe(200);
      expect((await fixture.call('GET', '/agent/api/payments/desk', { session })).status).toBe(200);
    }
  });
});

describe("a debtor's payments", () => {
  it('shows the balance, the plan as paid line by line, and where the payment went, in minor units', async () => {
    const { debtorId, accountRef, paymentId } = await debtorOnPlan();
    const answer = await fixture.call('GET', `/agent/api/debtors/${debtorId}/payments`, { session: agent });
    expect(answer.status).toBe(200);
    expect(answer.body?.debtorId).toBe(debtorId);
    const [account] = answer.body?.accounts as Array<Record<string, unknown>>;
    expect(account).toMatchObject({
      accountRef,
      currency: 'CLP',
      currencyDigits: 0,
      balanceMinor: 1_000_000,
      creditMinor: 0,
      status: 'active',
      agreement: {
        kind: 'plan',
        standing: 'current',
        obligations: [
          { target: 'lump_sum', sequence: 0, dueDateIso: '2026-11-23', amountMinor: 120_000, paidMinor: 120_000 },
          { target: 'installment', sequence: 1, dueDateIso: '2026-12-23', amountMinor: 270_000, paidMinor: 80_000 },
          { target: 'installment', sequence: 2, dueDateIso: '2027-01-23', amountMinor: 270_000, paidMinor: 0 },
          { target: 'installment', sequence: 3, dueDateIso: '2027-02-23', amountMinor: 270_000, paidMinor: 0 },
          { target: 'installment', sequence: 4, dueDateIso: '2027-03-23', amountMinor: 270_000, paidMinor: 0 },
        ],
      },
      payments: [
        {
          id: paymentId,
          kind: 'payment',
          source: 'bank_file',
          amountMinor: 200_000,
          creditMinor: 0,
          paidOnIso: todayIso,
          reversedAtIso: null,
          applications: [
            { target: 'lump_sum', sequence: 0, amountMinor: 120_000 },
            { target: 'installment', sequence: 1, amountMinor: 80_000 },
          ],
        },
      ],
      claims: [],
    });
    // Nothing about who the debtor is: this is the money view.
    expect(JSON.stringify(answer.body)).not.toMatch(/Ana Pérez|170905717|1980-02-29|\+569/);
  });

  it('says the plan is late once an installment is past due unpaid, and completed when all is paid', async () => {
    const { debtorId, accountId } = await debtorOnPlan();
    const path = `/agent/api/debtors/${debtorId}/payments`;
    fixture.clock.now = new Date('2026-12-24T15:00:00Z');
    try {
      // A month later: a fresh session (sessions last 12 hours).
      const late = await fixture.call('GET', path, { session: await fixture.agent('agent') });
      expect((late.body?.accounts as Array<{ agreement: { standing: string } }>)[0]?.agreement.standing).toBe('late');
    } finally {
      fixture.clock.now = fixtureStart;
    }
    await pay(accountId, 1_000_000);
    const done = await fixture.call('GET', path, { session: agent });
    const [account] = done.body?.accounts as Array<{ balanceMinor: number; status: string; agreement: unknown }>;
    // A settled account has no agreement in force any more.
    expect(account).toMatchObject({ balanceMinor: 0, status: 'settled', agreement: null });
  });

  it('shows a reversed payment as reversed, its reversal, and an overpayment as credit', async () => {
    const { debtorId, accountId } = await debtorOnPlan();
    const second = await pay(accountId, 50_000);
    await reversePayment(fixture.ledger, {
      idempotencyKey: `rev-${randomUUID()}`,
      paymentId: second,
      reason: 'chargeback',
      reversedOnIso: todayIso,
      source: 'bank_file',
      actor: system,
    });
    await pay(accountId, 1_100_000);
    const answer = await fixture.call('GET', `/agent/api/debtors/${debtorId}/payments`, { session: agent });
    const [account] = answer.body?.accounts as Array<{
      balanceMinor: number;
      creditMinor: number;
      payments: Array<{
        kind: string;
        amountMinor: number;
        reversedAtIso: string | null;
        reversesPaymentId: string | null;
        applications: unknown[];
      }>;
    }>;
    expect(account?.balanceMinor).toBe(0);
    expect(account?.creditMinor).toBe(100_000);
    const [overpayment, reversal, reversed] = account?.payments ?? [];
    expect(overpayment).toMatchObject({ kind: 'payment', amountMinor: 1_100_000 });
    expect(overpayment?.applications.at(-1)).toEqual({ target: 'credit', agreementId: null, sequence: null, amountMinor: 100_000 });
    expect(reversal).toMatchObject({ kind: 'reversal', amountMinor: 50_000, reversesPaymentId: second });
    expect(reversal?.applications).toEqual([expect.objectContaining({ target: 'installment', sequence: 1, amountMinor: -50_000 })]);
    expect(reversed).toMatchObject({ kind: 'payment', amountMinor: 50_000 });
    expect(reversed?.reversedAtIso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('answers 404 for an unknown debtor and 400 for something that is not an id', async () => {
    const unknown = await fixture.call('GET', '/agent/api/debtors/no-such-debtor/payments', { session: agent });
    expect(unknown.status).toBe(404);
    expect(unknown.body?.error?.code).toBe('not_found');
    const bad = await fixture.call('GET', `/agent/api/debtors/${'x'.repeat(65)}/payments`, { session: agent });
    expect(bad.status).toBe(400);
  });
});

describe('the payments desk', () => {
  it('lists open claims and unmatched payments with their currency’s decimals, and not decided ones', async () => {
    const { accountId, accountRef, debtorId } = await debtorOnPlan();
    const claimId = await claim(accountId, 150_000);
    const unknownAmount = await claim(accountId, null);
    const pen = await unmatched(348_050, 'PEN');
    const answer = await fixture.call('GET', '/agent/api/payments/desk', { session: agent });
    expect(answer.status).toBe(200);
    const claims = answer.body?.claims as Array<Record<string, unknown>>;
    expect(claims.find((open) => open.id === claimId)).toMatchObject({
      accountId,
      accountRef,
      debtorId,
      currency: 'CLP',
      currencyDigits: 0,
      amountMinor: 150_000,
      paidOnIso: '2026-11-20',
      status: 'open',
    });
    expect(claims.find((open) => open.id === unknownAmount)).toMatchObject({ amountMinor: null });
    const unmatchedList = answer.body?.unmatched as Array<Record<string, unknown>>;
    expect(unmatchedList.find((open) => open.id === pen)).toMatchObject({
      reference: 'TRANSF 99812 A PEREZ',
      currency: 'PEN',
      currencyDigits: 2,
      amountMinor: 348_050,
      paidOnIso: '2026-11-20',
    });
  });

  it('matches a claim to a payment of its account: confirmed, once, the balance unchanged; a retry gets the same answer', async () => {
    const { debtorId, accountId, paymentId } = await debtorOnPlan();
    const claimId = await claim(accountId, 200_000);
    const path = `/agent/api/payment-claims/${claimId}/match`;
    const key = 'match-key-0001';
    const first = await post(path, { paymentId }, { key });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ replayed: false, claimId, paymentId });
    const retried = await post(path, { paymentId }, { key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ replayed: true, claimId, paymentId });
    const again = await post(path, { paymentId });
    expect(again.status).toBe(409);
    expect(again.body?.error?.code).toBe('claim_closed');
    const reused = await post(path, { unmatchedPaymentId: 'another-one' }, { key });
    expect(reused.status).toBe(409);
    expect(reused.body?.error?.code).toBe('idempotency_conflict');

    const account = await accountPayments(debtorId);
    expect(account.balanceMinor).toBe(1_000_000);
    expect(account.claims).toEqual([expect.objectContaining({ id: claimId, status: 'confirmed', matchedPaymentId: paymentId })]);
    const audit = await fixture.database.prisma.auditEvent.findMany({ where: { action: 'payment_claim.matched', entityId: accountId } });
    expect(audit.map((event) => [event.actorType, event.actorId])).toEqual([['agent', agent.agentId]]);
  });

  it('matches a claim to an unmatched payment: the money reaches the claim’s account and the desk empties', async () => {
    const { debtorId, accountId } = await debtorOnPlan();
    const claimId = await claim(accountId, 150_000);
    const unmatchedId = await unmatched(150_000);
    const matched = await post(`/agent/api/payment-claims/${claimId}/match`, { unmatchedPaymentId: unmatchedId });
    expect(matched.status).toBe(201);
    const paymentId = String(matched.body?.paymentId);

    const account = await accountPayments(debtorId);
    expect(account.balanceMinor).toBe(850_000);
    expect(account.agreement?.obligations[1]).toMatchObject({ target: 'installment', sequence: 1, paidMinor: 230_000 });
    expect(account.payments[0]).toMatchObject({
      id: paymentId,
      source: 'bank_file',
      amountMinor: 150_000,
      paidOnIso: '2026-11-20',
      applications: [expect.objectContaining({ target: 'installment', sequence: 1, amountMinor: 150_000 })],
    });
    expect(account.claims[0]).toMatchObject({ id: claimId, status: 'confirmed', matchedPaymentId: paymentId });
    const desk = await fixture.call('GET', '/agent/api/payments/desk', { session: agent });
    expect((desk.body?.claims as Array<{ id: string }>).map((open) => open.id)).not.toContain(claimId);
    expect((desk.body?.unmatched as Array<{ id: string }>).map((open) => open.id)).not.toContain(unmatchedId);

    // The same bank line cannot be applied twice.
    const twice = await post(`/agent/api/unmatched-payments/${unmatchedId}/assign`, { accountRef: account.accountRef });
    expect(twice.status).toBe(409);
    expect(twice.body?.error?.code).toBe('already_matched');
    expect((await accountPayments(debtorId)).balanceMinor).toBe(850_000);
  });

  it('refuses a payment of another account or in another currency (422) and unknown ones (404), changing nothing', async () => {
    const first = await debtorOnPlan();
    const other = await debtorOnPlan();
    const claimId = await claim(first.accountId, 200_000);
    const path = `/agent/api/payment-claims/${claimId}/match`;

    const otherAccount = await post(path, { paymentId: other.paymentId });
    expect(otherAccount.status).toBe(422);
    expect(otherAccount.body?.error?.code).toBe('other_account');

    const soles = await unmatched(20_000, 'PEN');
    const currency = await post(path, { unmatchedPaymentId: soles });
    expect(currency.status).toBe(422);
    expect(currency.body?.error?.code).toBe('currency_mismatch');

    expect((await post(path, { paymentId: 'no-such-payment' })).status).toBe(404);
    expect((await post(path, { unmatchedPaymentId: 'no-such-line' })).status).toBe(404);
    const unknownClaim = await post('/agent/api/payment-claims/no-such-claim/match', { paymentId: first.paymentId });
    expect(unknownClaim.status).toBe(404);
    expect(unknownClaim.body?.error?.code).toBe('not_found');

    const desk = await paymentsDesk(fixture.ledger);
    expect(desk.claims.map((open) => open.id)).toContain(claimId);
    expect(desk.unmatched.map((open) => open.id)).toContain(soles);
    expect((await accountPayments(first.debtorId)).balanceMinor).toBe(1_000_000);
    expect((await accountPayments(other.debtorId)).balanceMinor).toBe(1_000_000);
  });

  it('checks the body and the idempotency key (400)', async () => {
    const { accountId, paymentId, accountRef } = await debtorOnPlan();
    const claimId = await claim(accountId, 200_000);
    const unmatchedId = await unmatched(1_000);
    const match = `/agent/api/payment-claims/${claimId}/match`;
    const assign = `/agent/api/unmatched-payments/${unmatchedId}/assign`;
    for (const [path, body] of [
      [match, {}],
      [match, { paymentId, unmatchedPaymentId: unmatchedId }],
      [match, { paymentId: 'not an id!' }],
      [assign, {}],
      [assign, { accountRef: '   ' }],
      [assign, { accountRef: accountRef, accountId }],
    ] as const) {
      const answer = await post(path, body);
      expect({ path, body, status: answer.status, code: answer.body?.error?.code }).toEqual({
        path,
        body,
        status: 400,
        code: 'invalid_request',
      });
    }
    const keyless = await post(match, { paymentId }, { key: null });
    expect(keyless.status).toBe(400);
    expect(keyless.body?.error?.message).toMatch(/idempotency/i);
    expect((await post(match, { paymentId }, { key: 'short' })).status).toBe(400);
    expect((await paymentsDesk(fixture.ledger)).claims.map((open) => open.id)).toContain(claimId);
  });

  it('assigns an unmatched payment to an account by its reference: applied oldest due first, audited as the agent', async () => {
    const { debtorId, accountId, accountRef } = await debtorOnPlan();
    const unmatchedId = await unmatched(300_000);
    const unknownRef = await post(`/agent/api/unmatched-payments/${unmatchedId}/assign`, { accountRef: 'NO-SUCH-REF' });
    expect(unknownRef.status).toBe(404);
    expect(unknownRef.body?.error?.code).toBe('account_not_found');

    const assigned = await post(`/agent/api/unmatched-payments/${unmatchedId}/assign`, { accountRef: ` ${accountRef} ` });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ replayed: false, unmatchedPaymentId: unmatchedId, accountId, accountRef });
    const account = await accountPayments(debtorId);
    expect(account.balanceMinor).toBe(700_000);
    expect(account.payments[0]?.applications).toEqual([
      expect.objectContaining({ target: 'installment', sequence: 1, amountMinor: 190_000 }),
      expect.objectContaining({ target: 'installment', sequence: 2, amountMinor: 110_000 }),
    ]);
    const audit = await fixture.database.prisma.auditEvent.findMany({ where: { action: 'payment.matched', entityId: accountId } });
    expect(audit.map((event) => [event.actorType, event.actorId])).toEqual([['agent', agent.agentId]]);

    const pen = await unmatched(1_000, 'PEN');
    const mismatch = await post(`/agent/api/unmatched-payments/${pen}/assign`, { accountRef });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body?.error?.code).toBe('currency_mismatch');
    expect((await accountPayments(debtorId)).balanceMinor).toBe(700_000);
    expect((await fixture.call('POST', '/agent/api/unmatched-payments/no-such-line/assign', {})).status).toBe(401);
    expect((await post('/agent/api/unmatched-payments/no-such-line/assign', { accountRef })).status).toBe(404);
  });
});
