import { describe, expect, it } from 'vitest';
import { addDays } from '../../lib/calendar.js';
import type { CurrencyCode } from '../money/index.js';
import {
  defaultPolicy,
  minDownPaymentMinor,
  minPromiseMinor,
  offerExceptionPlan,
  offerPlan,
  offerSettlement,
  percentTextToBasisPoints,
  validatePromise,
  type AccountFacts,
  type PlanRequest,
  type Policy,
} from './index.js';

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
    const result = offerSettlement(account({ dueDateIso: addDays(today, -200), balanceMinor: 1_000_001 }), defaultPolicy, today, {
      discountBasisPoints: 5_000,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.offer).toMatchObject({
      discountPercent: 30,
      discountMinor: 300_000,
      payAmountMinor: 700_001,
      capped: true,
      payByIso: '2026-11-30',
    });
  });

  it('gives a smaller discount when that is what the debtor asks', () => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, -200) }), defaultPolicy, today, { discountBasisPoints: 1_000 });
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
    expect(uneven.offer.installments.map((item) => item.amountMinor)).toEqual([
      128_574, 128_571, 128_571, 128_571, 128_571, 128_571, 128_571,
    ]);
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

describe('the engine is total: bad numbers and dates end in a typed refusal, never a throw', () => {
  const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0.5, 2.5, Number.MAX_SAFE_INTEGER + 1, 1e308];

  it.each(bad)('refuses a plan asked for %f installments as invalid_request', (count) => {
    const result = offerPlan(account(), defaultPolicy, today, { count });
    expect(!result.ok && result.refusal.code).toBe('invalid_request');
  });

  it.each(bad)('refuses a plan with a down payment or a monthly amount of %f minor units as invalid_amount', (amountMinor) => {
    const down = offerPlan(account(), defaultPolicy, today, { downPaymentMinor: amountMinor });
    expect(!down.ok && down.refusal).toMatchObject({ code: 'invalid_amount', minAmountMinor: 100_000, maxAmountMinor: 980_000 });
    const monthly = offerPlan(account(), defaultPolicy, today, { monthlyAmountMinor: amountMinor });
    expect(!monthly.ok && monthly.refusal.code).toBe('invalid_amount');
  });

  it('still adjusts a whole count out of range (0 or 1 000 000) instead of refusing it', () => {
    expect(offerPlan(account(), defaultPolicy, today, { count: 0 })).toMatchObject({
      ok: true,
      adjustments: ['count_below_min'],
      offer: { installmentCount: 2 },
    });
    expect(offerPlan(account(), defaultPolicy, today, { count: 1_000_000 })).toMatchObject({
      ok: true,
      adjustments: ['count_above_max'],
      offer: { installmentCount: 12 },
    });
  });

  it.each(bad)('refuses an account whose balance is %f minor units, sending it to a person', (balanceMinor) => {
    for (const result of [
      offerPlan(account({ balanceMinor }), defaultPolicy, today),
      offerSettlement(account({ balanceMinor }), defaultPolicy, today),
      validatePromise(account({ balanceMinor }), defaultPolicy, today, { amountMinor: 100_000, dueDateIso: today }),
    ]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['invalid_request', 'nothing_owed']).toContain(result.refusal.code);
    }
  });

  it.each(['', '2026-02-30', '23/11/2026', '2026-11-23T10:00:00Z', '9999-12-31'])(
    'refuses every offer when today is %j (not a date, or no room for the dates after it)',
    (todayIso) => {
      expect(offerPlan(account(), defaultPolicy, todayIso, { count: 3 })).toMatchObject({
        ok: false,
        refusal: { code: 'invalid_request' },
      });
      expect(offerSettlement(account(), defaultPolicy, todayIso)).toMatchObject({ ok: false, refusal: { code: 'invalid_request' } });
      expect(validatePromise(account(), defaultPolicy, todayIso, { amountMinor: 100_000, dueDateIso: '2026-11-30' })).toMatchObject({
        ok: false,
        refusal: { code: 'invalid_request' },
      });
    },
  );

  it('refuses a settlement on an account whose due date is not a date', () => {
    expect(offerSettlement(account({ dueDateIso: 'soon' }), defaultPolicy, today)).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_request' },
    });
  });

  it.each([
    [{ discountBasisPoints: -1 }],
    [{ discountBasisPoints: 12.5 }],
    [{ discountBasisPoints: Number.NaN }],
    [{ discountBasisPoints: Number.POSITIVE_INFINITY }],
  ])('refuses a settlement asking %j as invalid_request (never rounds the ask)', (request) => {
    const result = offerSettlement(account({ dueDateIso: addDays(today, -200) }), defaultPolicy, today, request);
    expect(!result.ok && result.refusal.code).toBe('invalid_request');
  });

  it.each([Number.NaN, 1.5, -1, Number.MAX_SAFE_INTEGER + 2])('refuses a promise of %f minor units as invalid_amount', (amountMinor) => {
    const result = validatePromise(account(), defaultPolicy, today, { amountMinor, dueDateIso: '2026-11-30' });
    expect(!result.ok && result.refusal.code).toBe('invalid_amount');
  });
});

/** The basis points of a percentage as a debtor types it (the test fails if the text is refused). */
function typedBasisPoints(text: string): number {
  const read = percentTextToBasisPoints(text);
  if (!read.ok) throw new Error(`"${text}" was refused`);
  return read.basisPoints;
}

describe('exact percentages (basis points) and the rounding rule: a share rounds inside the policy limit', () => {
  const pastDue = { dueDateIso: addDays(today, -200) };

  it('takes an asked discount in basis points exactly, and the same ask typed as a percentage with two decimals', () => {
    const exact = offerSettlement(account({ ...pastDue, balanceMinor: 1_000 }), defaultPolicy, today, { discountBasisPoints: 1_250 });
    expect(exact.ok && exact.offer).toMatchObject({
      discountBasisPoints: 1_250,
      discountPercent: 12.5,
      discountMinor: 125,
      payAmountMinor: 875,
      capped: false,
    });
    const typed = offerSettlement(account({ ...pastDue, balanceMinor: 1_000 }), defaultPolicy, today, {
      discountBasisPoints: typedBasisPoints('12,5'),
    });
    expect(typed).toEqual(exact);
    const tiny = offerSettlement(account({ ...pastDue, balanceMinor: 10_000 }), defaultPolicy, today, {
      discountBasisPoints: typedBasisPoints('0.29'),
    });
    expect(tiny.ok && tiny.offer).toMatchObject({ discountBasisPoints: 29, discountMinor: 29 });
  });

  it.each([
    ['x.5 units (12.5 % of 1 004 = 125.5) rounds down', 'CLP', 1_004, 1_250, 125],
    ['30 % of $3.423.473 CLP = 1 027 041.9 rounds down', 'CLP', 3_423_473, 3_000, 1_027_041],
    ['30 % of 5 cents USD = 1.5 rounds down', 'USD', 5, 3_000, 1],
    ['0 % is nothing', 'COP', 1_234_567, 0, 0],
  ] as const)('a discount is a maximum: %s', (_label, currency, balanceMinor, discountBasisPoints, discountMinor) => {
    const result = offerSettlement(account({ ...pastDue, currency, balanceMinor }), defaultPolicy, today, { discountBasisPoints });
    expect(result.ok && result.offer).toMatchObject({ discountMinor, payAmountMinor: balanceMinor - discountMinor });
  });

  it('a 100 % band gives the whole balance off, and asking more is capped', () => {
    const policy: Policy = {
      ...defaultPolicy,
      settlement: { ...defaultPolicy.settlement, discountByDaysPastDue: [{ fromDays: 0, maxBasisPoints: 10_000 }] },
    };
    const result = offerSettlement(account({ balanceMinor: 3_423_473 }), policy, today, { discountBasisPoints: 15_000 });
    expect(result.ok && result.offer).toMatchObject({
      discountBasisPoints: 10_000,
      discountMinor: 3_423_473,
      payAmountMinor: 0,
      capped: true,
    });
  });

  it.each([
    ['x.5 units (10 % of 1 005 = 100.5) rounds up', 1_005, 101],
    ['10 % of 1 000 001 = 100 000.1 rounds up', 1_000_001, 100_001],
    ['an exact share stays', 1_000_000, 100_000],
  ])('a minimum down payment and a minimum promise are minimums: %s', (_label, balanceMinor, minimumMinor) => {
    expect(minDownPaymentMinor(balanceMinor, defaultPolicy)).toBe(minimumMinor);
    expect(minPromiseMinor(account({ balanceMinor }), defaultPolicy)).toBe(minimumMinor);
  });

  it('0 % and 100 % minimums', () => {
    const none: Policy = {
      ...defaultPolicy,
      installments: { ...defaultPolicy.installments, minDownPaymentBasisPoints: 0 },
      promise: { ...defaultPolicy.promise, minShareOfBalanceBasisPoints: 0 },
    };
    expect(minDownPaymentMinor(1_005, none)).toBe(0);
    expect(validatePromise(account({ balanceMinor: 1_005 }), none, today, { amountMinor: 1, dueDateIso: today }).ok).toBe(true);
    const all: Policy = { ...defaultPolicy, promise: { ...defaultPolicy.promise, minShareOfBalanceBasisPoints: 10_000 } };
    expect(minPromiseMinor(account({ balanceMinor: 1_005 }), all)).toBe(1_005);
    expect(validatePromise(account({ balanceMinor: 1_005 }), all, today, { amountMinor: 1_004, dueDateIso: today })).toMatchObject({
      ok: false,
      refusal: { code: 'amount_below_min', minAmountMinor: 1_005 },
    });
  });
});

describe('percentTextToBasisPoints', () => {
  it.each([
    ['12,5', 1_250],
    ['12.5', 1_250],
    ['12.50', 1_250],
    ['12.05', 1_205],
    ['0,01', 1],
    ['30', 3_000],
    ['30%', 3_000],
    [' 30 % ', 3_000],
    ['0', 0],
    ['100', 10_000],
    ['150', 15_000],
  ])('reads %j as %i basis points', (text, basisPoints) => {
    expect(percentTextToBasisPoints(text)).toEqual({ ok: true, basisPoints });
  });

  it.each(['12.345', '12,345', '0.001', '1.000', '', 'abc', '-5', '12.', '.5', '1e2', '12 5', '1234567890'])(
    'refuses %j (more than two decimals, or not a plain number)',
    (text) => {
      expect(percentTextToBasisPoints(text)).toEqual({ ok: false, refusal: { code: 'invalid_request' } });
    },
  );
});

describe('exception plans (a supervisor outside the policy)', () => {
  it('splits the balance minus the down payment exactly into up to 360 installments', () => {
    const result = offerExceptionPlan(account({ balanceMinor: 1_000_003 }), defaultPolicy, '2028-01-31', {
      count: 24,
      downPaymentMinor: 10_000,
    });
    if (!result.ok) throw new Error(result.refusal.code);
    expect(result.offer).toMatchObject({
      installmentCount: 24,
      downPaymentMinor: 10_000,
      downPaymentDueIso: '2028-01-31',
      agreedAmountMinor: 1_000_003,
    });
    expect(result.offer.installments.reduce((sum, item) => sum + item.amountMinor, 10_000)).toBe(1_000_003);
    expect(result.offer.installments[0]?.dueDateIso).toBe('2028-02-29');
  });

  it.each([
    [{ count: 0, downPaymentMinor: 0 }, 'invalid_request'],
    [{ count: 361, downPaymentMinor: 0 }, 'invalid_request'],
    [{ count: 2.5, downPaymentMinor: 0 }, 'invalid_request'],
    [{ count: Number.NaN, downPaymentMinor: 0 }, 'invalid_request'],
    [{ count: 3, downPaymentMinor: -1 }, 'invalid_amount'],
    [{ count: 3, downPaymentMinor: 0.5 }, 'invalid_amount'],
    [{ count: 3, downPaymentMinor: Number.NaN }, 'invalid_amount'],
    [{ count: 3, downPaymentMinor: 1_000_000 }, 'invalid_amount'],
  ])('refuses %j with %s', (request, code) => {
    const result = offerExceptionPlan(account(), defaultPolicy, today, request);
    expect(!result.ok && result.refusal.code).toBe(code);
  });
});
