// The reports page in headless Chromium (DESIGN §14): debtors talk to the bot over Direct Line (one verifies and agrees
// a plan, then writes something the bot does not understand; one asks for a person, whom a supervisor answers; one
// opts out), payments come in, in pesos and in dollars; a supervisor opens "Informes" from the console's header and
// reads the headline figures and the tables as Spanish speakers write them, narrows the report to dollars by week,
// downloads a CSV export; the English page is checked too; an agent gets no reports page.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, recordPayment, recordPromise, type LedgerContext, type ReportSummary } from '../../ledger/index.js';
import { consoleApi, type LoggedIn } from '../agent-console/console-fixture.js';
import { collectPageErrors, logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium } from '../webchat/support/browser.js';
import { openChat } from './direct-line-client.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
const supervisor = { email: 'super@example.com', password: 'another-long-password', name: 'Sofía Supervisora' };
const agent = { email: 'agent@example.com', password: 'yet-another-long-password', name: 'Andrés Agente' };
// The real clock: the ledger stamps what it records with it, and the report's default range ends today.
const running = useAppInBrowser('reports-page', {
  AGENT_BOOTSTRAP_EMAIL: admin.email,
  AGENT_BOOTSTRAP_PASSWORD: admin.password,
  WEBCHAT_TOKENS_PER_MINUTE: '1000',
});
const screenshots = join('test', 'e2e', 'screenshots');
/** What Intl puts between a number and its unit, read as a plain space; none before a % sign (ICU versions differ). */
const spaced = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/ %/g, '%');

/** The UTC date `days` before `dateIso` (negative: after). */
function daysBefore(dateIso: string, days: number): string {
  return new Date(Date.parse(`${dateIso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

/** The text of a headline card's figure and details. */
async function cardText(page: Page, name: string): Promise<{ value: string; details: string[] }> {
  const card = page.locator(`.report-card[data-card="${name}"]`);
  return {
    value: spaced(await card.locator('.report-card-value').textContent()),
    details: (await card.locator('.report-card-detail').allTextContents()).map(spaced),
  };
}

/** Every row of a section's table, as its cells' texts. */
async function tableRows(page: Page, section: string): Promise<string[][]> {
  return page
    .locator(`table[data-table="${section}"] tbody tr`)
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')))
    .then((rows) => rows.map((cells) => cells.map(spaced)));
}

describe('the reports page', () => {
  it.skipIf(!hasChromium)(
    'shows supervisors the figures of what happened, as charts with tables and CSV exports, in Spanish and English',
    async () => {
      const app = running.app();
      const api = consoleApi(app.url);
      const prisma = app.database.prisma;
      const ledger: LedgerContext = { prisma, sql: app.database.sql, policy: defaultPolicy };
      const todayIso = new Date().toISOString().slice(0, 10);

      const adminSession = await api.login(admin.email, admin.password);
      for (const [who, role] of [
        [supervisor, 'supervisor'],
        [agent, 'agent'],
      ] as const)
        expect((await api.call('POST', '/agent/api/agents', { session: adminSession, body: { ...who, role } })).status).toBe(201);
      const supervisorSession: LoggedIn = await api.login(supervisor.email, supervisor.password);

      // María verifies and agrees a plan of 6 installments by herself, then writes something the bot does not understand.
      const maria = await openChat(app.url, { webSocket: false });
      try {
        await maria.say('cuanto debo', /documento/);
        await maria.say('12.345.678-5 14/03/1985', /1\.250\.000/);
        await maria.say('quiero pagar en 6 cuotas', /cuál cuenta/);
        await maria.say('1', /Confirmas este plan/);
        await maria.say('sí', /quedó registrado/);
        await maria.say('zorglub frobnicate', /no te entendí/);
      } finally {
        maria.end();
      }
      // Someone asks for a person, and the supervisor answers; someone else opts out.
      const visitor = await openChat(app.url, { webSocket: false });
      try {
        await visitor.say('hola', /Cobranzas Demo/);
        await visitor.say('quiero hablar con una persona', /Te comunico con una persona/);
      } finally {
        visitor.end();
      }
      const queue = await api.call('GET', '/agent/api/queue', { session: supervisorSession });
      const waiting = (queue.body?.items as Array<{ conversationId: string }>)[0];
      if (!waiting) throw new Error('no handoff queued');
      expect(
        (await api.call('POST', `/agent/api/conversations/${waiting.conversationId}/take`, { session: supervisorSession })).status,
      ).toBe(200);
      const reply = await api.call('POST', `/agent/api/conversations/${waiting.conversationId}/messages`, {
        session: supervisorSession,
        body: { text: 'Hola, soy Sofía. ¿En qué te ayudo?' },
      });
      expect(reply.status).toBe(201);
      const stopper = await openChat(app.url, { webSocket: false });
      try {
        await stopper.say('no me escriban más', /no quieres recibir más mensajes/);
      } finally {
        stopper.end();
      }

      // Money in, per currency: 150,000 pesos on María's card and US$100.00 on her dollar account, which she also promises more on.
      const pesos = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' } });
      const dollars = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-USD-0002' } });
      for (const [account, amountMinor] of [
        [pesos, 150_000],
        [dollars, 10_000],
      ] as const)
        await recordPayment(ledger, {
          idempotencyKey: `pay-${randomUUID()}`,
          accountId: account.id,
          amountMinor,
          currency: account.currency,
          paidOnIso: todayIso,
          source: 'bank_file',
          actor: { type: 'system' },
        });
      // Earlier in the month: John Carter paid US$250.00 twenty days ago, Carlos Quispe S/ 500.00 five days ago.
      const john = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'US-PL-0003' } });
      const carlos = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'PE-FS-0004' } });
      for (const [account, amountMinor, daysAgo] of [
        [john, 25_000, 20],
        [carlos, 50_000, 5],
      ] as const)
        await recordPayment(ledger, {
          idempotencyKey: `pay-${randomUUID()}`,
          accountId: account.id,
          amountMinor,
          currency: account.currency,
          paidOnIso: daysBefore(todayIso, daysAgo),
          source: 'bank_file',
          actor: { type: 'system' },
        });
      // Reminders of the last days (what the outbound scheduler records): sent, delivered, refused outside hours.
      const attempts = [
        [3, 'sent'],
        [3, 'delivered'],
        [2, 'sent'],
        [2, 'refused'],
        [1, 'delivered'],
        [1, 'sent'],
        [1, 'failed'],
      ] as const;
      await prisma.contactAttempt.createMany({
        data: attempts.map(([daysAgo, outcome], index) => ({
          id: `attempt-${index}`,
          jobKey: `job-${index}`,
          debtorId: john.debtorId,
          accountId: john.id,
          channel: 'webchat',
          kind: 'past_due',
          template: 'reminder.past_due.en',
          rulesVersion: 'built-in 2026-12',
          outcome,
          reason: outcome === 'refused' ? 'outside_hours' : null,
          localDateIso: daysBefore(todayIso, daysAgo),
          attemptedAt: new Date(Date.parse(`${daysBefore(todayIso, daysAgo)}T15:00:00Z`)),
        })),
      });
      const dueIso = daysBefore(todayIso, -5);
      const promised = await recordPromise(ledger, {
        idempotencyKey: `promise-${randomUUID()}`,
        accountId: dollars.id,
        amountMinor: 5_000,
        dueDateIso: dueIso,
        todayIso,
        actor: { type: 'debtor' },
      });
      expect(promised.ok).toBe(true);
      const summary = (await api.call('GET', '/agent/api/reports/summary', { session: supervisorSession }))
        .body as unknown as ReportSummary;

      // The supervisor's console has the link to the reports.
      const page = await running.browser().newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CL' });
      const errors = collectPageErrors(page);
      try {
        await logInToConsole(page, app.url, supervisor);
        await page.screenshot({ path: join(screenshots, 'reports-console-header.png'), clip: { x: 0, y: 0, width: 1280, height: 120 } });
        await page.getByRole('link', { name: 'Informes' }).click();
        await page.waitForURL(`${app.url}/agent/reports`);
        await page.getByRole('heading', { name: 'Informes', level: 1 }).waitFor();
        await page.locator('.report-card[data-card="conversations"]').waitFor();
        await page.locator('section[data-section="nlu"] canvas').first().waitFor();

        // The headline figures as a Spanish speaker reads them.
        expect(await cardText(page, 'conversations')).toEqual({ value: '3', details: ['Verificadas: 1 (33,3%)'] });
        expect((await cardText(page, 'self-service')).value).toBe('33,3%');
        expect((await cardText(page, 'handoffs')).value).toBe('1');
        expect((await cardText(page, 'handoffs')).details[0]).toBe('En espera: 0');
        expect((await cardText(page, 'handoffs')).details[1]).toMatch(/^Espera p50 \/ p90: \d+ s \/ \d+ s$/);
        expect(await cardText(page, 'promises')).toEqual({
          value: '1',
          details: ['Cumplidos: 0 · Incumplidos: 0', 'Tasa de cumplimiento: —'],
        });
        expect((await cardText(page, 'agreements')).value).toBe('1');
        const recovered = page.locator('.report-card[data-card="recovered"]');
        expect((await recovered.locator('.report-money').allTextContents()).map(spaced)).toEqual(['$150.000', 'PEN 500,00', 'US$350,00']);
        const usdRate = (summary.recoveryRateByCurrency.USD ?? 0).toLocaleString('es-CL', { style: 'percent', maximumFractionDigits: 1 });
        expect(spaced(await recovered.locator('li[data-currency="USD"] .report-money-note').textContent())).toBe(
          `${spaced(usdRate)} de lo adeudado`,
        );
        expect((await cardText(page, 'opt-outs')).value).toBe('1');
        expect((await cardText(page, 'nlu')).details[0]).toBe(`${summary.nlu.fallbacks} de ${summary.nlu.messages} mensajes`);
        expect(summary.nlu.fallbacks).toBeGreaterThan(0);
        expect((await cardText(page, 'accounts')).value).toBe(String(summary.accounts));

        // A table beside each chart, with the same figures: today's row of the money recovered, and the aging buckets.
        const todayName = new Intl.DateTimeFormat('es-CL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${todayIso}T00:00:00Z`),
        );
        const recoveredRows = await tableRows(page, 'recovered');
        expect(recoveredRows).toHaveLength(30);
        // Latest first: today, then back to the range's first day.
        expect(recoveredRows[0]).toEqual([todayName, '$150.000', 'PEN 0,00', 'US$100,00']);
        expect(recoveredRows[20]?.slice(1)).toEqual(['$0', 'PEN 0,00', 'US$250,00']);
        expect(recoveredRows.at(-1)?.slice(1)).toEqual(['$0', 'PEN 0,00', 'US$0,00']);
        expect(await page.locator('table[data-table="recovered"] thead th').allTextContents()).toEqual(['Día', 'CLP', 'PEN', 'USD']);
        expect(await page.locator('table[data-table="outbound"] thead th').allTextContents()).toEqual([
          'Día',
          'Enviados',
          'Entregados',
          'Fallidos',
          'Rechazados por regla',
        ]);
        expect((await tableRows(page, 'outbound'))[2]?.slice(1)).toEqual(['1', '0', '0', '1']);
        const agingRows = await tableRows(page, 'aging');
        expect(agingRows.map((row) => row[0])).toEqual(['0-30 días', '31-60 días', '61-90 días', '91-180 días', '180+ días']);
        expect((await tableRows(page, 'conversations'))[0]).toEqual([todayName, '3', '1', '1']);
        expect(await page.locator('section.report-section').count()).toBe(8);
        expect(await page.locator('section.report-section canvas').count()).toBeGreaterThanOrEqual(9);
        expect(await page.locator('main').textContent()).not.toMatch(/undefined|NaN|null/);
        await page.screenshot({ path: join(screenshots, 'reports-page-es.png'), fullPage: true });
        await page.screenshot({ path: join(screenshots, 'reports-page-es-top.png') });

        // Narrowed to dollars, by week: only the dollar account's money, and the address keeps the filters.
        await page.getByLabel('Moneda').fill('USD');
        await page.getByLabel('Agrupar por').selectOption('week');
        await page.getByRole('button', { name: 'Aplicar' }).click();
        await page.locator('#report-range', { hasText: 'por semana' }).waitFor();
        expect(new URL(page.url()).searchParams.get('currency')).toBe('USD');
        expect((await recovered.locator('.report-money').allTextContents()).map(spaced)).toEqual(['US$350,00']);
        expect(await page.locator('table[data-table="recovered"] thead th').allTextContents()).toEqual(['Semana', 'USD']);
        expect((await tableRows(page, 'recovered'))[0]?.[0]).toMatch(/^Semana del /);
        await page.screenshot({ path: join(screenshots, 'reports-page-es-usd.png'), fullPage: true });

        // The CSV export downloads the trend with the filters applied.
        const exportLink = page.locator('section[data-section="recovered"] a.report-export');
        expect(await exportLink.textContent()).toBe('Exportar CSV');
        const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
        expect(download.suggestedFilename()).toMatch(/^report-recovered-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
        const csv = await readFile(await download.path(), 'utf8');
        expect(csv.split('\r\n')[0]).toBe('period,USD');
        expect(csv).toContain(',100.00\r\n');
        expect(csv).toContain(',250.00\r\n');

        // The language button redraws the page in English, and back.
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
        expect(await page.locator('table[data-table="recovered"] thead th').allTextContents()).toEqual(['Week', 'USD']);
        await page.getByRole('button', { name: 'Español' }).click();
        await page.getByRole('heading', { name: 'Informes', level: 1 }).waitFor();

        // An invalid range is refused before asking the server.
        await page.getByLabel('Desde').fill('2030-01-01');
        await page.getByRole('button', { name: 'Aplicar' }).click();
        await page.getByText('La fecha «Desde» no puede ser posterior a «Hasta».').waitFor();
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }

      // In English, with the session the supervisor already has.
      const context = await running.browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      await context.addCookies(
        supervisorSession.cookie.split('; ').map((pair) => {
          const [name = '', value = ''] = pair.split('=');
          return { name, value, url: `${app.url}/agent` };
        }),
      );
      const english = await context.newPage();
      const englishErrors = collectPageErrors(english);
      try {
        await english.goto(`${app.url}/agent/reports`);
        await english.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
        await english.locator('section[data-section="nlu"] canvas').first().waitFor();
        expect(await cardText(english, 'conversations')).toEqual({ value: '3', details: ['Verified: 1 (33.3%)'] });
        const money = await english.locator('.report-card[data-card="recovered"] .report-money').allTextContents();
        expect(money.map(spaced)).toEqual(['CLP 150,000', 'PEN 500.00', '$350.00']);
        expect(await english.locator('table[data-table="recovered"] thead th').allTextContents()).toEqual(['Day', 'CLP', 'PEN', 'USD']);
        await english.screenshot({ path: join(screenshots, 'reports-page-en.png'), fullPage: true });
        expect(englishErrors).toEqual([]);
      } finally {
        await context.close();
      }

      // An agent has no link to the reports, and the page sends them back to the console; so does a visitor.
      const agentPage = await running.browser().newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
      try {
        await logInToConsole(agentPage, app.url, agent);
        expect(await agentPage.locator('#reports-link').isHidden()).toBe(true);
        await agentPage.goto(`${app.url}/agent/reports`);
        await agentPage.locator('#live-indicator[data-state="open"]').waitFor();
        expect(agentPage.url()).toBe(`${app.url}/agent`);
        expect(await agentPage.locator('.report-card').count()).toBe(0);
      } finally {
        await agentPage.close();
      }
      const agentSession = await api.login(agent.email, agent.password);
      expect((await api.call('GET', '/agent/api/reports/summary', { session: agentSession })).status).toBe(403);
      const visitorPage = await running.browser().newPage({ locale: 'es-CL' });
      try {
        await visitorPage.goto(`${app.url}/agent/reports`);
        await visitorPage.getByRole('button', { name: 'Entrar' }).waitFor();
        expect(visitorPage.url()).toBe(`${app.url}/agent`);
      } finally {
        await visitorPage.close();
      }
    },
    120_000,
  );
});
