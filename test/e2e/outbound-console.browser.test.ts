// Outbound contact in the agent console (headless Chromium): a supervisor opens "Recordatorios" and sees the stored plan
// of the next 7 days by day (the demo card's pre-due reminder with its account and kind), pauses everyone (after the
// confirm dialog) and resumes; in a verified conversation the debtor panel lists the contact log and pauses this debtor;
// an agent with role "agent" gets no Reminders button.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, dateInTimeZone } from '../../lib/calendar.js';
import {
  appendMessage,
  defaultContactRules,
  defaultPolicy,
  linkConversationDebtor,
  openConversation,
  refreshOutboundJobs,
  requestHandoff,
  type LedgerContext,
} from '../../ledger/index.js';
import { consoleApi, type LoggedIn } from '../agent-console/console-fixture.js';
import { collectPageErrors, logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium } from '../webchat/support/browser.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
const supervisor = { email: 'super@example.com', password: 'another-long-password', name: 'Sofía Supervisora' };
const agent = { email: 'agent@example.com', password: 'yet-another-long-password', name: 'Andrés Agente' };
/** Monday 23 November 2026, 08:00 in Santiago: the pre-due reminder (3 days before) is today at 10:00. */
const clock = new Date('2026-11-23T11:00:00Z');
const running = useAppInBrowser(
  'outbound-console',
  { AGENT_BOOTSTRAP_EMAIL: admin.email, AGENT_BOOTSTRAP_PASSWORD: admin.password },
  { now: () => clock },
);

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

interface PlanAnswer {
  pausedAll: boolean;
  total: number;
  days: Array<{ date: string; count: number; contacts: Array<{ accountRef: string; kind: string; channel: string; at: string }> }>;
}

describe('outbound contact in the agent console', () => {
  it.skipIf(!hasChromium)(
    'shows the plan by day to a supervisor, pauses and resumes everyone and one debtor, and hides the panel from agents',
    async () => {
      const app = running.app();
      const api = consoleApi(app.url);
      const prisma = app.database.prisma;
      const ledger: LedgerContext = { prisma, sql: app.database.sql, policy: defaultPolicy };

      // Agents through the admin API.
      const adminSession = await api.login(admin.email, admin.password);
      for (const [who, role] of [
        [supervisor, 'supervisor'],
        [agent, 'agent'],
      ] as const) {
        const created = await api.call('POST', '/agent/api/agents', { session: adminSession, body: { ...who, role } });
        expect(created.status).toBe(201);
      }
      const supervisorSession: LoggedIn = await api.login(supervisor.email, supervisor.password);

      // The demo card falls due in three days; its debtor has a verified Telegram chat; the plan is stored.
      const account = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' }, include: { debtor: true } });
      const debtor = account.debtor;
      const todayIso = dateInTimeZone(clock, debtor.timezone);
      await prisma.account.update({ where: { id: account.id }, data: { dueDateIso: addDays(todayIso, 3) } });
      await prisma.channelIdentity.create({
        data: { channel: 'telegram', channelUserId: 'tg-demo', debtorId: debtor.id, verifiedAt: new Date() },
      });
      const planRequest = { fromMs: clock.getTime(), days: 7, rules: defaultContactRules, channels: new Set(['webchat', 'telegram']) };
      await refreshOutboundJobs(ledger, planRequest);
      const planned = (await api.call('GET', '/agent/api/outbound/plan?days=7', { session: supervisorSession }))
        .body as unknown as PlanAnswer;
      const preDueDay = planned.days.find((day) =>
        day.contacts.some((contact) => contact.accountRef === 'CL-TC-0001' && contact.kind === 'pre_due'),
      );
      expect(preDueDay?.date).toBe(todayIso);
      expect(planned.pausedAll).toBe(false);

      // A verified conversation waiting for an agent, with two contacts in the debtor's log.
      const conversation = await openConversation(
        ledger,
        { channel: 'telegram', channelConversationId: 'tg-demo', channelUserId: 'tg-demo' },
        JSON.stringify({ channelId: 'telegram', conversation: { id: 'tg-demo' }, user: { id: 'tg-demo' } }),
        'es-CL',
      );
      await appendMessage(ledger, {
        conversationId: conversation.id,
        direction: 'in',
        author: 'debtor',
        text: 'quiero hablar con alguien',
      });
      await linkConversationDebtor(ledger, conversation.id, debtor.id);
      await requestHandoff(ledger, conversation.id, 'human');
      const attempt = { debtorId: debtor.id, accountId: account.id, channel: 'telegram', rulesVersion: 'built-in 2026-12' };
      await prisma.contactAttempt.createMany({
        data: [
          {
            ...attempt,
            id: 'attempt-1',
            jobKey: 'job-1',
            kind: 'past_due',
            template: 'reminder.past_due.es',
            outcome: 'refused',
            reason: 'outside_hours',
            localDateIso: addDays(todayIso, -3),
            attemptedAt: new Date(clock.getTime() - 3 * 86_400_000),
          },
          {
            ...attempt,
            id: 'attempt-2',
            jobKey: 'job-2',
            kind: 'pre_due',
            template: 'reminder.pre_due.es',
            outcome: 'sent',
            reason: null,
            localDateIso: addDays(todayIso, -1),
            attemptedAt: new Date(clock.getTime() - 86_400_000),
          },
        ],
      });

      // The supervisor's console: the Reminders panel.
      const page = await running.browser().newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
      const errors = collectPageErrors(page);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      try {
        await logInToConsole(page, app.url, supervisor);
        const button = page.getByRole('button', { name: 'Recordatorios', exact: true });
        await button.click();
        const panel = page.locator('#outbound-panel');
        await panel.getByText('Recordatorios activos.').waitFor();
        const day = panel.locator(`tbody.outbound-day[data-date="${todayIso}"]`);
        await day.waitFor();
        await day.locator('.outbound-contact', { hasText: 'CL-TC-0001' }).filter({ hasText: 'Antes del vencimiento' }).first().waitFor();
        expect(await day.locator('.outbound-day-row').textContent()).toContain('Antes del vencimiento');
        expect(await day.locator('.outbound-contact', { hasText: 'CL-TC-0001' }).first().textContent()).toMatch(/10:00.*Telegram/);
        await page.screenshot({ path: join('test', 'e2e', 'screenshots', 'outbound-panel.png') });

        await panel.getByRole('button', { name: 'Pausar todo' }).click();
        await panel.getByText('Recordatorios pausados para todos: no se envía ninguno.').waitFor();
        expect(dialogs).toHaveLength(1);
        const paused = (await api.call('GET', '/agent/api/outbound/plan?days=7', { session: supervisorSession }))
          .body as unknown as PlanAnswer;
        expect(paused.pausedAll).toBe(true);
        await panel.getByRole('button', { name: 'Reanudar todo' }).click();
        await panel.getByText('Recordatorios activos.').waitFor();
        expect(dialogs).toHaveLength(1); // resuming asks nothing
        const resumed = (await api.call('GET', '/agent/api/outbound/plan?days=7', { session: supervisorSession }))
          .body as unknown as PlanAnswer;
        expect(resumed.pausedAll).toBe(false);

        // In English the kinds have English names; Escape closes the panel.
        await page.getByRole('button', { name: 'English' }).click();
        await day.locator('.outbound-day-row', { hasText: 'Before due date' }).waitFor();
        await panel.getByRole('button', { name: 'Pause all' }).focus();
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'hidden' });
        await page.getByRole('button', { name: 'Español' }).click();

        // The debtor panel's contact log, newest first, and the pause for this debtor.
        await page.locator('.queue-item').first().click();
        const log = page.locator('#debtor-contacts');
        await log.getByRole('heading', { name: 'Contactos' }).waitFor();
        const items = log.locator('.contact-item');
        expect(await items.count()).toBe(2);
        expect(await items.nth(0).textContent()).toMatch(/Antes del vencimiento · Telegram.*enviado/);
        expect(await items.nth(1).textContent()).toMatch(/Vencida · Telegram.*rechazado · motivo: outside_hours/);
        await log.getByRole('button', { name: 'Pausar recordatorios' }).click();
        await log.getByText('Recordatorios pausados para este deudor.').waitFor();
        await log.getByRole('button', { name: 'Reanudar recordatorios' }).waitFor();
        expect(await log.textContent()).not.toMatch(/null|undefined/);
        const contacts = await api.call('GET', `/agent/api/conversations/${conversation.id}/contacts`, { session: supervisorSession });
        expect(contacts.body).toMatchObject({ debtorId: debtor.id, paused: true, pausedAll: false });
        await log.getByRole('button', { name: 'Reanudar recordatorios' }).click();
        await log.getByRole('button', { name: 'Pausar recordatorios' }).waitFor();
        expect(await log.getByText('Recordatorios pausados para este deudor.').count()).toBe(0);

        // Paused for everyone, the next planning drops the plan: the panel says nothing is scheduled.
        const pauseAll = await api.call('POST', '/agent/api/outbound/pause', { session: supervisorSession, body: { scope: 'all' } });
        expect(pauseAll.body).toEqual({ paused: true, changed: true, scope: 'all' });
        await refreshOutboundJobs(ledger, planRequest);
        await button.click();
        await panel.getByText('Nada programado en los próximos 7 días.').waitFor();
        await panel.getByText('Recordatorios pausados para todos: no se envía ninguno.').waitFor();
        expect(await panel.locator('.outbound-table').count()).toBe(0);
        await api.call('POST', '/agent/api/outbound/resume', { session: supervisorSession, body: { scope: 'all' } });
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }

      // An agent sees the contact log but no Reminders button, and the plan API refuses them.
      const agentPage = await running.browser().newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
      try {
        await logInToConsole(agentPage, app.url, agent);
        await agentPage.locator('#agent-identity', { hasText: 'agente' }).waitFor();
        expect(await agentPage.locator('#outbound-button').isHidden()).toBe(true);
        expect(await agentPage.getByRole('button', { name: 'Recordatorios', exact: true }).count()).toBe(0);
        await agentPage.locator('.queue-item').first().click();
        const log = agentPage.locator('#debtor-contacts');
        await log.getByRole('heading', { name: 'Contactos' }).waitFor();
        expect(await log.getByRole('button').count()).toBe(0);
      } finally {
        await agentPage.close();
      }
      const agentSession = await api.login(agent.email, agent.password);
      expect((await api.call('GET', '/agent/api/outbound/plan', { session: agentSession })).status).toBe(403);
    },
    90_000,
  );
});
