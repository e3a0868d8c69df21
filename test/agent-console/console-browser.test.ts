// The agent console end to end in headless Chromium: a real bot queues a conversation while the
// console is open, the agent sees it appear without reloading, takes it, reads the transcript and
// the verified debtor's accounts, replies (delivered on the debtor's channel), and hands it back.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEvents } from '../../bot/conversation-events.js';
import { createAgent } from '../../ledger/index.js';
import { makeAgentConsole, type AgentConsole } from '../../adapters/agent-console/index.js';
import { hashPassword } from '../../adapters/agent-console/passwords.js';
import { makeBotHarness, type BotHarness, type TestConversation } from '../support/bot-harness.js';
import { testLogs } from '../support/log-capture.js';
import { chromiumPath, hasChromium, launchChromium } from '../webchat/support/browser.js';
import { collectPageErrors, logInToConsole } from './console-page.js';

const chromiumAvailable = hasChromium;
if (!chromiumAvailable)
  console.warn(`[skip] agent console browser test skipped: ${chromiumPath} is missing (apt-get install -y chromium).`);

const screenshotFolder = fileURLToPath(new URL('./screenshots/', import.meta.url));

let harness: BotHarness;
let events: ConversationEvents;
let agentConsole: AgentConsole;
let server: Server;
let baseUrl: string;
let browser: Browser;
const sent: Array<{ channel: string; referenceJson: string; text: string }> = [];
const paula = { email: 'paula@example.com', password: 'paula-password-1', name: 'Paula Rojas' };
const pedro = { email: 'pedro@example.com', password: 'pedro-password-1', name: 'Pedro Díaz' };

/** What the production wiring does when the bot queues a conversation or records a debtor message. */
async function debtorSays(chat: TestConversation, text: string): Promise<void> {
  await chat.ask(text);
  const row = await harness.database.prisma.conversation.findFirstOrThrow({ where: { channelConversationId: chat.conversationId } });
  events.publish({ type: 'message', conversationId: row.id, author: 'debtor', text, at: new Date().toISOString() });
  events.publish({ type: 'queue' });
}

describe.skipIf(!chromiumAvailable)('agent console in a browser', () => {
  beforeAll(async () => {
    harness = await makeBotHarness();
    events = new ConversationEvents();
    for (const agent of [paula, pedro])
      await createAgent(
        harness.ledger,
        { email: agent.email, name: agent.name, role: 'agent', passwordHash: await hashPassword(agent.password) },
        null,
      );
    agentConsole = await makeAgentConsole({
      ledger: harness.ledger,
      events,
      logger: testLogs.logger(),
      secureCookies: false,
      sendToDebtor: async (channel, referenceJson, text) => {
        sent.push({ channel, referenceJson, text });
      },
    });
    const app = express();
    app.use(agentConsole.router);
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(screenshotFolder, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await agentConsole?.close();
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await harness?.destroy();
  });

  it("shows a newly queued conversation live; the agent takes it, reads it, replies on the debtor's channel and hands it back", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);

    await page.goto(`${baseUrl}/agent`);
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeTruthy();
    await page.getByLabel('Correo').fill(paula.email);
    await page.getByLabel('Contraseña').fill('wrong-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.locator('#login-error').getByText('Correo o contraseña no aceptados', { exact: false }).waitFor();
    await page.screenshot({ path: `${screenshotFolder}console-login-refused.png` });
    await page.getByLabel('Contraseña').fill(paula.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.locator('#live-indicator[data-state="open"]').waitFor();
    await page.getByText('No hay conversaciones esperando.').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    // A debtor verifies and asks for a person, after the page is open.
    const chat = harness.conversation('es-CL');
    await chat.ask('cuanto debo');
    await chat.ask('12.345.678-5 14/03/1985');
    await debtorSays(chat, 'quiero hablar con una persona');
    const item = page.locator('.queue-item', { hasText: 'Pide una persona' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toMatch(/Verificado/);
    expect(await item.textContent()).toMatch(/María José González Rojas/);

    await item.click();
    await page.getByText('Conversación tomada.').waitFor();
    await page.locator('.bubble-debtor', { hasText: 'quiero hablar con una persona' }).waitFor();
    expect(await page.locator('.bubble-bot').count()).toBeGreaterThan(0);
    await page.locator('.account-balance', { hasText: '$1.250.000' }).waitFor();
    expect(await page.locator('#conversation-meta').textContent()).toMatch(/con agente/);

    // The debtor writes while the agent has the conversation: it appears without a reload.
    await debtorSays(chat, 'sigo aquí <img src=x onerror=alert(1)>');
    await page.locator('.bubble-debtor', { hasText: 'sigo aquí <img src=x onerror=alert(1)>' }).waitFor();
    expect(await page.locator('.bubble img').count()).toBe(0);

    await page.getByRole('button', { name: 'Saludo' }).click();
    expect(await page.getByLabel('Respuesta al deudor').inputValue()).toMatch(/^Hola, le saluda un ejecutivo/);
    await page.getByLabel('Respuesta al deudor').fill('Hola María José, soy Paula. Veamos su cuenta.');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('.bubble-agent', { hasText: 'Hola María José, soy Paula.' }).waitFor();
    expect(await page.locator('.bubble-agent .bubble-author').last().textContent()).toContain('Paula Rojas');
    const stored = await harness.database.prisma.conversation.findFirstOrThrow({ where: { channelConversationId: chat.conversationId } });
    expect(sent).toEqual([{ channel: 'test', referenceJson: stored.reference, text: 'Hola María José, soy Paula. Veamos su cuenta.' }]);

    // A promise recorded from the form carries one Idempotency-Key for the action.
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/promise')) keys.push(request.headers()['idempotency-key'] ?? '');
    });
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#promise-account').selectOption({ index: 0 });
    await page.locator('#promise-amount').fill('200000');
    await page.locator('#promise-date').fill(inFiveDays);
    await page.locator('#promise-form button[type="submit"]').click();
    await page.getByText('Compromiso registrado', { exact: false }).first().waitFor();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    const promises = await harness.database.prisma.paymentPromise.findMany({ where: { idempotencyKey: `console-${keys[0]}` } });
    expect(promises.map((promise) => [promise.amountMinor, promise.dueDateIso, promise.createdByType])).toEqual([
      [200_000n, inFiveDays, 'agent'],
    ]);

    await page.screenshot({ path: `${screenshotFolder}console-1280x800.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${screenshotFolder}console-tablet-1024x768.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Devolver al bot' }).click();
    await page.getByText('Conversación devuelta al bot.').waitFor();
    await page.locator('#conversation-meta', { hasText: 'con el bot' }).waitFor();
    await page.locator('.queue-item', { hasText: 'Pide una persona' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Enviar' }).isDisabled()).toBe(true);
    expect(navigations).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Agent console' }).waitFor();
    await page.locator('#conversation-meta', { hasText: 'with the bot' }).waitFor();
    await page.screenshot({ path: `${screenshotFolder}console-english-handed-back.png` });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('tells an agent someone else took the conversation first, and shows no account data of an unverified debtor', async () => {
    const contextA = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
    const contextB = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    // Pedro's console gets no live updates, so his queue still shows the conversation as waiting when he clicks.
    await pageB.route('**/agent/api/events', (route) => route.abort());
    const chat = harness.conversation('es-CL');
    await debtorSays(chat, 'necesito hablar con un humano');
    await logInToConsole(pageA, baseUrl, paula);
    await pageB.goto(`${baseUrl}/agent`);
    await pageB.getByLabel('Correo').fill(pedro.email);
    await pageB.getByLabel('Contraseña').fill(pedro.password);
    await pageB.getByRole('button', { name: 'Entrar' }).click();
    const itemB = pageB.locator('.queue-item', { hasText: 'Pide una persona' });
    await itemB.waitFor();
    expect(await itemB.textContent()).toMatch(/No verificado/);

    await pageA.locator('.queue-item', { hasText: 'Pide una persona' }).click();
    await pageA.getByText('Conversación tomada.').waitFor();
    await pageA.locator('.not-verified-note', { hasText: 'No verificado — no se muestran datos de cuentas.' }).waitFor();
    expect(await pageA.locator('.account-card').count()).toBe(0);
    expect(await pageA.locator('#debtor-forms').isHidden()).toBe(true);

    await itemB.click();
    await pageB.getByText('Paula Rojas tomó esta conversación primero.').waitFor();
    await pageB.locator('#conversation-notice', { hasText: 'Solo lectura: la conversación está con Paula Rojas.' }).waitFor();
    expect(await pageB.getByRole('button', { name: 'Enviar' }).isDisabled()).toBe(true);
    // After the refusal Pedro's queue is read again: the conversation now shows who has it.
    await pageB.locator('.queue-item', { hasText: 'Con Paula Rojas' }).waitFor();
    await pageB.screenshot({ path: `${screenshotFolder}console-taken-by-other.png` });

    await pageA.getByLabel('Cerrar con resultado').selectOption('no_contact');
    await pageA.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await pageA.getByText('Conversación cerrada.').waitFor();
    await contextA.close();
    await contextB.close();
  });
});
