import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { defaultPolicy, offerPlan, offerSettlement } from '../policy/index.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { agreePlan, agreePlanException, agreeSettlement } from './agreements.js';
import { toAccountView } from './records.js';

const today = '2026-11-23';
const debtorActor = { type: 'debtor', id: 'telegram:9' } as const;

describe.each(testProviders)('agreements on the SQL runner, on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  async function accountView(accountId: string) {
    return toAccountView(await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
  }

  it.skipIf(!available)('round-trips a plan: exact installments, every column Prisma would have, the same view on replay', async () => {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 1_000_003 }]);
    const accountId = accountIds[0]!;
    const before = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    const offer = offerPlan(await accountView(accountId), defaultPolicy, today, { count: 7 });
    if (!offer.ok) throw new Error(offer.refusal.code);
    const input = { idempotencyKey: 'sql-plan-0001', accountId, acceptedOffer: offer.offer, request: { count: 7 }, todayIso: today };
    const first = await agreePlan(ledger.context, { ...input, actor: debtorActor });
    if (!first.ok) throw new Error(first.refusal.code);
    const view = first.agreement;
    expect(view).toMatchObject({
      accountId,
      kind: 'plan',
      status: 'active',
      currency: 'CLP',
      balanceMinor: 1_000_003,
      agreedAmountMinor: 1_000_003,
      discountMinor: 0,
      downPaymentMinor: offer.offer.downPaymentMinor,
      downPaymentDueIso: offer.offer.downPaymentDueIso,
      installmentCount: 7,
      installments: offer.offer.installments,
    });
    expect(view.downPaymentMinor + view.installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(1_000_003);

    const stored = await ledger.database.prisma.agreement.findUniqueOrThrow({ where: { id: view.id }, include: { installments: true } });
    expect(stored).toMatchObject({
      debtorId,
      createdByType: 'debtor',
      createdById: 'telegram:9',
      policyException: false,
      idempotencyKey: 'sql-plan-0001',
    });
    expect(stored.createdAt.getTime()).toBe(view.createdAt.getTime());
    expect(stored.updatedAt.getTime()).toBe(view.createdAt.getTime());
    const installments = [...stored.installments].sort((a, b) => a.sequence - b.sequence);
    expect(installments.map((item) => [item.sequence, item.dueDateIso, item.amountMinor, item.status])).toEqual(
      offer.offer.installments.map((item) => [item.sequence, item.dueDateIso, BigInt(item.amountMinor), 'pending']),
    );
    expect(new Set(installments.map((item) => item.id)).size).toBe(7);
    expect(stored.downPaymentMinor + installments.reduce((sum, item) => sum + item.amountMinor, 0n)).toBe(1_000_003n);

    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.activeAgreementId).toBe(view.id);
    expect(account.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(account.updatedAt.getTime()).toBe(view.createdAt.getTime());

    // Another actor replaying the same request gets the stored agreement back, read on the SQL runner.
    const again = await agreePlan(ledger.context, { ...input, actor: { type: 'agent', id: 'a-2' } });
    expect(again).toEqual({ ok: true, agreement: view, replayed: true });
    expect(await ledger.database.prisma.installment.count({ where: { agreementId: view.id } })).toBe(7);
  });

  it.skipIf(!available)('round-trips a settlement without installments', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 800_001 }]);
    const accountId = accountIds[0]!;
    const offer = offerSettlement(await accountView(accountId), defaultPolicy, today);
    if (!offer.ok) throw new Error(offer.refusal.code);
    const input = { idempotencyKey: 'sql-settle-0001', accountId, acceptedOffer: offer.offer, todayIso: today, actor: debtorActor };
    const first = await agreeSettlement(ledger.context, input);
    if (!first.ok) throw new Error(first.refusal.code);
    expect(first.agreement).toMatchObject({
      kind: 'settlement',
      balanceMinor: 800_001,
      agreedAmountMinor: offer.offer.payAmountMinor,
      discountMinor: offer.offer.discountMinor,
      downPaymentMinor: 0,
      downPaymentDueIso: offer.offer.payByIso,
      installmentCount: 0,
      installments: [],
    });
    expect(first.agreement.agreedAmountMinor + first.agreement.discountMinor).toBe(800_001);
    expect(await agreeSettlement(ledger.context, input)).toEqual({ ok: true, agreement: first.agreement, replayed: true });
    const audit = await ledger.database.prisma.auditEvent.findMany({ where: { entityId: accountId, action: 'agreement.created' } });
    expect(audit.map((event) => JSON.parse(event.data))).toEqual([
      {
        agreementId: first.agreement.id,
        kind: 'settlement',
        currency: 'CLP',
        agreedAmountMinor: offer.offer.payAmountMinor,
        discountMinor: offer.offer.discountMinor,
        downPaymentMinor: 0,
        installmentCount: 0,
      },
    ]);
  });

  it.skipIf(!available)('stores a supervisor plan as a policy exception, audited as one', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 1_000_003 }]);
    const accountId = accountIds[0]!;
    const outcome = await agreePlanException(ledger.context, {
      idempotencyKey: 'sql-exception-0001',
      accountId,
      installmentCount: 30,
      downPaymentMinor: 10_000,
      todayIso: today,
      actor: { type: 'agent', id: 'supervisor-9' },
    });
    if (!outcome.ok) throw new Error(outcome.refusal.code);
    expect(outcome.agreement.installments).toHaveLength(30);
    expect(10_000 + outcome.agreement.installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(1_000_003);
    const stored = await ledger.database.prisma.agreement.findUniqueOrThrow({ where: { id: outcome.agreement.id } });
    expect(stored.policyException).toBe(true);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: accountId, action: 'agreement.policy_exception' } })).toBe(1);
  });

  it.skipIf(!available)('refuses a second agreement on a claimed account, and an unknown account, writing nothing', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma);
    const accountId = accountIds[0]!;
    const offer = offerSettlement(await accountView(accountId), defaultPolicy, today);
    if (!offer.ok) throw new Error(offer.refusal.code);
    const input = { accountId, acceptedOffer: offer.offer, todayIso: today, actor: debtorActor };
    const first = await agreeSettlement(ledger.context, { ...input, idempotencyKey: 'sql-claim-0001' });
    expect(first.ok).toBe(true);
    const second = await agreeSettlement(ledger.context, { ...input, idempotencyKey: 'sql-claim-0002' });
    expect(second).toEqual({ ok: false, refusal: { code: 'agreement_exists', alternative: 'human' } });
    expect(await ledger.database.prisma.agreement.count({ where: { accountId } })).toBe(1);
    await expect(
      agreeSettlement(ledger.context, { ...input, accountId: 'no-such-account', idempotencyKey: 'sql-claim-0003' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      agreePlanException(ledger.context, {
        idempotencyKey: 'sql-claim-0004',
        accountId: 'no-such-account',
        installmentCount: 3,
        downPaymentMinor: 0,
        todayIso: today,
        actor: { type: 'agent', id: 'supervisor-9' },
      }),
    ).rejects.toThrow(NotFoundError);
  });
});
