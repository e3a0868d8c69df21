import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar.js';
import type { CurrencyCode } from '../money/index.js';
import { defaultPolicy, offerPlan, offerSettlement, validatePromise, type AccountFacts, type PlanRequest } from './index.js';

const today = '2026-11-23';
const account = (overrides: Partial<AccountFacts> = {}): AccountFacts => ({
  balanceMinor: 1_000_000,
  currency: 'CLP',
  status: 'active',
  dueDateIso: '2026-06-01',
  ...overrides,
});

describe('settlement offers', () => {
  it.each([
    [0, 0],
    [89, 0],
    [90, 15],
    [179, 15],
    [180, 30],
    [2000, 30],
  ])('after %i days past due allows at most %i%% off', (days, percent) => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, -days) }), defaultPolicy, today);
    expect(result.ok && result.offer.discountPercent).toBe(percent);
  });

  it('never gives more discount than allowed, even when asked for 50%', () => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, -200), balanceMinor: 1_000_001 }), defaultPolicy, today, { discountPercent: 50 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.offer).toMatchObject({ discountPercent: 30, discountMinor: 300_000, payAmountMinor: 700_001, capped: true, payByIso: '2026-11-30' });
  });

  it('gives a smaller discount when that is what the debtor asks', () => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, -200) }), defaultPolicy, today, { discountPercent: 10 });
    expect(result.ok && result.offer.discountMinor).toBe(100_000);
  });

  it('treats an account not yet due as 0 days past due', () => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, 10) }), defaultPolicy, today);
    expect(result.ok && result.offer).toMatchObject({ daysPastDue: 0, discountMinor: 0, payAmountMinor: 1_000_000 });
  });

  it.each([
    ['on_hold', 'account_on_hold'],
    ['settled', 'account_not_active'],
    ['closed', 'account_not_active'],
  ] as const)('offers nothing on a %s account', (status, code) => {
    const result = offerSettlement(account({ status }), defaultPolicy, today);
    expect(!result.ok && result.refusal.code).toBe(code);
  });
});

describe('installment plans', () => {
  const plan = (request: PlanRequest, overrides: Partial<AccountFacts> = {}) => {
    const result = offerPlan(account(overrides), defaultPolicy, today, request);
    if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
    return result;
  };

  it.each([
    [{ count: 12 }, 12, []],
    [{ count: 13 }, 12, ['count_above_max']],
    [{ count: 24 }, 12, ['count_above_max']],
    [{ count: 2 }, 2, []],
    [{ count: 1 }, 2, ['count_below_min']],
    [{}, 12, []],
  ])('asked %j gives %i installments', (request, count, adjustments) => {
    const result = plan(request);
    expect(result.offer.installmentCount).toBe(count);
    expect(result.adjustments).toEqual(adjustments);
  });

  it('takes the minimum down payment and sums exactly to the balance', () => {
    const { offer } = plan({ count: 3 }, { balanceMinor: 1_000_001 });
    expect(offer.downPaymentMinor).toBe(100_001); // 10% rounded up
    expect(offer.installments.map((item) => item.amountMinor)).toEqual([300_000, 300_000, 300_000]);
    expect(offer.downPaymentMinor + offer.installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(offer.agreedAmountMinor);
  });

  it('puts the remainder on the first installment', () => {
    const { offer } = plan({ count: 3, downPaymentMinor: 100_000 }, { balanceMinor: 1_000_000 });
    expect(offer.installments.map((item) => item.amountMinor)).toEqual([300_000, 300_000, 300_000]);
    const uneven = plan({ count: 7, downPaymentMinor: 100_000 }, { balanceMinor: 1_000_000 });
    expect(uneven.offer.installments.map((item) => item.amountMinor)).toEqual([128_574, 128_571, 128_571, 128_571, 128_571, 128_571, 128_571]);
  });

  it('schedules installments monthly on the day of the month of today (the default), down payment today', () => {
    const { offer } = plan({ count: 3 });
    expect(offer.downPaymentDueIso).toBe(today);
    expect(offer.installments.map((item) => item.dueDateIso)).toEqual(['2026-12-23', '2027-01-23', '2027-02-23']);
  });

  it('turns a monthly amount into the nearest allowed count', () => {
    expect(plan({ monthlyAmountMinor: 300_000 }).offer.installmentCount).toBe(3);
    expect(plan({ monthlyAmountMinor: 250_000 }).offer.installmentCount).toBe(4);
    const tooLow = plan({ monthlyAmountMinor: 10_000 });
    expect(tooLow.offer.installmentCount).toBe(12);
    expect(tooLow.adjustments).toEqual(['monthly_amount_too_low']);
  });

  it('never lets an installment fall below the minimum for the currency', () => {
    // 200,000 CLP: 20,000 down, 180,000 left → at most 18 by minimum, 12 by count.
    expect(plan({ count: 12 }, { balanceMinor: 200_000 }).offer.installmentCount).toBe(12);
    // 50,000 CLP: 5,000 down, 45,000 left → at most 4 installments of ≥ 10,000.
    const small = plan({ count: 6 }, { balanceMinor: 50_000 });
    expect(small.offer.installmentCount).toBe(4);
    expect(small.adjustments).toEqual(['installment_below_min']);
    expect(Math.min(...small.offer.installments.map((item) => item.amountMinor))).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    ['CLP', 1_000_000, 10_000],
    ['COP', 5_000_000, 20_000],
    ['PEN', 100_000, 3_000],
    ['USD', 163_163, 2_500],
    ['MXN', 4_668_858, 20_000],
  ] as const)('respects the %s minimum installment of %i minor units at every count', (currency, balanceMinor, minimum) => {
    for (let count = 1; count <= 30; count += 1) {
      const { offer } = plan({ count }, { currency: currency as CurrencyCode, balanceMinor });
      expect(offer.installmentCount).toBeLessThanOrEqual(12);
      expect(offer.installmentCount).toBeGreaterThanOrEqual(2);
      for (const item of offer.installments) expect(item.amountMinor).toBeGreaterThanOrEqual(minimum);
      expect(offer.downPaymentMinor + offer.installments.reduce((sum, item) => sum + item.amountMinor, 0)).toBe(balanceMinor);
    }
  });

  it('raises a down payment below the minimum and lowers one that leaves no plan', () => {
    const low = plan({ count: 4, downPaymentMinor: 1 });
    expect(low.offer.downPaymentMinor).toBe(100_000);
    expect(low.adjustments).toContain('down_payment_below_min');
    const high = plan({ count: 4, downPaymentMinor: 5_000_000 });
    expect(high.offer.downPaymentMinor).toBe(1_000_000 - 2 * 10_000);
    expect(high.adjustments).toContain('down_payment_too_high');
  });

  it.each([
    [{ balanceMinor: 1 }, 'below_min_installment'],
    [{ balanceMinor: 22_222 }, 'below_min_installment'],
    [{ balanceMinor: 0 }, 'nothing_owed'],
    [{ status: 'on_hold' as const }, 'account_on_hold'],
  ])('refuses a plan for %j with %s', (overrides, code) => {
    const result = offerPlan(account(overrides), defaultPolicy, today, { count: 3 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.code).toBe(code);
  });

  it('offers the smallest plan at exactly the boundary balance', () => {
    // 10% down of 22,223 = 2,223 (rounded up); 20,000 left = two installments of exactly 10,000.
    const { offer } = plan({}, { balanceMinor: 22_223 });
    expect(offer).toMatchObject({ downPaymentMinor: 2_223, installmentCount: 2 });
    expect(offer.installments.map((item) => item.amountMinor)).toEqual([10_000, 10_000]);
  });

  it('refuses a currency the policy has no minimum for', () => {
    const result = offerPlan(account({ currency: 'ARS', balanceMinor: 1_000_000 }), defaultPolicy, today, {});
    expect(!result.ok && result.refusal.code).toBe('currency_not_configured');
  });
});

describe('promises to pay', () => {
  const check = (amountMinor: number, dueDateIso: string, overrides: Partial<AccountFacts> = {}) =>
    validatePromise(account(overrides), defaultPolicy, today, { amountMinor, dueDateIso });

  it.each([
    [100_000, today, true, null],
    [100_000, '2026-12-08', true, null],
    [100_000, '2026-12-09', false, 'date_too_far'],
    [100_000, '2026-11-22', false, 'date_in_past'],
    [100_000, '2026-02-30', false, 'date_in_past'],
    [99_999, '2026-11-30', false, 'amount_below_min'],
    [1_000_000, '2026-11-30', true, null],
    [1_000_001, '2026-11-30', false, 'amount_above_balance'],
    [0, '2026-11-30', false, 'invalid_amount'],
    [-5, '2026-11-30', false, 'invalid_amount'],
  ])('amount %i on %s → ok %s (%s)', (amount, date, ok, code) => {
    const result = check(amount, date);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.refusal.code).toBe(code);
  });

  it('tells the limits in the refusal', () => {
    const late = check(100_000, '2027-01-01');
    expect(!late.ok && late.refusal).toMatchObject({ latestDateIso: '2026-12-08', earliestDateIso: today });
    const small = check(1, '2026-11-30', { balanceMinor: 1_000_001 });
    expect(!small.ok && small.refusal.minAmountMinor).toBe(100_001);
  });

  it('accepts the whole of a 1-minor-unit balance', () => {
    expect(check(1, today, { balanceMinor: 1, currency: 'USD' }).ok).toBe(true);
  });

  it('takes no promise on a disputed account', () => {
    const result = check(500_000, today, { status: 'on_hold' });
    expect(!result.ok && result.refusal.code).toBe('account_on_hold');
  });
});
