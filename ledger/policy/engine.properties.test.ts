import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate } from '../../lib/calendar.js';
import { minorToMajorString, type CurrencyCode } from '../money/index.js';
import {
  maxInstallmentCount,
  offerExceptionPlan,
  offerPlan,
  offerSettlement,
  parsePolicy,
  percentTextToBasisPoints,
  scheduleInstallments,
  validatePromise,
  type AccountFacts,
  type AccountStatus,
  type InstallmentFrequency,
  type PlanRequest,
  type Policy,
  type RefusalCode,
  type SettlementRequest,
} from './index.js';

// Properties of the policy engine (DESIGN §3, §10.13): arbitrary accounts, valid policies from the
// parser's ranges, and requests including garbage. A fixed seed keeps every run the same; a failure
// prints the seed and the path to replay it.
const seed = 20_261_123;
const runs = (numRuns: number) => ({ seed, numRuns });

const currencies: readonly CurrencyCode[] = ['CLP', 'COP', 'PEN', 'MXN', 'USD'];
const statuses: readonly AccountStatus[] = ['active', 'on_hold', 'settled', 'closed'];

/** Numbers no request should carry: not finite, negative, fractional, beyond the safe integers. */
const garbageNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0.5,
    0.5,
    1.5,
    12.345,
    Number.MAX_SAFE_INTEGER + 1,
    2 ** 60,
    1e308,
    -Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
  ),
  fc.double(),
  fc.integer({ min: -1_000_000, max: -1 }),
);

/** Real dates from 1990 to 2089. */
const isoDate = fc.integer({ min: 0, max: 365 * 100 }).map((days) => addDays('1990-01-01', days));

/** Strings that are not usable dates, plus the last real date (whose tomorrow `YYYY-MM-DD` cannot write). */
const garbageDate = fc.oneof(
  fc.constantFrom(
    '',
    '2026-02-30',
    '2026-13-01',
    '26-11-23',
    'yesterday',
    '2026-11-23T00:00:00Z',
    ' 2026-11-23',
    '9999-12-31',
    '0000-01-01',
  ),
  fc.string({ maxLength: 12 }),
);

const today = fc.oneof({ arbitrary: isoDate, weight: 20 }, { arbitrary: garbageDate, weight: 1 });

/** Balances 0..10^12 minor units, biased towards the small ones where the limits bite, and rare garbage. */
const balanceMinor = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 10 ** 12 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 200_000 }), weight: 8 },
  { arbitrary: garbageNumber, weight: 1 },
);

const account: fc.Arbitrary<AccountFacts> = fc.record({
  balanceMinor,
  currency: fc.constantFrom(...currencies),
  status: fc.oneof({ arbitrary: fc.constant<AccountStatus>('active'), weight: 8 }, { arbitrary: fc.constantFrom(...statuses), weight: 1 }),
  dueDateIso: fc.oneof({ arbitrary: isoDate, weight: 20 }, { arbitrary: garbageDate, weight: 1 }),
});

/** A percentage the policy file accepts: 0..100 with at most two decimals, written as a JSON number. */
const filePercent = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((basisPoints) => basisPoints / 100),
  fc.integer({ min: 0, max: 100 }),
);

const frequency: fc.Arbitrary<InstallmentFrequency> = fc.oneof(
  fc.constantFrom('monthly' as const, 'biweekly' as const, 'weekly' as const),
  fc.integer({ min: 1, max: 366 }),
);

/** Valid policies, built as policy-file documents and read by the real parser (so from its ranges). */
const policy: fc.Arbitrary<Policy> = fc
  .record({
    minCount: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 12 }), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: maxInstallmentCount }), weight: 1 },
    ),
    extraCount: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: maxInstallmentCount })),
    minDownPaymentPercent: filePercent,
    frequency,
    minInstallment: fc.tuple(
      ...currencies.map(() =>
        fc.option(
          fc.oneof(
            { arbitrary: fc.integer({ min: 1, max: 50_000 }), weight: 4 },
            { arbitrary: fc.integer({ min: 1, max: 10 ** 10 }), weight: 1 },
          ),
          { nil: undefined, freq: 8 },
        ),
      ),
    ),
    payWithinDays: fc.integer({ min: 0, max: 366 }),
    bandStarts: fc.uniqueArray(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 5 }),
    bandPercents: fc.array(filePercent, { minLength: 5, maxLength: 5 }),
    maxDaysAhead: fc.integer({ min: 0, max: 366 }),
    minPercentOfBalance: filePercent,
  })
  .map((draft) =>
    parsePolicy({
      verification: { maxAttempts: 3, lockoutMinutes: 30 },
      installments: {
        minCount: draft.minCount,
        maxCount: Math.min(maxInstallmentCount, draft.minCount + draft.extraCount),
        minDownPaymentPercent: draft.minDownPaymentPercent,
        frequency: draft.frequency,
        minInstallment: Object.fromEntries(
          currencies.flatMap((currency, index) => {
            const minimum = draft.minInstallment[index];
            return minimum === undefined ? [] : [[currency, minorToMajorString(minimum, currency)]];
          }),
        ),
      },
      settlement: {
        payWithinDays: draft.payWithinDays,
        discountByDaysPastDue: [...draft.bandStarts]
          .sort((a, b) => a - b)
          .map((from, index) => ({ from, maxPercent: draft.bandPercents[index] ?? 0 })),
      },
      promise: { maxDaysAhead: draft.maxDaysAhead, minPercentOfBalance: draft.minPercentOfBalance },
    }),
  );

const isWholeMinor = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const sum = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);
/** `amountMinor` ≥ the exact (rational) share of `ofMinor`: checked in bigint, so no rounding hides a miss. */
const atLeastShare = (amountMinor: number, ofMinor: number, basisPoints: number) =>
  BigInt(amountMinor) * 10_000n >= BigInt(ofMinor) * BigInt(basisPoints);
/** `amountMinor` ≤ the exact share of `ofMinor`. */
const atMostShare = (amountMinor: number, ofMinor: number, basisPoints: number) =>
  BigInt(amountMinor) * 10_000n <= BigInt(ofMinor) * BigInt(basisPoints);
const usableToday = (todayIso: string, days: number) => isIsoDate(todayIso) && isIsoDate(addDays(todayIso, days));
const accountOffersAnything = (facts: AccountFacts) =>
  facts.status === 'active' && Number.isSafeInteger(facts.balanceMinor) && facts.balanceMinor > 0;

describe('installment plans (properties)', () => {
  const planRequest: fc.Arbitrary<PlanRequest> = fc.record(
    {
      count: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 400 }), weight: 9 }, { arbitrary: garbageNumber, weight: 1 }),
      monthlyAmountMinor: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 10 ** 12 }), weight: 9 },
        { arbitrary: garbageNumber, weight: 1 },
      ),
      downPaymentMinor: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 10 ** 12 }), weight: 9 }, { arbitrary: garbageNumber, weight: 1 }),
    },
    { requiredKeys: [] },
  );
  const requestIsUsable = (request: PlanRequest) =>
    (request.count === undefined || isWholeMinor(request.count)) &&
    (request.monthlyAmountMinor === undefined || (isWholeMinor(request.monthlyAmountMinor) && request.monthlyAmountMinor > 0)) &&
    (request.downPaymentMinor === undefined || isWholeMinor(request.downPaymentMinor));
  const planCodes: readonly RefusalCode[] = [
    'account_on_hold',
    'account_not_active',
    'nothing_owed',
    'currency_not_configured',
    'below_min_installment',
    'invalid_amount',
    'invalid_request',
  ];

  it('sums exactly to the balance, stays within every limit, refuses only for a reason, is deterministic and never throws', () => {
    fc.assert(
      fc.property(account, policy, today, planRequest, (facts, rules, todayIso, request) => {
        const result = offerPlan(facts, rules, todayIso, request);
        expect(offerPlan(facts, rules, todayIso, request)).toEqual(result);
        const minInstallmentMinor = rules.installments.minInstallmentMinor[facts.currency];
        if (!result.ok) {
          const { code } = result.refusal;
          expect(planCodes).toContain(code);
          if (code === 'below_min_installment') {
            // Only when even the smallest down payment leaves less than minCount minimum installments.
            expect(minInstallmentMinor).toBeDefined();
            expect(
              atLeastShare(
                facts.balanceMinor - rules.installments.minCount * (minInstallmentMinor ?? 0),
                facts.balanceMinor,
                rules.installments.minDownPaymentBasisPoints,
              ),
            ).toBe(false);
          }
          if (code === 'invalid_amount' || code === 'invalid_request')
            expect(
              requestIsUsable(request) && usableToday(todayIso, maxInstallmentCount * 366) && Number.isSafeInteger(facts.balanceMinor),
            ).toBe(false);
          if (code === 'currency_not_configured') expect(minInstallmentMinor).toBeUndefined();
          return;
        }
        const { offer } = result;
        const amounts = offer.installments.map((item) => item.amountMinor);
        expect(offer.agreedAmountMinor).toBe(facts.balanceMinor);
        expect(offer.downPaymentMinor + sum(amounts)).toBe(offer.agreedAmountMinor);
        expect(offer.installmentCount).toBe(amounts.length);
        expect(offer.installmentCount).toBeGreaterThanOrEqual(rules.installments.minCount);
        expect(offer.installmentCount).toBeLessThanOrEqual(rules.installments.maxCount);
        for (const amount of amounts) expect(amount).toBeGreaterThanOrEqual(minInstallmentMinor ?? Number.POSITIVE_INFINITY);
        expect(isWholeMinor(offer.downPaymentMinor)).toBe(true);
        expect(atLeastShare(offer.downPaymentMinor, facts.balanceMinor, rules.installments.minDownPaymentBasisPoints)).toBe(true);
        expect(offer.downPaymentMinor).toBeLessThanOrEqual(facts.balanceMinor);
        expect(offer.downPaymentDueIso).toBe(offer.downPaymentMinor > 0 ? todayIso : null);
        expect(offer.installments.map((item) => item.sequence)).toEqual(amounts.map((_, index) => index + 1));
        const dates = offer.installments.map((item) => item.dueDateIso);
        expect(dates.every((date, index) => isIsoDate(date) && date > (dates[index - 1] ?? todayIso))).toBe(true);
        // The remainder of the split goes to the first installment; the rest are equal.
        expect(amounts.slice(1).every((amount) => amount === amounts[1])).toBe(true);
      }),
      runs(600),
    );
  });

  it('offers a plan whenever one exists for a usable request', () => {
    const usableRequest = planRequest.filter(requestIsUsable);
    const activeAccount = account.map((facts) => ({ ...facts, status: 'active' as const }));
    fc.assert(
      fc.property(activeAccount, policy, isoDate, usableRequest, (facts, rules, todayIso, request) => {
        fc.pre(accountOffersAnything(facts) && usableToday(todayIso, maxInstallmentCount * 366));
        const minInstallmentMinor = rules.installments.minInstallmentMinor[facts.currency];
        fc.pre(minInstallmentMinor !== undefined);
        const roomMinor = facts.balanceMinor - rules.installments.minCount * (minInstallmentMinor ?? 0);
        const result = offerPlan(facts, rules, todayIso, request);
        expect(result.ok).toBe(roomMinor >= 0 && atLeastShare(roomMinor, facts.balanceMinor, rules.installments.minDownPaymentBasisPoints));
      }),
      runs(300),
    );
  });

  it('schedules any financed amount exactly, or refuses it, and never throws', () => {
    const count = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: maxInstallmentCount + 40 }), weight: 4 },
      { arbitrary: garbageNumber, weight: 1 },
    );
    const financed = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 10 ** 12 }), weight: 4 }, { arbitrary: garbageNumber, weight: 1 });
    const anyFrequency = fc.oneof(
      { arbitrary: frequency, weight: 4 },
      { arbitrary: fc.oneof(fc.constantFrom(0, -7, 367, 1.5, Number.NaN), fc.integer({ min: -10, max: 10_000 })), weight: 1 },
    ) as fc.Arbitrary<InstallmentFrequency>;
    fc.assert(
      fc.property(financed, count, fc.oneof(isoDate, garbageDate), anyFrequency, (financedMinor, installments, startIso, every) => {
        const result = scheduleInstallments(financedMinor, installments, startIso, every);
        expect(scheduleInstallments(financedMinor, installments, startIso, every)).toEqual(result);
        if (!result.ok) {
          expect(['invalid_amount', 'invalid_request']).toContain(result.refusal.code);
          return;
        }
        const amounts = result.installments.map((item) => item.amountMinor);
        expect(sum(amounts)).toBe(financedMinor);
        expect(amounts).toHaveLength(installments);
        expect(amounts.every(isWholeMinor)).toBe(true);
        expect(amounts.slice(1).every((amount) => amount === amounts[1] && amount <= (amounts[0] ?? 0))).toBe(true);
        expect(result.installments.every((item) => isIsoDate(item.dueDateIso) && item.dueDateIso > startIso)).toBe(true);
      }),
      runs(500),
    );
  });

  it('keeps a supervisor’s exception plan exact within 1..360 installments, or refuses it', () => {
    const exception = fc.record({
      count: fc.oneof(fc.integer({ min: -2, max: maxInstallmentCount + 10 }), garbageNumber),
      downPaymentMinor: fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }), garbageNumber),
    });
    fc.assert(
      fc.property(account, policy, today, exception, (facts, rules, todayIso, request) => {
        const result = offerExceptionPlan(facts, rules, todayIso, request);
        expect(offerExceptionPlan(facts, rules, todayIso, request)).toEqual(result);
        if (!result.ok) return;
        const { offer } = result;
        expect(offer.downPaymentMinor + sum(offer.installments.map((item) => item.amountMinor))).toBe(facts.balanceMinor);
        expect(offer.installmentCount).toBeGreaterThanOrEqual(1);
        expect(offer.installmentCount).toBeLessThanOrEqual(maxInstallmentCount);
        expect(offer.downPaymentMinor).toBeLessThan(facts.balanceMinor);
      }),
      runs(300),
    );
  });
});

describe('settlements (properties)', () => {
  const settlementRequest: fc.Arbitrary<SettlementRequest> = fc.record(
    {
      discountBasisPoints: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20_000 }), weight: 4 }, { arbitrary: garbageNumber, weight: 1 }),
    },
    { requiredKeys: [] },
  );
  const settlementCodes: readonly RefusalCode[] = ['account_on_hold', 'account_not_active', 'nothing_owed', 'invalid_request'];
  /** The band's maximum for the days past due, found independently of the engine. */
  const bandMaxBasisPoints = (rules: Policy, days: number) =>
    rules.settlement.discountByDaysPastDue.filter((band) => band.fromDays <= days).at(-1)?.maxBasisPoints ?? 0;

  it('never gives more than the band allows, adds up to the balance, is deterministic and never throws', () => {
    fc.assert(
      fc.property(account, policy, today, settlementRequest, (facts, rules, todayIso, request) => {
        const result = offerSettlement(facts, rules, todayIso, request);
        expect(offerSettlement(facts, rules, todayIso, request)).toEqual(result);
        if (!result.ok) {
          expect(settlementCodes).toContain(result.refusal.code);
          return;
        }
        const { offer } = result;
        const days = Math.max(0, daysBetween(facts.dueDateIso, todayIso));
        const maxBasisPoints = bandMaxBasisPoints(rules, days);
        expect(offer.daysPastDue).toBe(days);
        expect(offer.discountBasisPoints).toBeLessThanOrEqual(maxBasisPoints);
        expect(offer.discountPercent * 100).toBeCloseTo(offer.discountBasisPoints, 6);
        // The discount is the largest whole amount not above the exact share (a maximum rounds down).
        expect(atMostShare(offer.discountMinor, facts.balanceMinor, offer.discountBasisPoints)).toBe(true);
        expect(atMostShare(offer.discountMinor + 1, facts.balanceMinor, offer.discountBasisPoints)).toBe(false);
        expect(atMostShare(offer.discountMinor, facts.balanceMinor, maxBasisPoints)).toBe(true);
        expect(isWholeMinor(offer.discountMinor) && isWholeMinor(offer.payAmountMinor)).toBe(true);
        expect(offer.discountMinor + offer.payAmountMinor).toBe(facts.balanceMinor);
        expect(offer.payByIso).toBe(addDays(todayIso, rules.settlement.payWithinDays));
        const asked = request.discountBasisPoints;
        expect(offer.capped).toBe(asked !== undefined && asked > maxBasisPoints);
        if (asked !== undefined && asked <= maxBasisPoints) expect(offer.discountBasisPoints).toBe(asked);
        if (asked === undefined) expect(offer.discountBasisPoints).toBe(maxBasisPoints);
      }),
      runs(500),
    );
  });
});

describe('promises (properties)', () => {
  /** An amount as a share of the balance (so it lands near the limits), or garbage. */
  const amountChoice = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 12_000 }).map((basisPoints) => ({ basisPoints })), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 10 ** 12 }).map((amountMinor) => ({ amountMinor })), weight: 1 },
    { arbitrary: garbageNumber.map((amountMinor) => ({ amountMinor })), weight: 1 },
  );
  const dateChoice = fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 400 }).map((daysAhead) => ({ daysAhead })), weight: 6 },
    { arbitrary: garbageDate.map((dateIso) => ({ dateIso })), weight: 1 },
  );
  const promiseCodes: readonly RefusalCode[] = [
    'account_on_hold',
    'account_not_active',
    'nothing_owed',
    'invalid_amount',
    'amount_below_min',
    'amount_above_balance',
    'date_in_past',
    'date_too_far',
    'invalid_request',
  ];

  it('accepts exactly the promises inside the window and the amounts, is deterministic and never throws', () => {
    fc.assert(
      fc.property(account, policy, today, amountChoice, dateChoice, (facts, rules, todayIso, amount, date) => {
        const amountMinor =
          'basisPoints' in amount
            ? isWholeMinor(facts.balanceMinor)
              ? Number((BigInt(facts.balanceMinor) * BigInt(amount.basisPoints)) / 10_000n)
              : Number.NaN
            : amount.amountMinor;
        const dueDateIso =
          'daysAhead' in date
            ? isIsoDate(todayIso) && isIsoDate(addDays(todayIso, 400))
              ? addDays(todayIso, date.daysAhead)
              : todayIso
            : date.dateIso;
        const result = validatePromise(facts, rules, todayIso, { amountMinor, dueDateIso });
        expect(validatePromise(facts, rules, todayIso, { amountMinor, dueDateIso })).toEqual(result);
        const latestIso = usableToday(todayIso, rules.promise.maxDaysAhead) ? addDays(todayIso, rules.promise.maxDaysAhead) : null;
        const inside =
          accountOffersAnything(facts) &&
          latestIso !== null &&
          isWholeMinor(amountMinor) &&
          amountMinor > 0 &&
          amountMinor <= facts.balanceMinor &&
          atLeastShare(amountMinor, facts.balanceMinor, rules.promise.minShareOfBalanceBasisPoints) &&
          isIsoDate(dueDateIso) &&
          dueDateIso >= todayIso &&
          dueDateIso <= latestIso;
        expect(result.ok).toBe(inside);
        if (!result.ok) expect(promiseCodes).toContain(result.refusal.code);
        else expect(result.promise).toEqual({ amountMinor, dueDateIso });
      }),
      runs(600),
    );
  });
});

describe('percent text (properties)', () => {
  it('reads every percentage with at most two decimals exactly, in either decimal separator', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('.', ','),
        fc.constantFrom('', '%', ' %'),
        (basisPoints, separator, suffix) => {
          const whole = Math.floor(basisPoints / 100);
          const cents = String(basisPoints % 100).padStart(2, '0');
          for (const text of [`${whole}${separator}${cents}${suffix}`, `${whole}${separator}${cents.replace(/0$/, '')}${suffix}`]) {
            const read = percentTextToBasisPoints(text);
            expect(read).toEqual({ ok: true, basisPoints });
          }
        },
      ),
      runs(300),
    );
  });

  it('refuses more than two decimals, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.stringMatching(/^\d{3,6}$/), (whole, decimals) => {
        expect(percentTextToBasisPoints(`${whole}.${decimals}`)).toEqual({ ok: false, refusal: { code: 'invalid_request' } });
      }),
      runs(200),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const read = percentTextToBasisPoints(text);
        if (read.ok) expect(isWholeMinor(read.basisPoints)).toBe(true);
        else expect(read.refusal.code).toBe('invalid_request');
      }),
      runs(300),
    );
  });
});
