// The demo, as a newcomer meets it (headless Chromium): on the demo page's web chat widget they verify as the Chilean
// demo debtor, accept a plan, see the pay link and its QR code, open the link, pay the down payment with the local
// payment simulator, and see the receipt and the new balance in the chat; then, in the agent console, the account's
// payments show the down payment paid.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium, screenshotFolder } from '../webchat/support/browser.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
// No provider is configured and the demo data is loaded: the simulator is on, as with `npm start`.
const running = useAppInBrowser('demo-payment', { AGENT_BOOTSTRAP_EMAIL: admin.email, AGENT_BOOTSTRAP_PASSWORD: admin.password });

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

/** The widget's parts, through its open shadow root. */
function widget(page: Page) {
  return {
    launcher: page.locator('[data-debt-bot-webchat] .launcher'),
    input: page.locator('[data-debt-bot-webchat] input'),
    bot: (text: string | RegExp) => page.locator('[data-debt-bot-webchat] .message.bot .bubble', { hasText: text }).last(),
  };
}

async function say(page: Page, text: string, expected: string | RegExp): Promise<void> {
  const chat = widget(page);
  await chat.input.fill(text);
  await chat.input.press('Enter');
  await chat.bot(expected).waitFor({ timeout: 15_000 });
}

describe('the demo’s payment simulator', () => {
  it.skipIf(!hasChromium)(
    'pays the demo plan’s down payment; the chat and the console show the new balance',
    async () => {
      const app = running.app();
      const context = await running.browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-CL' });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${app.url}/?lang=es`);
      const chat = widget(page);
      await chat.launcher.click();
      await say(page, '¿cuánto debo?', 'documento');
      await say(page, '12.345.678-5 14/03/1985', '1.250.000');
      await say(page, 'quiero pagar en 6 cuotas', 'cuál cuenta');
      await say(page, '1', 'Confirmas este plan');
      await say(page, 'sí', 'quedó registrado');

      const offer = chat.bot('quedó registrado');
      const link = offer.locator('a[href*="/pay/"]');
      const href = await link.getAttribute('href');
      expect(href).toMatch(new RegExp(`^http://(localhost|127\\.0\\.0\\.1):\\d+/pay/[\\w-]{22}$`));
      expect(await offer.textContent()).toMatch(/P-[0-9A-Z]{8}/);
      const qr = offer.locator('img.attachment');
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await qr.evaluate((image) => (image as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
      const downPayment = await app.database.prisma.paymentLink.findFirstOrThrow({ where: { purpose: 'down_payment' } });
      // The amount the link pays is the plan's down payment, as the ledger recorded it.
      const agreement = await app.database.prisma.agreement.findFirstOrThrow({
        where: { status: 'active', accountId: downPayment.accountId },
      });
      expect(downPayment.amountMinor).toBe(agreement.downPaymentMinor);
      const shown = new Intl.NumberFormat('es-CL').format(Number(downPayment.amountMinor));
      expect(await offer.textContent()).toContain(`$${shown}`);
      await page.screenshot({ path: `${screenshotFolder}/demo-pay-link.png` });

      // The link opens the simulator in a new tab (the link's own target).
      const [simulator] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await simulator.waitForLoadState();
      expect(await simulator.locator('.amount').textContent()).toContain(shown);
      await simulator.getByRole('button', { name: /Pagar \(simulado\)/ }).click();
      await simulator.getByText('Pagado.').waitFor();
      await simulator.close();

      const balanceAfter = 1_250_000n - downPayment.amountMinor;
      const receipt = chat.bot('Recibimos tu pago');
      await receipt.waitFor({ timeout: 15_000 });
      expect(await receipt.textContent()).toContain(`Saldo actual: $${new Intl.NumberFormat('es-CL').format(Number(balanceAfter))}`);
      const account = await app.database.prisma.account.findUniqueOrThrow({ where: { id: downPayment.accountId } });
      expect(account.balanceMinor).toBe(balanceAfter);
      expect((await app.database.prisma.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).lumpSumPaidMinor).toBe(
        downPayment.amountMinor,
      );
      await page.screenshot({ path: `${screenshotFolder}/demo-receipt.png` });

      // Playing the other side: the debtor asks for a person; the agent sees the payment in the debtor panel.
      await say(page, 'quiero hablar con una persona', /persona|agente|equipo/i);
      const consolePage = await context.newPage();
      const consoleErrors = collectPageErrors(consolePage);
      await logInToConsole(consolePage, app.url, admin);
      await consolePage.locator('.queue-item').first().click();
      const section = consolePage.locator('#debtor-content .payments-section');
      await section.waitFor();
      const card = section.locator('.payments-account', { hasText: 'CL-TC-0001' });
      await expect
        .poll(async () => card.textContent(), { timeout: 10_000 })
        .toContain(new Intl.NumberFormat('es-CL').format(Number(balanceAfter)));
      expect(await card.textContent()).toContain(shown);
      await consolePage.screenshot({ path: `${screenshotFolder}/demo-console-payment.png`, fullPage: true });
      expect(errors).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    },
    90_000,
  );
});
