// Issue 12, as a newcomer meets it: the Spanish demo page in a browser set to English; the debtor types
// Spanish from "hola" to a recorded plan, and is answered in Spanish throughout (headless Chromium, real server).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium, screenshotFolder } from '../webchat/support/browser.js';

const now = new Date('2026-11-23T15:00:00Z');
const running = useAppInBrowser('english-browser', { LENDER_NAME: 'Banco Demo' }, { now: () => now });

describe.skipIf(!hasChromium)('a browser set to English on the Spanish demo page', () => {
  it('greets in the page language, answers Spanish in Spanish, and records the plan', async () => {
    const app = running.app();
    const context = await running.browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    const page = await context.newPage();
    const root = '[data-debt-bot-webchat]';
    const bot = (text: string | RegExp) => page.locator(`${root} .message.bot .bubble`, { hasText: text }).last();
    const input = page.locator(`${root} input`);
    const type = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
    };
    await page.goto(`${app.url}/?lang=es`);
    await page.locator(`${root} .launcher`).click();
    await bot('Soy el asistente virtual de Banco Demo').waitFor({ timeout: 20_000 });

    await type('hola');
    await page.locator(`${root} .message.bot`).nth(1).waitFor();
    expect(await page.locator(`${root} .message.bot .bubble`).nth(1).textContent()).toMatch(/Hola! Soy el asistente virtual/);
    await type('cuánto debo?');
    await bot('número de documento').waitFor();
    await type('12.345.678-5');
    await bot('fecha de nacimiento').waitFor();
    await type('14/03/1985');
    await bot('$1.250.000').waitFor();
    await page.screenshot({ path: join(screenshotFolder, 'english-browser-spanish-balance.png') });

    await page.locator(`${root} .actions button`, { hasText: 'Plan de cuotas' }).click();
    await bot('cuál cuenta').waitFor();
    await page.locator(`${root} .actions button`, { hasText: '0001' }).click();
    await bot('Confirmas este plan').waitFor();
    await type('sí, acepto');
    await bot('Tu plan quedó registrado').waitFor();
    await page.screenshot({ path: join(screenshotFolder, 'english-browser-spanish-plan.png') });

    const bubbles = await page.locator(`${root} .message.bot .bubble`).allTextContents();
    expect(bubbles.filter((text) => /Sorry|didn't|I'm your/.test(text))).toEqual([]);
    const account = await app.database.prisma.account.findUniqueOrThrow({
      where: { externalRef: 'CL-TC-0001' },
      include: { agreements: { include: { installments: true } } },
    });
    expect(account.agreements).toHaveLength(1);
    const [agreement] = account.agreements;
    const sum = (agreement?.installments ?? []).reduce(
      (total, installment) => total + installment.amountMinor,
      agreement?.downPaymentMinor ?? 0n,
    );
    expect(sum).toBe(1_250_000n);
    await context.close();
  }, 90_000);
});
