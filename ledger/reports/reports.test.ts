import { describe, expect, it, beforeAll } from 'vitest';
import type { LedgerClient } from '../db/open-database.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { parseReportQuery } from './report-query.js';
import { periodsOf, reportSummary, reportTrend } from './reports.js';

// A November 2026 of a small portfolio, every figure worked out by hand below. The report runs on 2026-12-01 (UTC):
// the aging and the agreements' standing are taken on that day.
const now = new Date('2026-12-01T12:00:00.000Z');
const november = { from: '2026-11-01', to: '2026-11-30' };
const at = (text: string) => new Date(`${text}Z`);

let keys = 0;
const key = () => `k-${(keys += 1)}`;

/** Writes the worked November: debtors D1–D3, accounts A1–A7, conversations C1–C7 and what happened in them. */
async function seedNovember(prisma: LedgerClient): Promise<void> {
  const debtor = (id: string, country: string) =>
    prisma.debtor.create({
      data: {
        externalId: `R-${id}`,
        fullName: id,
        documentType: 'DNI',
        documentNumber: id,
        documentNumberNormalized: id,
        dateOfBirthIso: '1980-01-01',
        phone: '+10000000000',
        email: '',
        language: 'es',
        country,
        timezone: 'UTC',
      },
    });
  const [d1, d2, d3] = await Promise.all([debtor('D1', 'CL'), debtor('D2', 'US'), debtor('D3', 'MX')]);
  const account = (
    ref: string,
    debtorId: string,
    product: string,
    currency: string,
    balanceMinor: number,
    dueDateIso: string,
    status = 'active',
  ) =>
    prisma.account.create({
      data: {
        externalRef: ref,
        debtorId,
        product,
        currency,
        originalAmountMinor: BigInt(balanceMinor),
        balanceMinor: BigInt(balanceMinor),
        dueDateIso,
        status,
      },
    });
  // Days past due on 2026-12-01: A1 30, A2 90, A3 47, A5 214, A6 not yet due; A4 settled and A7 closed are not open.
  const A1 = await account('A1', d1.id, 'tarjeta', 'CLP', 100_000, '2026-11-01');
  const A2 = await account('A2', d1.id, 'prestamo', 'CLP', 250_000, '2026-09-02');
  const A3 = await account('A3', d2.id, 'tarjeta', 'USD', 1_250, '2026-10-15', 'on_hold');
  await account('A4', d2.id, 'tarjeta', 'USD', 0, '2026-01-01', 'settled');
  const A5 = await account('A5', d3.id, 'prestamo', 'MXN', 99_999, '2026-05-01');
  const A6 = await account('A6', d3.id, 'prestamo', 'MXN', 5_000, '2026-12-15');
  await account('A7', d3.id, 'prestamo', 'MXN', 7_000, '2026-10-01', 'closed');

  const conversation = (id: string, channel: string, debtorId: string | null) =>
    prisma.conversation.create({ data: { channel, channelConversationId: id, channelUserId: `user-${id}`, debtorId } });
  const C1 = await conversation('C1', 'webchat', d1.id);
  const C2 = await conversation('C2', 'telegram', d2.id);
  const C3 = await conversation('C3', 'webchat', null);
  const C4 = await conversation('C4', 'whatsapp', d3.id);
  const C5 = await conversation('C5', 'telegram', d1.id);
  const C6 = await conversation('C6', 'webchat', d2.id);
  const C7 = await conversation('C7', 'webchat', d3.id);
  const message = (conversationId: string, author: 'debtor' | 'bot' | 'agent', when: string, nluFallback = false) =>
    prisma.message.create({
      data: { conversationId, direction: author === 'debtor' ? 'in' : 'out', author, text: '…', nluFallback, createdAt: at(when) },
    });
  await message(C1.id, 'debtor', '2026-11-05T10:00:00');
  await message(C1.id, 'bot', '2026-11-05T10:00:01');
  await message(C1.id, 'debtor', '2026-11-06T10:00:00', true);
  await message(C2.id, 'debtor', '2026-11-10T09:59:00');
  await message(C2.id, 'agent', '2026-11-10T10:07:00');
  await message(C3.id, 'debtor', '2026-11-12T08:00:00', true);
  await message(C4.id, 'debtor', '2026-10-31T23:59:59');
  await message(C4.id, 'debtor', '2026-11-20T15:00:00');
  await message(C5.id, 'debtor', '2026-10-15T10:00:00');
  await message(C6.id, 'debtor', '2026-11-25T11:59:00');
  await message(C6.id, 'agent', '2026-11-25T13:00:00');
  await message(C7.id, 'debtor', '2026-12-01T00:00:00');
  await message(C7.id, 'debtor', '2026-11-28T08:59:00');

  const handoff = (conversationId: string, queuedAt: string, assignedAt: string | null, endedAt: string | null, status: string) =>
    prisma.handoff.create({
      data: {
        conversationId,
        reason: 'human',
        priority: 2,
        status,
        queuedAt: at(queuedAt),
        assignedAt: assignedAt ? at(assignedAt) : null,
        endedAt: endedAt ? at(endedAt) : null,
      },
    });
  await handoff(C2.id, '2026-11-10T10:00:00', '2026-11-10T10:05:00', null, 'assigned'); // wait 300 s, answered in 420 s
  await handoff(C6.id, '2026-11-25T12:00:00', '2026-11-25T12:30:00', '2026-11-25T12:40:00', 'returned'); // wait 1,800 s, no answer before it ended
  await handoff(C7.id, '2026-11-28T09:00:00', null, null, 'queued'); // still waiting
  await handoff(C5.id, '2026-10-20T09:00:00', '2026-10-20T09:01:00', null, 'assigned'); // October

  const promise = (
    accountId: string,
    debtorId: string,
    currency: string,
    createdAt: string,
    dueDateIso: string,
    status: string,
    conversationId: string | null,
    decidedAt: string | null = null,
  ) =>
    prisma.paymentPromise.create({
      data: {
        accountId,
        debtorId,
        currency,
        amountMinor: 1_000n,
        dueDateIso,
        status,
        decidedAt: decidedAt ? at(decidedAt) : null,
        createdByType: conversationId ? 'debtor' : 'agent',
        conversationId,
        idempotencyKey: key(),
        requestHash: 'h',
        createdAt: at(createdAt),
      },
    });
  await promise(A1.id, d1.id, 'CLP', '2026-11-02T10:00:00', '2026-11-10', 'kept', C1.id, '2026-11-09T12:00:00');
  await promise(A3.id, d2.id, 'USD', '2026-11-10T10:01:00', '2026-11-15', 'broken', C2.id, '2026-11-16T03:00:00');
  await promise(A2.id, d1.id, 'CLP', '2026-10-25T10:00:00', '2026-11-05', 'kept', C5.id, '2026-11-05T12:00:00');
  await promise(A5.id, d3.id, 'MXN', '2026-11-29T10:00:00', '2026-12-05', 'pending', C7.id);
  await promise(A1.id, d1.id, 'CLP', '2026-11-15T10:00:00', '2026-11-30', 'pending', null);
  await promise(A1.id, d1.id, 'CLP', '2026-10-01T10:00:00', '2026-10-30', 'broken', C5.id, '2026-10-31T03:00:00');

  const agreement = (
    accountId: string,
    debtorId: string,
    currency: string,
    kind: 'plan' | 'settlement',
    createdAt: string,
    status: string,
    lump: { readonly amountMinor: number; readonly dueIso: string | null; readonly paidMinor: number },
    installments: readonly { readonly dueDateIso: string; readonly status: 'paid' | 'pending' }[],
    conversationId: string | null,
  ) =>
    prisma.agreement.create({
      data: {
        accountId,
        debtorId,
        kind,
        status,
        currency,
        balanceMinor: 100_000n,
        agreedAmountMinor: kind === 'settlement' ? BigInt(lump.amountMinor) : 100_000n,
        discountMinor: 0n,
        downPaymentMinor: kind === 'plan' ? BigInt(lump.amountMinor) : 0n,
        downPaymentDueIso: lump.dueIso,
        lumpSumPaidMinor: BigInt(lump.paidMinor),
        installmentCount: installments.length,
        createdByType: conversationId ? 'debtor' : 'agent',
        conversationId,
        idempotencyKey: key(),
        requestHash: 'h',
        createdAt: at(createdAt),
        installments: {
          create: installments.map((item, index) => ({
            sequence: index + 1,
            dueDateIso: item.dueDateIso,
            amountMinor: 40_000n,
            paidMinor: item.status === 'paid' ? 40_000n : 0n,
            status: item.status,
          })),
        },
      },
    });
  // G1 current (down payment paid, installment 1 paid, 2 not due); G2 late (installment due 11-25 unpaid); G3 late
  // (settlement due 11-30 unpaid); G4 completed; G5 broken; G6 October; G7 current (settlement due 12-05).
  await agreement(
    A1.id,
    d1.id,
    'CLP',
    'plan',
    '2026-11-05T10:30:00',
    'active',
    { amountMinor: 20_000, dueIso: '2026-11-05', paidMinor: 20_000 },
    [
      { dueDateIso: '2026-11-20', status: 'paid' },
      { dueDateIso: '2026-12-20', status: 'pending' },
    ],
    C1.id,
  );
  await agreement(
    A2.id,
    d1.id,
    'CLP',
    'plan',
    '2026-11-08T10:00:00',
    'active',
    { amountMinor: 0, dueIso: null, paidMinor: 0 },
    [{ dueDateIso: '2026-11-25', status: 'pending' }],
    null,
  );
  await agreement(
    A5.id,
    d3.id,
    'MXN',
    'settlement',
    '2026-11-12T10:00:00',
    'active',
    { amountMinor: 50_000, dueIso: '2026-11-30', paidMinor: 0 },
    [],
    null,
  );
  await agreement(
    A3.id,
    d2.id,
    'USD',
    'settlement',
    '2026-11-14T10:00:00',
    'completed',
    { amountMinor: 1_250, dueIso: '2026-11-14', paidMinor: 1_250 },
    [],
    C2.id,
  );
  await agreement(
    A2.id,
    d1.id,
    'CLP',
    'plan',
    '2026-11-02T10:00:00',
    'broken',
    { amountMinor: 0, dueIso: null, paidMinor: 0 },
    [{ dueDateIso: '2026-11-10', status: 'pending' }],
    null,
  );
  await agreement(A2.id, d1.id, 'CLP', 'plan', '2026-10-10T10:00:00', 'active', { amountMinor: 0, dueIso: null, paidMinor: 0 }, [], null);
  await agreement(
    A6.id,
    d3.id,
    'MXN',
    'settlement',
    '2026-11-27T10:00:00',
    'active',
    { amountMinor: 5_000, dueIso: '2026-12-05', paidMinor: 0 },
    [],
    C7.id,
  );

  const link = (id: string, accountId: string, currency: string, conversationId: string) =>
    prisma.paymentLink.create({
      data: {
        id,
        reference: `P-${id}`,
        accountId,
        purpose: 'full',
        currency,
        amountMinor: 1n,
        provider: 'simulator',
        conversationId,
        idempotencyKey: key(),
      },
    });
  await link('L4', A5.id, 'MXN', C4.id);
  await link('L6', A3.id, 'USD', C6.id);
  const payment = (
    accountId: string,
    currency: string,
    amountMinor: number,
    paidOnIso: string,
    options: { linkId?: string; reversed?: boolean; kind?: string } = {},
  ) =>
    prisma.payment.create({
      data: {
        accountId,
        currency,
        amountMinor: BigInt(amountMinor),
        paidOnIso,
        source: options.linkId ? 'simulator' : 'bank_file',
        kind: options.kind ?? 'payment',
        reversedAt: options.reversed ? at(`${paidOnIso}T20:00:00`) : null,
        linkId: options.linkId ?? null,
        idempotencyKey: key(),
        requestHash: 'h',
        createdAt: at(`${paidOnIso}T16:00:00`),
      },
    });
  await payment(A1.id, 'CLP', 20_000, '2026-11-05');
  await payment(A1.id, 'CLP', 15_000, '2026-11-20');
  await payment(A5.id, 'MXN', 10_000, '2026-11-20', { linkId: 'L4' });
  await payment(A3.id, 'USD', 1_250, '2026-11-14');
  await payment(A2.id, 'CLP', 7_777, '2026-11-28', { reversed: true });
  await payment(A2.id, 'CLP', 7_777, '2026-11-28', { kind: 'reversal' });
  await payment(A2.id, 'CLP', 5_000, '2026-10-30');
  await payment(A3.id, 'USD', 999, '2026-11-25', { linkId: 'L6', reversed: true });

  const attempt = (id: string, debtorId: string, accountId: string, channel: string, kind: string, outcome: string, attemptedAt: string) =>
    prisma.contactAttempt.create({
      data: {
        id,
        jobKey: id,
        debtorId,
        accountId,
        channel,
        kind,
        template: `reminder.${kind}.es`,
        rulesVersion: 'v1',
        outcome,
        reason: outcome === 'refused' ? 'quiet_hours' : null,
        localDateIso: attemptedAt.slice(0, 10),
        attemptedAt: at(attemptedAt),
      },
    });
  await attempt('T1', d1.id, A1.id, 'telegram', 'pre_due', 'sent', '2026-11-03T12:00:00');
  await attempt('T2', d1.id, A1.id, 'telegram', 'pre_due', 'sent', '2026-11-04T12:00:00');
  await attempt('T3', d3.id, A5.id, 'whatsapp', 'past_due', 'refused', '2026-11-21T23:00:00');
  await attempt('T4', d2.id, A3.id, 'webchat', 'past_due', 'delivered', '2026-11-22T12:00:00');
  await attempt('T5', d2.id, A3.id, 'webchat', 'past_due', 'sent', '2026-10-31T12:00:00');

  const optOut = (channel: string, channelUserId: string, debtorId: string | null, optedOutAt: string | null) =>
    prisma.contactPreference.create({ data: { channel, channelUserId, debtorId, optedOutAt: optedOutAt ? at(optedOutAt) : null } });
  await optOut('telegram', 'user-C5', d1.id, '2026-11-03T08:00:00');
  await optOut('whatsapp', 'stranger', null, '2026-11-29T08:00:00');
  await optOut('webchat', 'user-C1', d1.id, '2026-10-01T08:00:00');
  await optOut('webchat', 'user-C6', d2.id, null);
}

describe('reading a report query', () => {
  const today = '2026-12-01';
  it('defaults to the 30 days to today, by day, with no filter', () => {
    expect(parseReportQuery({}, today)).toEqual({ ok: true, granularity: 'day', query: { from: '2026-11-02', to: '2026-12-01' } });
  });

  it('takes the filters, upper-casing country and currency, and ignores empty ones', () => {
    expect(
      parseReportQuery(
        { ...november, granularity: 'week', channel: 'telegram', country: 'cl', currency: 'clp', product: ' tarjeta ', extra: 'x' },
        today,
      ),
    ).toEqual({
      ok: true,
      granularity: 'week',
      query: { ...november, channel: 'telegram', country: 'CL', currency: 'CLP', product: 'tarjeta' },
    });
    expect(parseReportQuery({ ...november, channel: '', country: '  ' }, today)).toEqual({ ok: true, granularity: 'day', query: november });
  });

  it('says what is wrong with a bad date, a reversed or too long range, or an unknown filter value', () => {
    const reason = (parameters: Record<string, unknown>) => {
      const parsed = parseReportQuery(parameters, today);
      return parsed.ok ? 'ok' : `${parsed.field}: ${parsed.reason}`;
    };
    expect(reason({ from: '2026-02-30', to: '2026-03-01' })).toBe('from: must be a date written YYYY-MM-DD');
    expect(reason({ from: '2026-11-01', to: '30/11/2026' })).toBe('to: must be a date written YYYY-MM-DD');
    expect(reason({ to: 'yesterday' })).toBe('to: must be a date written YYYY-MM-DD');
    expect(reason({ from: '2026-12-01', to: '2026-11-01' })).toBe('from: must not be after to');
    expect(reason({ from: '2024-01-01', to: '2026-11-01' })).toBe('from: the range may cover at most 731 days');
    expect(reason({ ...november, granularity: 'month' })).toBe('granularity: must be day or week');
    expect(reason({ ...november, channel: 'sms' })).toBe('channel: must be one of webchat, telegram, whatsapp, whatsapp_cloud');
    expect(reason({ ...november, country: 'Chile' })).toBe('country: must be a two-letter country code');
    expect(reason({ ...november, currency: 'EUR' })).toBe('currency: must be a currency the ledger knows');
    expect(reason({ ...november, from: ['2026-11-01', '2026-11-03'] })).toBe('ok');
  });

  it('lists every day, or every ISO week from the Monday on or before the first day', () => {
    expect(periodsOf({ from: '2026-11-29', to: '2026-12-02' }, 'day')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(periodsOf(november, 'week')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
  });
});

describe.each(testProviders)('reports over a worked November on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);
  beforeAll(async () => {
    if (available) await seedNovember(ledger.database.prisma);
  });

  it.runIf(available)('sums up November: every figure as worked out by hand', async () => {
    const summary = await reportSummary(ledger.context, november, now);
    expect(summary).toEqual({
      ...november,
      filters: { channel: null, country: null, product: null, currency: null },
      asOf: '2026-12-01',
      accounts: 7,
      portfolioBalanceByCurrency: { CLP: '350000', MXN: '1049.99', USD: '12.50' },
      aging: [
        { bucket: '0-30', accounts: 2, balanceByCurrency: { CLP: '100000', MXN: '50.00' } },
        { bucket: '31-60', accounts: 1, balanceByCurrency: { USD: '12.50' } },
        { bucket: '61-90', accounts: 1, balanceByCurrency: { CLP: '250000' } },
        { bucket: '91-180', accounts: 0, balanceByCurrency: {} },
        { bucket: '180+', accounts: 1, balanceByCurrency: { MXN: '999.99' } },
      ],
      // C1, C2, C3, C4, C6, C7 (C5 wrote only in October; C7's 12-01 message is after the range); C3 never verified;
      // C1 agreed a plan and C4 paid through its link with no handoff; C2 promised but was handed off.
      conversations: 6,
      verifiedConversations: 5,
      verifiedShare: 0.8333,
      selfServedConversations: 2,
      selfServiceRate: 0.3333,
      // Waits 300 and 1,800 s; the only answer in time is C2's at 420 s.
      handoffs: { count: 3, waiting: 1, waitP50Seconds: 300, waitP90Seconds: 1800, answerP50Seconds: 420, answerP90Seconds: 420 },
      // Made in November: 4 (not October's); kept in November: 2 (one made in October), broken: 1 (not October's).
      promises: { made: 4, kept: 2, broken: 1, keptRate: 0.6667 },
      agreements: { created: 6, current: 2, late: 2, completed: 1, ended: 1 },
      // Reversed payments and the reversal itself do not count, nor October's.
      recoveredByCurrency: { CLP: '35000', MXN: '100.00', USD: '12.50' },
      // Recovered ÷ (recovered + open now): 35,000 ÷ 385,000; 100.00 ÷ 1,149.99; 12.50 ÷ 25.00.
      recoveryRateByCurrency: { CLP: 0.0909, MXN: 0.087, USD: 0.5 },
      outbound: [
        { kind: 'past_due', outcome: 'delivered', count: 1 },
        { kind: 'past_due', outcome: 'refused', count: 1 },
        { kind: 'pre_due', outcome: 'sent', count: 2 },
      ],
      optOuts: 2,
      nlu: { messages: 7, fallbacks: 2, fallbackRate: 0.2857 },
    });
  });

  it.runIf(available)('narrows to the web chat: what happened there, the portfolio as a whole', async () => {
    const summary = await reportSummary(ledger.context, { ...november, channel: 'webchat' }, now);
    expect(summary).toMatchObject({
      filters: { channel: 'webchat', country: null, product: null, currency: null },
      accounts: 7,
      conversations: 4,
      verifiedConversations: 3,
      selfServedConversations: 1,
      handoffs: { count: 2, waiting: 1, waitP50Seconds: 1800, waitP90Seconds: 1800, answerP50Seconds: null, answerP90Seconds: null },
      promises: { made: 2, kept: 1, broken: 0, keptRate: 1 },
      agreements: { created: 2, current: 2, late: 0, completed: 0, ended: 0 },
      recoveredByCurrency: {},
      outbound: [{ kind: 'past_due', outcome: 'delivered', count: 1 }],
      optOuts: 0,
      nlu: { messages: 5, fallbacks: 2, fallbackRate: 0.4 },
    });
  });

  it.runIf(available)('narrows to a country, a currency and a product through the debtor and the account', async () => {
    const chile = await reportSummary(ledger.context, { ...november, country: 'CL' }, now);
    expect(chile).toMatchObject({
      accounts: 2,
      portfolioBalanceByCurrency: { CLP: '350000' },
      conversations: 1,
      promises: { made: 2, kept: 2, broken: 0 },
      agreements: { created: 3, current: 1, late: 1, completed: 0, ended: 1 },
      recoveredByCurrency: { CLP: '35000' },
      outbound: [{ kind: 'pre_due', outcome: 'sent', count: 2 }],
      optOuts: 1,
    });
    const dollars = await reportSummary(ledger.context, { ...november, currency: 'USD' }, now);
    expect(dollars).toMatchObject({
      accounts: 2,
      aging: expect.arrayContaining([{ bucket: '31-60', accounts: 1, balanceByCurrency: { USD: '12.50' } }]),
      recoveredByCurrency: { USD: '12.50' },
      recoveryRateByCurrency: { USD: 0.5 },
      conversations: 2,
      promises: { made: 1, kept: 0, broken: 1, keptRate: 0 },
    });
    // D1 and D3 have loans: C1, C4 and C7. C1's plan and promise are on its card, not its loan; C4 paid its loan.
    const loans = await reportSummary(ledger.context, { ...november, product: 'prestamo' }, now);
    expect(loans).toMatchObject({
      accounts: 4,
      portfolioBalanceByCurrency: { CLP: '250000', MXN: '1049.99' },
      recoveredByCurrency: { MXN: '100.00' },
      conversations: 3,
      selfServedConversations: 1,
    });
  });

  it.runIf(available)('runs the trends by week with every week present, self-service in the week it happened', async () => {
    const conversations = await reportTrend(ledger.context, 'conversations', november, 'week', now);
    expect(conversations.series).toEqual(['conversations', 'verified', 'selfServed']);
    expect(conversations.points).toEqual([
      { period: '2026-10-26', values: { conversations: 0, verified: 0, selfServed: 0 } },
      { period: '2026-11-02', values: { conversations: 1, verified: 1, selfServed: 1 } },
      { period: '2026-11-09', values: { conversations: 2, verified: 1, selfServed: 0 } },
      { period: '2026-11-16', values: { conversations: 1, verified: 1, selfServed: 1 } },
      { period: '2026-11-23', values: { conversations: 2, verified: 2, selfServed: 0 } },
      { period: '2026-11-30', values: { conversations: 0, verified: 0, selfServed: 0 } },
    ]);
    const recovered = await reportTrend(ledger.context, 'recovered', november, 'week', now);
    expect(recovered.series).toEqual(['CLP', 'MXN', 'USD']);
    expect(recovered.points.map((point) => [point.period, point.values])).toEqual([
      ['2026-10-26', { CLP: '0', MXN: '0.00', USD: '0.00' }],
      ['2026-11-02', { CLP: '20000', MXN: '0.00', USD: '0.00' }],
      ['2026-11-09', { CLP: '0', MXN: '0.00', USD: '12.50' }],
      ['2026-11-16', { CLP: '15000', MXN: '100.00', USD: '0.00' }],
      ['2026-11-23', { CLP: '0', MXN: '0.00', USD: '0.00' }],
      ['2026-11-30', { CLP: '0', MXN: '0.00', USD: '0.00' }],
    ]);
  });

  it.runIf(available)('runs the trends by day: one point per day, figures on the day they belong to', async () => {
    const byDay = async (name: Parameters<typeof reportTrend>[1]) => {
      const trend = await reportTrend(ledger.context, name, november, 'day', now);
      expect(trend.points).toHaveLength(30);
      return Object.fromEntries(
        trend.points
          .filter((point) => Object.values(point.values).some((value) => value !== 0 && value !== null))
          .map((point) => [point.period, point.values]),
      );
    };
    expect(await byDay('conversations')).toEqual({
      '2026-11-05': { conversations: 1, verified: 1, selfServed: 1 },
      '2026-11-06': { conversations: 1, verified: 1, selfServed: 0 },
      '2026-11-10': { conversations: 1, verified: 1, selfServed: 0 },
      '2026-11-12': { conversations: 1, verified: 0, selfServed: 0 },
      '2026-11-20': { conversations: 1, verified: 1, selfServed: 1 },
      '2026-11-25': { conversations: 1, verified: 1, selfServed: 0 },
      '2026-11-28': { conversations: 1, verified: 1, selfServed: 0 },
    });
    expect(await byDay('promises')).toEqual({
      '2026-11-02': { made: 1, kept: 0, broken: 0 },
      '2026-11-05': { made: 0, kept: 1, broken: 0 },
      '2026-11-09': { made: 0, kept: 1, broken: 0 },
      '2026-11-10': { made: 1, kept: 0, broken: 0 },
      '2026-11-15': { made: 1, kept: 0, broken: 0 },
      '2026-11-16': { made: 0, kept: 0, broken: 1 },
      '2026-11-29': { made: 1, kept: 0, broken: 0 },
    });
    expect(await byDay('handoffs')).toEqual({
      '2026-11-10': { count: 1, waitP50Seconds: 300, waitP90Seconds: 300, answerP50Seconds: 420, answerP90Seconds: 420 },
      '2026-11-25': { count: 1, waitP50Seconds: 1800, waitP90Seconds: 1800, answerP50Seconds: null, answerP90Seconds: null },
      '2026-11-28': { count: 1, waitP50Seconds: null, waitP90Seconds: null, answerP50Seconds: null, answerP90Seconds: null },
    });
    expect(await byDay('agreements')).toEqual({
      '2026-11-02': { created: 1, current: 0, late: 0, completed: 0, ended: 1 },
      '2026-11-05': { created: 1, current: 1, late: 0, completed: 0, ended: 0 },
      '2026-11-08': { created: 1, current: 0, late: 1, completed: 0, ended: 0 },
      '2026-11-12': { created: 1, current: 0, late: 1, completed: 0, ended: 0 },
      '2026-11-14': { created: 1, current: 0, late: 0, completed: 1, ended: 0 },
      '2026-11-27': { created: 1, current: 1, late: 0, completed: 0, ended: 0 },
    });
    expect(await byDay('outbound')).toEqual({
      '2026-11-03': { delivered: 0, refused: 0, sent: 1 },
      '2026-11-04': { delivered: 0, refused: 0, sent: 1 },
      '2026-11-21': { delivered: 0, refused: 1, sent: 0 },
      '2026-11-22': { delivered: 1, refused: 0, sent: 0 },
    });
    expect(await byDay('opt-outs')).toEqual({ '2026-11-03': { optOuts: 1 }, '2026-11-29': { optOuts: 1 } });
    expect(await byDay('nlu')).toEqual({
      '2026-11-05': { messages: 1, fallbacks: 0 },
      '2026-11-06': { messages: 1, fallbacks: 1 },
      '2026-11-10': { messages: 1, fallbacks: 0 },
      '2026-11-12': { messages: 1, fallbacks: 1 },
      '2026-11-20': { messages: 1, fallbacks: 0 },
      '2026-11-25': { messages: 1, fallbacks: 0 },
      '2026-11-28': { messages: 1, fallbacks: 0 },
    });
  });

  it.runIf(available)('answers zeros and nulls, never a crash, for a range with nothing in it', async () => {
    const empty = { from: '2025-01-01', to: '2025-01-31' };
    const summary = await reportSummary(ledger.context, empty, now);
    expect(summary).toMatchObject({
      accounts: 7,
      conversations: 0,
      verifiedShare: null,
      selfServiceRate: null,
      handoffs: { count: 0, waiting: 0, waitP50Seconds: null, waitP90Seconds: null },
      promises: { made: 0, kept: 0, broken: 0, keptRate: null },
      recoveredByCurrency: {},
      recoveryRateByCurrency: { CLP: 0, MXN: 0, USD: 0 },
      outbound: [],
      nlu: { messages: 0, fallbacks: 0, fallbackRate: null },
    });
    const recovered = await reportTrend(ledger.context, 'recovered', empty, 'week', now);
    expect(recovered.series).toEqual([]);
    expect(recovered.points.every((point) => Object.keys(point.values).length === 0)).toBe(true);
  });
});
