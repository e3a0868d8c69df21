import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOptOut, recordPayment, recordPromise, trendNames } from '../../ledger/index.js';
import { makeConsoleFixture, type ConsoleFixture, type LoggedIn } from '../../test/agent-console/console-fixture.js';
import { seedDebtor } from '../../test/support/seed.js';

let fixture: ConsoleFixture;
let agent: LoggedIn;
let supervisor: LoggedIn;
let admin: LoggedIn;
/** The report's day: the ledger stamps what it records with the real clock, so the console's clock is the real one too. */
let todayIso: string;
const system = { type: 'system' } as const;

/** `days` after `dateIso` (negative: before). */
function shifted(dateIso: string, days: number): string {
  const date = new Date(`${dateIso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** GETs `path` as `session` and reads the body as text (CSV answers are not JSON). */
async function getText(path: string, session?: LoggedIn): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${fixture.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: 'manual' });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

beforeAll(async () => {
  fixture = await makeConsoleFixture();
  fixture.clock.now = new Date();
  todayIso = fixture.clock.now.toISOString().slice(0, 10);
  [agent, supervisor, admin] = [await fixture.agent('agent'), await fixture.agent('supervisor'), await fixture.agent('admin')];

  // A debtor 45 days late on CLP 1,000,000 who paid 250,000 today and promised 100,000 in three days; one USD account
  // of 480.25 that paid 100.00.
  const { accountIds } = await seedDebtor(fixture.database.prisma, [
    { balanceMinor: 1_000_000, dueDateIso: shifted(todayIso, -45) },
    { currency: 'USD', balanceMinor: 48_025, dueDateIso: shifted(todayIso, 10) },
  ]);
  const [clp, usd] = accountIds as [string, string];
  for (const [accountId, amountMinor, currency] of [
    [clp, 250_000, 'CLP'],
    [usd, 10_000, 'USD'],
  ] as const)
    await recordPayment(fixture.ledger, {
      idempotencyKey: `pay-${randomUUID()}`,
      accountId,
      amountMinor,
      currency,
      paidOnIso: todayIso,
      source: 'bank_file',
      actor: system,
    });
  const promised = await recordPromise(fixture.ledger, {
    idempotencyKey: `promise-${randomUUID()}`,
    accountId: clp,
    amountMinor: 100_000,
    dueDateIso: shifted(todayIso, 3),
    todayIso,
    actor: system,
  });
  expect(promised.ok).toBe(true);

  // Two conversations handed to a person (one verified): the supervisor takes the verified one and answers.
  const verified = await fixture.queueConversation({ verified: true });
  await fixture.queueConversation({ verified: false });
  fixture.clock.now = new Date();
  expect((await fixture.call('POST', `/agent/api/conversations/${verified.conversationId}/take`, { session: supervisor })).status).toBe(
    200,
  );
  const answered = await fixture.call('POST', `/agent/api/conversations/${verified.conversationId}/messages`, {
    session: supervisor,
    body: { text: 'Hola, soy Sofía.' },
  });
  expect(answered.status).toBe(201);
  await recordOptOut(fixture.ledger, { channel: 'telegram', channelUserId: 'tg-stop' }, 'opt_out', null, fixture.clock.now);
});
afterAll(async () => {
  await fixture?.destroy();
});

describe('the reports API', () => {
  it('needs a session (401) and the role supervisor or admin (403 for an agent), for JSON and CSV alike', async () => {
    const paths = ['/agent/api/reports/summary', '/agent/api/reports/promises', '/agent/api/reports/recovered?format=csv'];
    for (const path of paths) {
      const anonymous = await fixture.call('GET', path);
      expect({ path, status: anonymous.status, code: anonymous.body?.error?.code }).toEqual({ path, status: 401, code: 'unauthenticated' });
      const refused = await fixture.call('GET', path, { session: agent });
      expect({ path, status: refused.status, code: refused.body?.error?.code }).toEqual({ path, status: 403, code: 'forbidden' });
      for (const allowed of [supervisor, admin])
        expect({ path, status: (await getText(path, allowed)).status }).toEqual({ path, status: 200 });
    }
    const routes = fixture.console.routes.filter((route) => route.path.startsWith('/agent/api/reports'));
    expect(routes.map(({ method, path, access, csrf }) => ({ method, path, access, csrf }))).toEqual([
      { method: 'GET', path: '/agent/api/reports/summary', access: 'supervisor', csrf: false },
      { method: 'GET', path: '/agent/api/reports/:trend', access: 'supervisor', csrf: false },
    ]);
  });

  it('answers the summary with DESIGN §14’s keys: money per currency as decimal strings, never summed', async () => {
    const answer = await fixture.call('GET', `/agent/api/reports/summary?from=${shifted(todayIso, -6)}&to=${todayIso}`, {
      session: supervisor,
    });
    expect(answer.status).toBe(200);
    const summary = answer.body ?? {};
    for (const key of [
      'accounts',
      'aging',
      'promises',
      'agreements',
      'recoveredByCurrency',
      'conversations',
      'selfServiceRate',
      'handoffs',
    ])
      expect(summary).toHaveProperty(key);
    expect(summary).toMatchObject({
      from: shifted(todayIso, -6),
      to: todayIso,
      asOf: todayIso,
      accounts: 3,
      conversations: 2,
      verifiedConversations: 1,
      verifiedShare: 0.5,
      promises: { made: 1, kept: 0, broken: 0 },
      agreements: { created: 0, current: 0, late: 0, completed: 0 },
      recoveredByCurrency: { CLP: '250000', USD: '100.00' },
      portfolioBalanceByCurrency: { CLP: '2000000', USD: '380.25' },
      handoffs: { count: 2, waiting: 1 },
      optOuts: 1,
      nlu: { messages: 2, fallbacks: 0, fallbackRate: 0 },
    });
    const aging = summary.aging as Array<{ bucket: string; accounts: number; balanceByCurrency: Record<string, string> }>;
    expect(aging.map((row) => row.bucket)).toEqual(['0-30', '31-60', '61-90', '91-180', '180+']);
    expect(aging.find((row) => row.bucket === '31-60')).toEqual({ bucket: '31-60', accounts: 1, balanceByCurrency: { CLP: '750000' } });
    const handoffs = summary.handoffs as Record<string, unknown>;
    for (const key of ['waitP50Seconds', 'waitP90Seconds', 'answerP50Seconds', 'answerP90Seconds'])
      expect(typeof handoffs[key] === 'number' && Number(handoffs[key]) >= 0).toBe(true);
  });

  it('answers each trend with every day of the range, and 404 for a trend that does not exist', async () => {
    const from = shifted(todayIso, -6);
    for (const name of trendNames) {
      const answer = await fixture.call('GET', `/agent/api/reports/${name}?from=${from}&to=${todayIso}`, { session: admin });
      expect({ name, status: answer.status }).toEqual({ name, status: 200 });
      const points = answer.body?.points as Array<{ period: string; values: Record<string, unknown> }>;
      expect(answer.body).toMatchObject({ name, granularity: 'day' });
      expect(points.map((point) => point.period)).toEqual(Array.from({ length: 7 }, (_, index) => shifted(from, index)));
    }
    const recovered = await fixture.call('GET', `/agent/api/reports/recovered?from=${from}&to=${todayIso}`, { session: admin });
    expect(recovered.body?.series).toEqual(['CLP', 'USD']);
    expect((recovered.body?.points as Array<{ values: unknown }>).at(-1)?.values).toEqual({ CLP: '250000', USD: '100.00' });
    const weekly = await fixture.call('GET', `/agent/api/reports/conversations?granularity=week&from=${from}&to=${todayIso}`, {
      session: admin,
    });
    expect(weekly.body?.granularity).toBe('week');
    for (const path of ['/agent/api/reports/nothing', '/agent/api/reports/summary/extra', '/agent/api/reports/nothing?format=csv']) {
      const answer = await fixture.call('GET', path, { session: supervisor });
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
  });

  it('refuses a query it cannot read with 400 invalid_query, naming the field and why', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['from=2026-11-30&to=2026-11-01', 'from', /must not be after to/],
      ['from=2026-02-30', 'from', /YYYY-MM-DD/],
      ['from=2026-11-01&to=yesterday', 'to', /YYYY-MM-DD/],
      ['granularity=month', 'granularity', /day or week/],
      ['channel=fax', 'channel', /webchat, telegram, whatsapp/],
      ['currency=XYZ', 'currency', /currency/],
      ['country=Chile', 'country', /two-letter/],
      ['from=2020-01-01&to=2026-11-30', 'from', /at most 731 days/],
    ];
    for (const [query, field, reason] of cases)
      for (const path of [`/agent/api/reports/summary?${query}`, `/agent/api/reports/handoffs?${query}&format=csv`]) {
        const answer = await fixture.call('GET', path, { session: supervisor });
        expect({ path, status: answer.status, code: answer.body?.error?.code, field: answer.body?.error?.field }).toEqual({
          path,
          status: 400,
          code: 'invalid_query',
          field,
        });
        expect(answer.body?.error?.message).toMatch(new RegExp(`^${field}: `));
        expect(answer.body?.error?.message).toMatch(reason);
      }
    const format = await fixture.call('GET', '/agent/api/reports/summary?format=xlsx', { session: supervisor });
    expect(format.status).toBe(400);
    expect(format.body?.error?.message).toBe('format: must be json or csv');
  });

  it('exports CSV: the content type, a named attachment, the header row, and RFC 4180 quoting', async () => {
    const from = shifted(todayIso, -6);
    const summary = await getText(`/agent/api/reports/summary?format=csv&from=${from}&to=${todayIso}`, supervisor);
    expect(summary.status).toBe(200);
    expect(summary.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(summary.headers.get('content-disposition')).toBe(`attachment; filename="report-summary-${from}-${todayIso}.csv"`);
    const lines = summary.text.split('\r\n');
    expect(lines[0]).toBe('section,item,currency,value');
    expect(lines.at(-1)).toBe('');
    expect(lines).toEqual(
      expect.arrayContaining([
        `range,from,,${from}`,
        'portfolio,accounts,,3',
        'conversations,selfServiceRate,,0',
        'recovered,amount,CLP,250000',
        'recovered,amount,USD,100.00',
        'aging,31-60 balance,CLP,750000',
        'promises,keptRate,,',
        'filters,product,,',
      ]),
    );

    const trend = await getText(`/agent/api/reports/recovered?format=csv&from=${from}&to=${todayIso}`, admin);
    expect(trend.headers.get('content-disposition')).toBe(`attachment; filename="report-recovered-${from}-${todayIso}.csv"`);
    const rows = trend.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('period,CLP,USD');
    expect(rows).toHaveLength(8);
    expect(rows.at(-1)).toBe(`${todayIso},250000,100.00`);
    expect(rows[1]).toBe(`${from},0,0.00`);

    // A product name with a comma and quotes is quoted, its quotes doubled; a formula is defused.
    const quoted = await getText(`/agent/api/reports/summary?format=csv&product=${encodeURIComponent('Tarjeta, "oro"')}`, supervisor);
    expect(quoted.text).toContain('\r\nfilters,product,,"Tarjeta, ""oro"""\r\n');
    const formula = await getText(`/agent/api/reports/summary?format=csv&product=${encodeURIComponent('=1+1')}`, supervisor);
    expect(formula.text).toContain("\r\nfilters,product,,'=1+1\r\n");
  });

  it('narrows by channel and currency, money still per currency', async () => {
    const from = shifted(todayIso, -6);
    const usd = await fixture.call('GET', `/agent/api/reports/summary?from=${from}&to=${todayIso}&currency=usd`, { session: supervisor });
    expect(usd.body).toMatchObject({ filters: { currency: 'USD' }, recoveredByCurrency: { USD: '100.00' } });
    expect(Object.keys(usd.body?.recoveredByCurrency as object)).toEqual(['USD']);
    const telegram = await fixture.call('GET', `/agent/api/reports/summary?from=${from}&to=${todayIso}&channel=telegram`, {
      session: supervisor,
    });
    expect(telegram.body).toMatchObject({ filters: { channel: 'telegram' }, conversations: 0, optOuts: 1, handoffs: { count: 0 } });
  });
});

describe('the reports page', () => {
  it('is served to supervisors and admins; an agent or a visitor without a session is sent to the console', async () => {
    for (const session of [undefined, agent]) {
      const answer = await getText('/agent/reports', session);
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe('/agent');
    }
    for (const session of [supervisor, admin]) {
      const answer = await getText('/agent/reports', session);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(answer.text).toContain('/agent/static/vendor/chart.umd.min.js');
    }
  });

  it('serves Chart.js from the project’s own node_modules', async () => {
    const answer = await getText('/agent/static/vendor/chart.umd.min.js');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/javascript/);
    expect(answer.text).toContain('window.Chart=');
  });
});
