import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicyDocument } from './default-policy.js';
import { defaultPolicy, loadPolicy, parsePolicy, PolicyFileError } from './parse-policy.js';

/** The policy document, loosened so tests can break it. */
interface PolicyDraft {
  verification?: unknown;
  installments: { maxCount: number; minInstallment: Record<string, unknown> };
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
      { fromDays: 0, maxPercent: 0 },
      { fromDays: 90, maxPercent: 15 },
      { fromDays: 180, maxPercent: 30 },
    ]);
  });

  it.each([
    ['a count that is not a whole number', (d: PolicyDraft) => { d.installments.maxCount = 12.5; }, 'installments.maxCount'],
    ['maxCount below minCount', (d: PolicyDraft) => { d.installments.maxCount = 1; }, 'installments.maxCount'],
    ['money as a number', (d: PolicyDraft) => { d.installments.minInstallment.USD = 25; }, 'installments.minInstallment.USD'],
    ['too many decimals', (d: PolicyDraft) => { d.installments.minInstallment.CLP = '10000.5'; }, 'installments.minInstallment.CLP'],
    ['an unknown currency', (d: PolicyDraft) => { d.installments.minInstallment.EUR = '10.00'; }, 'installments.minInstallment.EUR'],
    ['a percentage over 100', (d: PolicyDraft) => { d.settlement.discountByDaysPastDue[1]!.maxPercent = 150; }, 'settlement.discountByDaysPastDue.1.maxPercent'],
    ['unsorted bands', (d: PolicyDraft) => { d.settlement.discountByDaysPastDue.reverse(); }, 'settlement.discountByDaysPastDue'],
    ['a misspelt key', (d: PolicyDraft) => { d.promise.maxDaysAheadd = 3; }, 'promise'],
    ['a missing section', (d: PolicyDraft) => { delete d.verification; }, 'verification'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    expect(() => parsePolicy(withChange(change))).toThrow(PolicyFileError);
    expect(() => parsePolicy(withChange(change))).toThrow(field);
  });

  it('loads a file, and explains an unreadable or non-JSON one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'policy-'));
    const good = join(folder, 'good.json');
    writeFileSync(good, JSON.stringify(withChange((d) => { d.installments.maxCount = 6; })));
    expect((await loadPolicy(good)).installments.maxCount).toBe(6);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{ "verification": ');
    await expect(loadPolicy(broken)).rejects.toThrow('not valid JSON');
    await expect(loadPolicy(join(folder, 'missing.json'))).rejects.toThrow('cannot be read');
    expect(await loadPolicy(undefined)).toBe(defaultPolicy);
  });
});
