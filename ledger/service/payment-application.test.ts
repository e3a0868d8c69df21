import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, offerPlan, offerSettlement } from '../policy/index.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { agreePlan, agreeSettlement } from './agreements.js';
import { allocatePayment, planStanding, type Obligation } from './payment-allocation.js';
import { agreementStanding, debtorPayments } from './payment-history.js';
import { reversePayment } from './payment-reversals.js';
import { recordPayment } from './payments.js';
import { toAccountView } from './records.js';

const today = '2026-11-23';
const actor = { type: 'system' } as const;

describe('allocatePayment', () => {
  const obligation = (sequence: number, dueDateIso: string, amountMinor: number, paidMinor = 0): Obligation => ({
    target: sequence === 0 ? 'lump_sum' : 'installment',
    sequence,
    dueDateIso,
    amountMinor,
    paidMinor,
  });

  it('pays the oldest due first, then the balance, then credit; every part sums to the payment', () => {
    const schedule = {
      agreementId: 'a',
      kind: 'plan' as const,
      obligations: [obligation(2, '2026-12-30', 300), obligation(0, '2026-11-25', 100, 40), obligation(1, '2026-11-30', 300)],
    };
    const allocation = allocatePayment(500, 1_000, schedule);
    expect(allocation.applications.map((item) => [item.target, item.sequence, item.amountMinor])).toEqual([
      ['lump_sum', 0, 60],
      ['installment', 1, 300],
      ['installment', 2, 140],
    ]);
    const over = allocatePayment(1_200, 940, schedule);
    expect(over.creditMinor).toBe(260);
    expect(over.settles).toBe(true);
    expect(over.applications.at(-1)).toMatchObject({ target: 'credit', amountMinor: 260 });
  });

  it('a settlement owes only its amount: paying it writes the discount off; paying beyond it is credit', () => {
    const schedule = { agreementId: 's', kind: 'settlement' as const, obligations: [obligation(0, '2026-11-30', 700)] };
    const partial = allocatePayment(300, 1_000, schedule);
    expect(partial).toMatchObject({ appliedMinor: 300, writeOffMinor: 0, settles: false });
    const whole = allocatePayment(800, 1_000, schedule);
    expect(whole).toMatchObject({ appliedMinor: 700, creditMinor: 100, writeOffMinor: 300, settles: true });
  });

  it('property: parts are exact, never negative, and never pay an obligation beyond its amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (amount, parts, extraBalance) => {
          const obligations = parts.map(([amountMinor, paidPercent], index) =>
            obligation(
              index,
              `2026-12-${String((index % 28) + 1).padStart(2, '0')}`,
              amountMinor,
              Math.floor((amountMinor * paidPercent) / 100),
            ),
          );
          const owed = obligations.reduce((sum, item) => sum + item.amountMinor - item.paidMinor, 0);
          const allocation = allocatePayment(amount, owed + extraBalance, { agreementId: 'p', kind: 'plan', obligations });
          const received = allocation.applications.filter((item) => item.target !== 'write_off');
          expect(received.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(amount);
          expect(received.every((item) => Number.isSafeInteger(item.amountMinor) && item.amountMinor > 0)).toBe(true);
          for (const item of obligations) {
            const paid = allocation.applications
              .filter((part) => part.target === item.target && part.sequence === item.sequence)
              .reduce((sum, part) => sum + part.amountMinor, 0);
            expect(item.paidMinor + paid).toBeLessThanOrEqual(item.amountMinor);
          }
        },
      ),
    );
  });

  it('a plan is late while something due before today is unpaid, current again once paid, completed when all is', () => {
    const due = [obligation(0, '2026-11-25', 100, 100), obligation(1, '2026-12-25', 300, 0)];
    expect(planStanding(due, '2026-12-25')).toBe('current');
    expect(planStanding(due, '2026-12-26')).toBe('late');
    expect(planStanding([due[0]!, { ...due[1]!, paidMinor: 300 }], '2027-01-30')).toBe('completed');
  });
});

describe.each(testProviders)('payments applied to plans and settlements on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  let keys = 0;

  async function accountWithPlan(balanceMinor: number, count: number) {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor }]);
    const accountId = accountIds[0]!;
    const account = toAccountView(await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
    const offer = offerPlan(account, defaultPolicy, today, { count });
    if (!offer.ok) throw new Error(offer.refusal.code);
    const agreed = await agreePlan(ledger.context, {
      idempotencyKey: `plan-${accountId}`,
      accountId,
      acceptedOffer: offer.offer,
      request: { count },
      todayIso: today,
      actor,
    });
    if (!agreed.ok) throw new Error(agreed.refusal.code);
    return { debtorId, accountId, plan: agreed.agreement };
  }

  const pay = (accountId: string, amountMinor: number, currency = 'CLP', paidOnIso = today) =>
    recordPayment(ledger.context, {
      idempotencyKey: `payment-${(keys += 1)}`,
      accountId,
      amountMinor,
      currency,
      paidOnIso,
      source: 'test',
      actor,
    });

  async function stored(accountId: string) {
    const account = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    const agreement = await ledger.database.prisma.agreement.findFirstOrThrow({
      where: { accountId },
      include: { installments: { orderBy: { sequence: 'asc' } } },
      orderBy: { createdAt: 'desc' },
    });
    return { account, agreement };
  }

  it.skipIf(!available)('partial payments fill the down payment, then installments in order, exactly', async () => {
    const { accountId, plan } = await accountWithPlan(1_000_003, 4);
    const first = plan.installments[0]!.amountMinor;
    await pay(accountId, plan.downPaymentMinor - 1);
    await pay(accountId, 1 + first + 5);
    const { account, agreement } = await stored(accountId);
    expect(agreement.lumpSumPaidMinor).toBe(BigInt(plan.downPaymentMinor));
    expect(agreement.installments.map((item) => [item.sequence, item.paidMinor, item.status])).toEqual([
      [1, BigInt(first), 'paid'],
      [2, 5n, 'pending'],
      [3, 0n, 'pending'],
      [4, 0n, 'pending'],
    ]);
    expect(account.balanceMinor).toBe(BigInt(1_000_003 - plan.downPaymentMinor - first - 5));
    const [history] = await debtorPayments(ledger.context, account.debtorId);
    expect(history?.payments.map((item) => item.applications.map((part) => `${part.target}#${part.sequence}:${part.amountMinor}`))).toEqual(
      [['lump_sum#0:1', `installment#1:${first}`, 'installment#2:5'], [`lump_sum#0:${plan.downPaymentMinor - 1}`]],
    );
  });

  it.skipIf(!available)('an overpayment settles the account, completes the plan and leaves the rest as credit', async () => {
    const { accountId } = await accountWithPlan(300_000, 3);
    const { payment } = await pay(accountId, 350_000);
    expect(payment).toMatchObject({ balanceAfterMinor: 0, creditMinor: 50_000 });
    const { account, agreement } = await stored(accountId);
    expect([account.balanceMinor, account.creditMinor, account.status, account.activeAgreementId]).toEqual([0n, 50_000n, 'settled', null]);
    expect(agreement.status).toBe('completed');
    expect(agreement.installments.every((item) => item.status === 'paid')).toBe(true);
  });

  it.skipIf(!available)(
    'a reversal reopens what it paid: installments, the plan, the settled account, the credit, a kept promise',
    async () => {
      const { debtorId, accountId } = await accountWithPlan(300_000, 3);
      const promise = await ledger.database.prisma.paymentPromise.create({
        data: {
          accountId,
          debtorId,
          currency: 'CLP',
          amountMinor: 300_000n,
          dueDateIso: '2026-11-30',
          createdByType: 'debtor',
          idempotencyKey: `promise-${accountId}`,
          requestHash: 'h',
          createdAt: new Date('2026-11-20T15:00:00Z'),
        },
      });
      const { payment } = await pay(accountId, 320_000);
      const storedPromise = () => ledger.database.prisma.paymentPromise.findUniqueOrThrow({ where: { id: promise.id } });
      expect(await storedPromise()).toMatchObject({ status: 'kept', decidedAt: expect.any(Date) });
      const reverse = () =>
        reversePayment(ledger.context, {
          idempotencyKey: `rev-${payment.id}`,
          paymentId: payment.id,
          reason: 'chargeback',
          reversedOnIso: '2026-11-28',
          source: 'test',
          actor,
        });
      const reversal = await reverse();
      expect(reversal.reversal).toMatchObject({ kind: 'reversal', amountMinor: 320_000, balanceAfterMinor: 300_000 });
      const { account, agreement } = await stored(accountId);
      expect([account.balanceMinor, account.creditMinor, account.status, account.activeAgreementId]).toEqual([
        300_000n,
        0n,
        'active',
        agreement.id,
      ]);
      expect(agreement.status).toBe('active');
      expect(agreement.lumpSumPaidMinor).toBe(0n);
      expect(agreement.installments.map((item) => [item.paidMinor, item.status])).toEqual([
        [0n, 'pending'],
        [0n, 'pending'],
        [0n, 'pending'],
      ]);
      expect(await storedPromise()).toMatchObject({ status: 'pending', decidedAt: null });
      // The same reversal again changes nothing.
      const again = await reverse();
      expect(again.replayed).toBe(true);
      expect((await stored(accountId)).account.balanceMinor).toBe(300_000n);
      const entries = await ledger.database.prisma.balanceEntry.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
      expect(entries.map((entry) => [entry.kind, entry.deltaMinor])).toEqual([
        ['payment', -300_000n],
        ['reversal', 300_000n],
      ]);
    },
  );

  it.skipIf(!available)('a settlement paid in full writes its discount off; the currency must be the account’s', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 1_000_000, dueDateIso: '2026-01-10' }]);
    const accountId = accountIds[0]!;
    const account = toAccountView(await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
    const offer = offerSettlement(account, defaultPolicy, today, {});
    if (!offer.ok) throw new Error(offer.refusal.code);
    expect(offer.offer.discountMinor).toBeGreaterThan(0);
    const agreed = await agreeSettlement(ledger.context, {
      idempotencyKey: `settle-${accountId}`,
      accountId,
      acceptedOffer: offer.offer,
      todayIso: today,
      actor,
    });
    expect(agreed.ok).toBe(true);
    await expect(pay(accountId, 100, 'USD')).rejects.toMatchObject({ code: 'currency_mismatch' });
    await pay(accountId, offer.offer.payAmountMinor - 1_000);
    expect((await stored(accountId)).account.status).toBe('active');
    const { payment } = await pay(accountId, 1_000);
    expect(payment.balanceAfterMinor).toBe(0);
    const { account: after, agreement } = await stored(accountId);
    expect([after.balanceMinor, after.status, agreement.status]).toEqual([0n, 'settled', 'completed']);
    const writeOff = await ledger.database.prisma.balanceEntry.findFirstOrThrow({ where: { accountId, kind: 'adjustment' } });
    expect(writeOff.deltaMinor).toBe(-BigInt(offer.offer.discountMinor));
  });

  it.skipIf(!available)('a plan goes late when an installment date passes unpaid, and back to current once it is paid', async () => {
    const { accountId, plan } = await accountWithPlan(600_000, 3);
    const firstDue = plan.installments[0]!.dueDateIso;
    const dayAfter = new Date(Date.parse(`${firstDue}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await pay(accountId, plan.downPaymentMinor);
    expect((await agreementStanding(ledger.context, accountId, firstDue))?.standing).toBe('current');
    const late = await agreementStanding(ledger.context, accountId, dayAfter);
    expect(late).toMatchObject({ standing: 'late', next: { sequence: 1, amountMinor: plan.installments[0]!.amountMinor } });
    await pay(accountId, plan.installments[0]!.amountMinor);
    expect((await agreementStanding(ledger.context, accountId, dayAfter))?.standing).toBe('current');
  });

  it.skipIf(!available)('20 copies of one payment at once apply once; concurrent payments on one account stay exact', async () => {
    const { accountId, plan } = await accountWithPlan(900_000, 3);
    const input = {
      idempotencyKey: `same-${accountId}`,
      accountId,
      amountMinor: 1_000,
      currency: 'CLP',
      paidOnIso: today,
      source: 'test',
      actor,
    };
    const copies = await Promise.all(Array.from({ length: 20 }, () => recordPayment(ledger.context, input)));
    expect(copies.filter((item) => !item.replayed)).toHaveLength(1);
    await Promise.all(Array.from({ length: 30 }, () => pay(accountId, 7_000)));
    const { account, agreement } = await stored(accountId);
    expect(account.balanceMinor).toBe(BigInt(900_000 - 1_000 - 30 * 7_000));
    const paidOnSchedule = agreement.lumpSumPaidMinor + agreement.installments.reduce((sum, item) => sum + item.paidMinor, 0n);
    expect(paidOnSchedule).toBe(BigInt(1_000 + 30 * 7_000));
    expect(agreement.lumpSumPaidMinor).toBe(BigInt(Math.min(plan.downPaymentMinor, 211_000)));
  });
});
