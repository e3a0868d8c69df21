// Issue 6 end to end: a debtor on web chat (official Direct Line client) disputes; the conversation
// appears in the agent console (headless Chromium) without a reload; the agent takes it, replies (the
// debtor receives it on web chat), hands back, and the bot answers again.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium } from '../webchat/support/browser.js';
import { openChat } from './direct-line-client.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
const running = useAppInBrowser('handoff', {
  AGENT_BOOTSTRAP_EMAIL: admin.email,
  AGENT_BOOTSTRAP_PASSWORD: admin.password,
  WEBCHAT_TOKENS_PER_MINUTE: '1000',
});

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

describe('a dispute handed to an agent and back', () => {
  it.skipIf(!hasChromium)(
    'reaches the console live, the agent answers on web chat, and the bot takes over again',
    async () => {
      const app = running.app();
      const page = await running.browser().newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
      await logInToConsole(page, app.url, admin);

      const debtor = await openChat(app.url, { webSocket: true, locale: 'es-PE' });
      try {
        await debtor.say('cuanto debo', /documento/);
        await debtor.say('45678912 1990-11-02', /S\/ 3,480\.50/);
        await debtor.say('tengo un reclamo', /problema con esta deuda/);
        await debtor.say('No es mía', /qué pasó/);
        const recorded = await debtor.say('nunca contraté ese servicio', /DSP-[A-Z2-9]{6}/);
        expect(recorded).toMatch(/en revisión/);

        const item = page.locator('.queue-item', { hasText: 'Reclamo' });
        await item.waitFor({ timeout: 15_000 });
        await item.click();
        await page.getByText('Conversación tomada.').waitFor();
        await page.locator('.bubble-debtor', { hasText: 'nunca contraté ese servicio' }).waitFor();
        await page.locator('.account-balance', { hasText: '3,480.50' }).waitFor();

        const agentReply = 'Hola Carlos, soy del equipo de reclamos. Ya estamos revisando su caso.';
        const received = debtor.say('hola, ¿alguien me lee?', /equipo de reclamos/).catch(() => '');
        await page.getByLabel('Respuesta al deudor').fill(agentReply);
        await page.getByRole('button', { name: 'Enviar' }).click();
        expect(await received).toBe(agentReply);
        await page.locator('.bubble-debtor', { hasText: 'alguien me lee' }).waitFor();
        await page.locator('.bubble-agent', { hasText: 'equipo de reclamos' }).waitFor();
        expect(await page.locator('.bubble-bot', { hasText: 'equipo de reclamos' }).count()).toBe(0);
        await page.screenshot({ path: join('test', 'e2e', 'screenshots', 'console-dispute-taken.png') });

        await page.getByRole('button', { name: 'Devolver al bot' }).click();
        await page.getByText('Conversación devuelta al bot.').waitFor();
        const answer = await debtor.say('cuanto debo', /terminada en/);
        expect(answer).toMatch(/en revisión/);
      } finally {
        debtor.end();
        await page.close();
      }
    },
    90_000,
  );
});
