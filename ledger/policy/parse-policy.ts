import { z } from 'zod';
import { LedgerError } from '../errors.js';
import { readJsonSettingsFile } from '../json-file.js';
import { currencyCodes, isCurrencyCode, parseMajorToMinor, percentToBasisPoints, type CurrencyCode } from '../money/index.js';
import { defaultPolicyDocument } from './default-policy.js';
import { maxInstallmentCount, maxPeriodDays, namedFrequencies } from './schedule.js';
import type { OutboundCadence } from '../outbound/contact-kinds.js';
import type { Policy } from './types.js';

/** The policy file is unreadable or invalid; the message names the field (e.g. `installments.maxCount`). */
export class PolicyFileError extends LedgerError {
  constructor(message: string) {
    super('invalid_policy', message);
  }
}

const wholeNumber = (min: number, max = 100_000) => z.number().int().min(min).max(max);
// Exact: 0.29 has two decimals although 0.29 * 100 is 28.999999999999996 (see percentToBasisPoints).
const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => percentToBasisPoints(value) !== null, 'at most two decimals');
const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string in major units, like "25.00"');

const frequency = z.union([z.enum(namedFrequencies), wholeNumber(1, maxPeriodDays)], {
  error: `must be "monthly", "biweekly", "weekly" or a whole number of days from 1 to ${maxPeriodDays}`,
});

const dayList = z
  .array(wholeNumber(1, 365))
  .max(20)
  .refine((days) => new Set(days).size === days.length, 'without repeats');
const daysBefore = z.strictObject({ daysBefore: dayList });
const daysAfter = z.strictObject({ daysAfter: dayList });
const onTheDay = z.strictObject({ enabled: z.boolean() });

/** The cadence of the policy file as offsets per kind (days relative to the date a contact is about); an absent kind is off. */
function cadenceOffsets(cadence: NonNullable<z.infer<typeof policySchema>['outbound']>['cadence']): OutboundCadence['offsets'] {
  const before = (entry: { daysBefore: number[] } | undefined) => (entry?.daysBefore ?? []).map((days) => -days).sort((a, b) => a - b);
  const after = (entry: { daysAfter: number[] } | undefined) => [...(entry?.daysAfter ?? [])].sort((a, b) => a - b);
  const onDay = (entry: { enabled: boolean } | undefined) => (entry?.enabled ? [0] : []);
  return {
    pre_due: before(cadence.pre_due),
    due_today: onDay(cadence.due_today),
    past_due: after(cadence.past_due),
    installment_due: before(cadence.installment_due),
    promise_due: onDay(cadence.promise_due),
    broken_promise: after(cadence.broken_promise),
  };
}

const policySchema = z.strictObject({
  verification: z.strictObject({ maxAttempts: wholeNumber(1, 20), lockoutMinutes: wholeNumber(1, 100_000) }),
  installments: z
    .strictObject({
      minCount: wholeNumber(1, maxInstallmentCount),
      maxCount: wholeNumber(1, maxInstallmentCount),
      minDownPaymentPercent: percent,
      frequency: frequency.optional(),
      // Deprecated: the old spelling of `frequency` as a number of days (see parsePolicy).
      intervalDays: wholeNumber(1, maxPeriodDays).optional(),
      minInstallment: z.record(z.string(), decimalString),
    })
    .refine((value) => value.maxCount >= value.minCount, { message: 'must be at least minCount', path: ['maxCount'] })
    .refine((value) => value.frequency === undefined || value.intervalDays === undefined, {
      message: 'is replaced by installments.frequency; give only one of the two (e.g. "frequency": 30 for every 30 days)',
      path: ['intervalDays'],
    }),
  settlement: z.strictObject({
    payWithinDays: wholeNumber(0, maxPeriodDays),
    discountByDaysPastDue: z
      .array(z.strictObject({ from: wholeNumber(0), maxPercent: percent }))
      .min(1)
      .refine(
        (bands) => bands.every((band, index) => index === 0 || band.from > (bands[index - 1]?.from ?? -1)),
        'bands must be sorted by "from", ascending, without repeats',
      ),
  }),
  promise: z.strictObject({ maxDaysAhead: wholeNumber(0, maxPeriodDays), minPercentOfBalance: percent }),
  outbound: z
    .strictObject({
      sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"'),
      cadence: z.strictObject({
        pre_due: daysBefore.optional(),
        due_today: onTheDay.optional(),
        past_due: daysAfter.optional(),
        installment_due: daysBefore.optional(),
        promise_due: onTheDay.optional(),
        broken_promise: daysAfter.optional(),
      }),
    })
    .optional(),
});

/** A percentage the schema already checked (0..100, at most two decimals) as basis points. */
function basisPoints(percentValue: number): number {
  return percentToBasisPoints(percentValue) ?? 0;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return `${path || '(root)'}: ${issue.message}`;
}

function convertMinimums(minimums: Record<string, string>): Partial<Record<CurrencyCode, number>> {
  const converted: Partial<Record<CurrencyCode, number>> = {};
  for (const [currency, amount] of Object.entries(minimums)) {
    const field = `installments.minInstallment.${currency}`;
    if (!isCurrencyCode(currency)) throw new PolicyFileError(`${field}: unknown currency (known: ${currencyCodes.join(', ')})`);
    try {
      converted[currency] = parseMajorToMinor(amount, currency);
    } catch (error) {
      throw new PolicyFileError(`${field}: ${(error as Error).message}`);
    }
    if ((converted[currency] ?? 0) <= 0) throw new PolicyFileError(`${field}: must be greater than zero`);
  }
  return converted;
}

/**
 * Validates a policy document (the JSON of `POLICY_FILE`) and converts its money exactly to minor
 * units and its percentages (at most two decimals) exactly to basis points.
 * `installments.frequency` defaults to "monthly"; an older file's `installments.intervalDays: N`
 * (without `frequency`) still means every N days, and giving both is an error naming `intervalDays`.
 */
export function parsePolicy(document: unknown): Policy {
  const parsed = policySchema.safeParse(document);
  if (!parsed.success) throw new PolicyFileError(parsed.error.issues.map(describeIssue).join('; '));
  const { verification, installments, settlement, promise } = parsed.data;
  const outbound = parsed.data.outbound ?? defaultPolicyDocument.outbound;
  const [sendAtHours, sendAtMinutes] = outbound.sendAt.split(':').map(Number) as [number, number];
  return {
    verification,
    installments: {
      minCount: installments.minCount,
      maxCount: installments.maxCount,
      minDownPaymentBasisPoints: basisPoints(installments.minDownPaymentPercent),
      frequency: installments.frequency ?? installments.intervalDays ?? 'monthly',
      minInstallmentMinor: convertMinimums(installments.minInstallment),
    },
    settlement: {
      payWithinDays: settlement.payWithinDays,
      discountByDaysPastDue: settlement.discountByDaysPastDue.map((band) => ({
        fromDays: band.from,
        maxBasisPoints: basisPoints(band.maxPercent),
      })),
    },
    promise: { maxDaysAhead: promise.maxDaysAhead, minShareOfBalanceBasisPoints: basisPoints(promise.minPercentOfBalance) },
    outbound: {
      sendAtMinute: sendAtHours * 60 + sendAtMinutes,
      offsets: cadenceOffsets(outbound.cadence as Parameters<typeof cadenceOffsets>[0]),
    },
  };
}

/** The built-in policy of DESIGN §3. */
export const defaultPolicy: Policy = parsePolicy(defaultPolicyDocument);

/** Reads and validates the policy file at `path`, or returns the built-in policy when `path` is unset. */
export async function loadPolicy(path: string | undefined): Promise<Policy> {
  if (!path) return defaultPolicy;
  return parsePolicy(await readJsonSettingsFile('POLICY_FILE', path, (message) => new PolicyFileError(message)));
}
