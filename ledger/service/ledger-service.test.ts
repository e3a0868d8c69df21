import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../db/open-database.js';
import { IdempotencyConflictError } from '../errors.js';
import { defaultPolicy, offerPlan, offerSettlement, type PlanOffer } from '../policy/index.js';
import { testProviders, type TempDatabase } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { agreePlan, agreePlanException, agreeSettlement, openDispute, recordPayment, recordPromise } from './index.js';
import { toAccountView } from './records.js';

const execFileAsync = promisify(execFile);
const today = '2026-11-23';
const debtorActor = { type: 'debtor', id: 'telegram:42' } as const;

describe.each(testProviders)('ledger service on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  async function planFor(accountId: string, request = { count: 5 }): Promise<PlanOffer> {
    const account = toAccountView(await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
    const result = offerPlan(account, defaultPolicy, today, request);
    if (!result.ok) throw new Error(result.refusal.code);
    return result.offer;
  }

  it.skipIf(!available)('records a plan with installments that sum exactly, plus an audit event', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 1_000_003 }]);
    const accountId = accountIds[0]!;
    const offer = await planFor(accountId, { count: 7 });
    const outcome = await agreePlan(ledger.context, {
      idempotencyKey: 'plan-key-0001',
      accountId,
      acceptedOffer: offer,
      request: { count: 7 },
      todayIso: today,
      actor: debtorActor,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const stored = await ledger.database.prisma.agreement.findUniqueOrThrow({
      where: { id: outcome.agreement.id },
      include: { installments: true },
    });
    const installmentSum = stored.installments.reduce((sum, item) => sum + item.amountMinor, 0n);
    expect(stored.downPaymentMinor + installmentSum).toBe(1_000_003n);
    expect(stored.installments).toHaveLength(7);
    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.activeAgreementId).toBe(stored.id);
    const audit = await ledger.database.prisma.auditEvent.findMany({ where: { entityId: accountId, action: 'agreement.created' } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ agreementId: stored.id, installmentCount: 7 });
    expect(audit[0]!.actorId).toBe('telegram:42');
  });

  it.skipIf(!available)('replays the same idempotency key without recording twice, and refuses it with another payload', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma);
    const accountId = accountIds[0]!;
    const offer = await planFor(accountId);
    const input = {
      idempotencyKey: 'plan-key-replay',
      accountId,
      acceptedOffer: offer,
      request: { count: 5 },
      todayIso: today,
      actor: debtorActor,
    };
    const first = await agreePlan(ledger.context, input);
    const again = await agreePlan(ledger.context, input);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.agreement.id).toBe(first.agreement.id);
    expect(await ledger.database.prisma.agreement.count({ where: { accountId } })).toBe(1);
    const otherOffer = await planFor(accountId, { count: 3 });
    await expect(agreePlan(ledger.context, { ...input, acceptedOffer: otherOffer, request: { count: 3 } })).rejects.toThrow(
      IdempotencyConflictError,
    );
  });

  it.skipIf(!available)('refuses an offer that no longer matches the account', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma);
    const accountId = accountIds[0]!;
    const offer = await planFor(accountId);
    await ledger.database.prisma.account.update({ where: { id: accountId }, data: { balanceMinor: 900_000n } });
    const outcome = await agreePlan(ledger.context, {
      idempotencyKey: 'plan-key-stale',
      accountId,
      acceptedOffer: offer,
      request: { count: 5 },
      todayIso: today,
      actor: debtorActor,
    });
    expect(!outcome.ok && outcome.refusal.code).toBe('offer_changed');
    expect(await ledger.database.prisma.agreement.count({ where: { accountId } })).toBe(0);
    expect((await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } })).activeAgreementId).toBeNull();
  });

  it.skipIf(!available)('lets exactly one of two simultaneous agreements on one account succeed', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma);
    const accountId = accountIds[0]!;
    const outcomes =
      provider === 'sqlite'
        ? await raceInTwoProcesses(ledger.database.url, accountId)
        : await raceOnTwoConnections(ledger.database, accountId);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toEqual({ ok: false, code: 'agreement_exists' });
    expect(await ledger.database.prisma.agreement.count({ where: { accountId } })).toBe(1);
  });

  it.skipIf(!available)('schedules a policy-exception plan at the policy frequency, its sums exact', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 1_000_003 }, { balanceMinor: 1_000_003 }]);
    const supervisor = { type: 'agent', id: 'supervisor-1' } as const;
    const cases = [
      [accountIds[0]!, defaultPolicy, ['2028-02-29', '2028-03-31', '2028-04-30']],
      [
        accountIds[1]!,
        { ...defaultPolicy, installments: { ...defaultPolicy.installments, frequency: 'biweekly' as const } },
        ['2028-02-14', '2028-02-28', '2028-03-13'],
      ],
    ] as const;
    for (const [accountId, policy, firstDates] of cases) {
      const input = {
        idempotencyKey: `exception-${accountId}`,
        accountId,
        installmentCount: 24,
        downPaymentMinor: 10_000,
        todayIso: '2028-01-31',
        actor: supervisor,
      };
      const outcome = await agreePlanException({ ...ledger.context, policy }, input);
      if (!outcome.ok) throw new Error(outcome.refusal.code);
      const installments = [...outcome.agreement.installments].sort((a, b) => a.sequence - b.sequence);
      expect(installments).toHaveLength(24);
      expect(installments.slice(0, 3).map((item) => item.dueDateIso)).toEqual(firstDates);
      expect(10_000 + installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(1_000_003);
    }
  });

  it.skipIf(!available)('records a promise within policy and refuses one outside it', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 500_000 }]);
    const accountId = accountIds[0]!;
    const good = await recordPromise(ledger.context, {
      idempotencyKey: 'promise-key-1',
      accountId,
      amountMinor: 50_000,
      dueDateIso: '2026-12-08',
      todayIso: today,
      actor: debtorActor,
    });
    expect(good.ok && good.promise).toMatchObject({ amountMinor: 50_000, dueDateIso: '2026-12-08', status: 'pending' });
    const late = await recordPromise(ledger.context, {
      idempotencyKey: 'promise-key-2',
      accountId,
      amountMinor: 50_000,
      dueDateIso: '2026-12-09',
      todayIso: today,
      actor: debtorActor,
    });
    expect(!late.ok && late.refusal.code).toBe('date_too_far');
    expect(await ledger.database.prisma.paymentPromise.count({ where: { accountId } })).toBe(1);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: accountId, action: 'promise.created' } })).toBe(1);
  });

  it.skipIf(!available)('puts a disputed account on hold, after which nothing is offered or agreed', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma);
    const accountId = accountIds[0]!;
    const offer = await planFor(accountId);
    const { dispute } = await openDispute(ledger.context, {
      idempotencyKey: 'dispute-key-1',
      accountId,
      category: 'not_mine',
      text: 'no es mi deuda',
      actor: debtorActor,
    });
    expect(dispute.reference).toMatch(/^DSP-[A-Z2-9]{6}$/);
    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.status).toBe('on_hold');
    const outcome = await agreePlan(ledger.context, {
      idempotencyKey: 'plan-after-dispute',
      accountId,
      acceptedOffer: offer,
      request: { count: 5 },
      todayIso: today,
      actor: debtorActor,
    });
    expect(!outcome.ok && outcome.refusal.code).toBe('account_on_hold');
    const audit = await ledger.database.prisma.auditEvent.findFirstOrThrow({ where: { entityId: accountId, action: 'dispute.opened' } });
    expect(JSON.parse(audit.data)).toMatchObject({ statusBefore: 'active', statusAfter: 'on_hold' });
  });

  it.skipIf(!available)('records a payment once per idempotency key, lowering the balance once', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ currency: 'USD', balanceMinor: 163_163 }]);
    const accountId = accountIds[0]!;
    const input = {
      idempotencyKey: 'payment-key-1',
      accountId,
      amountMinor: 63_163,
      currency: 'USD',
      paidOnIso: today,
      source: 'gateway',
      actor: { type: 'system' } as const,
    };
    const [first, second] = await Promise.all([recordPayment(ledger.context, input), recordPayment(ledger.context, input)]);
    expect(first.payment.id).toBe(second.payment.id);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await ledger.database.prisma.payment.count({ where: { accountId } })).toBe(1);
    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.balanceMinor).toBe(100_000n);
    const entries = await ledger.database.prisma.balanceEntry.findMany({ where: { accountId } });
    expect(entries.map((entry) => [entry.deltaMinor, entry.balanceAfterMinor])).toEqual([[-63_163n, 100_000n]]);
    await expect(recordPayment(ledger.context, { ...input, amountMinor: 1 })).rejects.toThrow(IdempotencyConflictError);
    await expect(recordPayment(ledger.context, { ...input, idempotencyKey: 'payment-key-2', currency: 'CLP' })).rejects.toThrow(
      'the account is in USD',
    );
  });

  it.skipIf(!available)('settles the account and completes its agreement when paid in full', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 300_000 }]);
    const accountId = accountIds[0]!;
    const offer = await planFor(accountId, { count: 2 });
    const agreed = await agreePlan(ledger.context, {
      idempotencyKey: 'plan-then-pay',
      accountId,
      acceptedOffer: offer,
      request: { count: 2 },
      todayIso: today,
      actor: debtorActor,
    });
    expect(agreed.ok).toBe(true);
    await recordPayment(ledger.context, {
      idempotencyKey: 'payment-full-1',
      accountId,
      amountMinor: 300_000,
      currency: 'CLP',
      paidOnIso: today,
      source: 'agent',
      actor: { type: 'agent', id: 'a1' },
    });
    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId }, include: { agreements: true } });
    expect(account.status).toBe('settled');
    expect(account.activeAgreementId).toBeNull();
    expect(account.agreements[0]?.status).toBe('completed');
  });
});

type RaceOutcome = { ok: true } | { ok: false; code: string };

/** Two server instances on PostgreSQL: two pools, truly simultaneous. */
async function raceOnTwoConnections(database: TempDatabase, accountId: string): Promise<RaceOutcome[]> {
  const second = await openLedgerDatabase(database.url, { migrate: false });
  try {
    const account = toAccountView(await database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
    const plan = offerPlan(account, defaultPolicy, today, { count: 5 });
    const settlement = offerSettlement(account, defaultPolicy, today);
    if (!plan.ok || !settlement.ok) throw new Error('no offer');
    const outcomes = await Promise.all([
      agreePlan(
        { prisma: database.prisma, sql: database.sql, policy: defaultPolicy },
        {
          idempotencyKey: 'race-key-plan-a',
          accountId,
          acceptedOffer: plan.offer,
          request: { count: 5 },
          todayIso: today,
          actor: debtorActor,
        },
      ),
      agreeSettlement(
        { prisma: second.prisma, sql: second.sql, policy: defaultPolicy },
        { idempotencyKey: 'race-key-settle-b', accountId, acceptedOffer: settlement.offer, todayIso: today, actor: debtorActor },
      ),
    ]);
    return outcomes.map((outcome) => (outcome.ok ? { ok: true } : { ok: false, code: outcome.refusal.code }));
  } finally {
    await second.close();
  }
}

/** Two processes on one SQLite file, released at the same instant. */
async function raceInTwoProcesses(url: string, accountId: string): Promise<RaceOutcome[]> {
  const worker = fileURLToPath(new URL('../../test/support/agree-worker.ts', import.meta.url));
  const startAt = String(Date.now() + 2500);
  const run = (kind: string, key: string) =>
    execFileAsync(process.execPath, ['--import', 'tsx', worker, url, accountId, kind, key, startAt]).then(
      ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as RaceOutcome,
    );
  return Promise.all([run('plan', 'race-proc-plan-a'), run('settlement', 'race-proc-settle-b')]);
}
