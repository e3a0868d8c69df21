import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPolicyDocument } from './default-policy.js';
import { defaultPolicy, loadPolicy, parsePolicy, PolicyFileError } from './parse-policy.js';

/** The policy document, loosened so tests can break it. */
interface PolicyDraft {
  verification?: unknown;
  installments: { maxCount: number; frequency?: unknown; intervalDays?: unknown; minInstallment: Record<string, unknown> };
  settlement: { discountByDaysPastDue: Array<{ maxPercent: number }> };
  promise: Record<string, unknown>;
}

const withChange = (change: (document: PolicyDraft) => void): unknown => {
  const document = structuredClone(defaultPolicyDocument) as unknown as PolicyDraft;
  change(document);
  return document;
};

describe('policy file', () => {
  it('converts the built-in policy money exactly per currency', () => {
    expect(defaultPolicy.installments.minInstallmentMinor).toEqual({ CLP: 10_000, COP: 20_000, PEN: 3_000, MXN: 20_000, USD: 2_500 });
    expect(defaultPolicy.settlement.discountByDaysPastDue).toEqual([
      { fromDays: 0, maxBasisPoints: 0 },
      { fromDays: 90, maxBasisPoints: 1_500 },
      { fromDays: 180, maxBasisPoints: 3_000 },
    ]);
    expect(defaultPolicy.installments.minDownPaymentBasisPoints).toBe(1_000);
    expect(defaultPolicy.promise).toEqual({ maxDaysAhead: 15, minShareOfBalanceBasisPoints: 1_000 });
  });

  it.each([
    [0.29, 29],
    [1.13, 113],
    [12.5, 1_250],
    [57.3, 5_730],
    [0, 0],
    [100, 10_000],
  ])('reads a percentage of %f exactly as %i basis points (no float rounding)', (percentValue, expected) => {
    const policy = parsePolicy(
      withChange((d) => {
        d.promise.minPercentOfBalance = percentValue;
        d.settlement.discountByDaysPastDue[2]!.maxPercent = percentValue;
      }),
    );
    expect(policy.promise.minShareOfBalanceBasisPoints).toBe(expected);
    expect(policy.settlement.discountByDaysPastDue[2]?.maxBasisPoints).toBe(expected);
  });

  it.each([12.345, 0.001, 0.1 + 0.2])('refuses a percentage of %f (more than two decimals), naming the field', (percentValue) => {
    expect(() =>
      parsePolicy(
        withChange((d) => {
          d.promise.minPercentOfBalance = percentValue;
        }),
      ),
    ).toThrow('promise.minPercentOfBalance: at most two decimals');
  });

  it.each([
    [
      'a count that is not a whole number',
      (d: PolicyDraft) => {
        d.installments.maxCount = 12.5;
      },
      'installments.maxCount',
    ],
    [
      'maxCount below minCount',
      (d: PolicyDraft) => {
        d.installments.maxCount = 1;
      },
      'installments.maxCount',
    ],
    [
      'money as a number',
      (d: PolicyDraft) => {
        d.installments.minInstallment.USD = 25;
      },
      'installments.minInstallment.USD',
    ],
    [
      'too many decimals',
      (d: PolicyDraft) => {
        d.installments.minInstallment.CLP = '10000.5';
      },
      'installments.minInstallment.CLP',
    ],
    [
      'an unknown currency',
      (d: PolicyDraft) => {
        d.installments.minInstallment.EUR = '10.00';
      },
      'installments.minInstallment.EUR',
    ],
    [
      'a percentage over 100',
      (d: PolicyDraft) => {
        d.settlement.discountByDaysPastDue[1]!.maxPercent = 150;
      },
      'settlement.discountByDaysPastDue.1.maxPercent',
    ],
    [
      'unsorted bands',
      (d: PolicyDraft) => {
        d.settlement.discountByDaysPastDue.reverse();
      },
      'settlement.discountByDaysPastDue',
    ],
    [
      'a misspelt key',
      (d: PolicyDraft) => {
        d.promise.maxDaysAheadd = 3;
      },
      'promise',
    ],
    [
      'a missing section',
      (d: PolicyDraft) => {
        delete d.verification;
      },
      'verification',
    ],
    [
      'an unknown frequency name',
      (d: PolicyDraft) => {
        d.installments.frequency = 'daily';
      },
      'installments.frequency',
    ],
    [
      'a frequency of zero days',
      (d: PolicyDraft) => {
        d.installments.frequency = 0;
      },
      'installments.frequency',
    ],
    [
      'a fractional frequency',
      (d: PolicyDraft) => {
        d.installments.frequency = 14.5;
      },
      'installments.frequency',
    ],
    [
      'a frequency over a year',
      (d: PolicyDraft) => {
        d.installments.frequency = 367;
      },
      'installments.frequency',
    ],
    [
      'a frequency as a string of digits',
      (d: PolicyDraft) => {
        d.installments.frequency = '30';
      },
      'installments.frequency',
    ],
    [
      'both frequency and the old intervalDays',
      (d: PolicyDraft) => {
        d.installments.intervalDays = 30;
      },
      'installments.intervalDays',
    ],
    [
      'an old intervalDays of zero',
      (d: PolicyDraft) => {
        delete d.installments.frequency;
        d.installments.intervalDays = 0;
      },
      'installments.intervalDays',
    ],
  ])('refuses %s, naming the field', (_label, change, field) => {
    expect(() => parsePolicy(withChange(change))).toThrow(PolicyFileError);
    expect(() => parsePolicy(withChange(change))).toThrow(field);
  });

  it.each([
    [
      'no frequency: monthly, the default',
      (d: PolicyDraft) => {
        delete d.installments.frequency;
      },
      'monthly',
    ],
    [
      'the old intervalDays alone: that many days',
      (d: PolicyDraft) => {
        delete d.installments.frequency;
        d.installments.intervalDays = 30;
      },
      30,
    ],
    [
      '"monthly"',
      (d: PolicyDraft) => {
        d.installments.frequency = 'monthly';
      },
      'monthly',
    ],
    [
      '"biweekly"',
      (d: PolicyDraft) => {
        d.installments.frequency = 'biweekly';
      },
      'biweekly',
    ],
    [
      '"weekly"',
      (d: PolicyDraft) => {
        d.installments.frequency = 'weekly';
      },
      'weekly',
    ],
    [
      'a number of days',
      (d: PolicyDraft) => {
        d.installments.frequency = 10;
      },
      10,
    ],
  ])('reads the installment frequency from %s', (_label, change, expected) => {
    expect(parsePolicy(withChange(change)).installments.frequency).toBe(expected);
  });

  it('has monthly installments by default, and policy.example.json is the built-in policy', () => {
    expect(defaultPolicy.installments.frequency).toBe('monthly');
    const example: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../policy.example.json', import.meta.url)), 'utf8'));
    expect(parsePolicy(example)).toEqual(defaultPolicy);
  });

  it('loads a file, and explains an unreadable or non-JSON one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'policy-'));
    const good = join(folder, 'good.json');
    writeFileSync(
      good,
      JSON.stringify(
        withChange((d) => {
          d.installments.maxCount = 6;
        }),
      ),
    );
    expect((await loadPolicy(good)).installments.maxCount).toBe(6);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{ "verification": ');
    await expect(loadPolicy(broken)).rejects.toThrow('not valid JSON');
    await expect(loadPolicy(join(folder, 'missing.json'))).rejects.toThrow('cannot be read');
    expect(await loadPolicy(undefined)).toBe(defaultPolicy);
  });
});
