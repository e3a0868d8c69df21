// Queue cards in headless Chromium: two unverified "asks for a person" conversations are told apart by
// the debtor's last message, a document number the debtor types shows masked (and arrives live), the
// verified debtor's name shows, and debtor text is never parsed as HTML.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage } from '../../ledger/index.js';
import { makeConsoleFixture, type ConsoleFixture } from './console-fixture.js';
import { chromiumPath, hasChromium, launchChromium } from '../webchat/support/browser.js';
import { collectPageErrors, logInToConsole } from './console-page.js';

const chromiumAvailable = hasChromium;
if (!chromiumAvailable) console.warn(`[skip] queue cards browser test skipped: ${chromiumPath} is missing (apt-get install -y chromium).`);

const screenshotPath = '/tmp/queue-cards.png';

let fixture: ConsoleFixture;
let browser: Browser;

/** What the bot does when the debtor writes in a queued conversation: store the message, tell the console. */
async function debtorWrites(conversationId: string, text: string): Promise<void> {
  await appendMessage(fixture.ledger, { conversationId, direction: 'in', author: 'debtor', text });
  fixture.events.publish({ type: 'message', conversationId, author: 'debtor', text, at: new Date().toISOString() });
}

describe.skipIf(!chromiumAvailable)('queue cards in a browser', () => {
  beforeAll(async () => {
    fixture = await makeConsoleFixture({ now: () => new Date() });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await fixture?.destroy();
  });

  it("shows each debtor's last message, masked and on one line, and the name only once verified", async () => {
    const first = await fixture.queueConversation({ debtorText: 'PIDE UNA PERSONA' });
    const second = await fixture.queueConversation({
      debtorText: 'Quiero hablar con alguien:\nme cobraron dos veces la cuota de $50.000 <img src=x onerror=alert(1)>',
    });
    await fixture.queueConversation({ verified: true, reason: 'hardship', debtorText: 'perdí mi trabajo, ¿puedo pagar en 6 cuotas?' });
    const agent = await fixture.addAgent('agent', 'Paula Rojas');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    await logInToConsole(page, fixture.url, agent);

    const firstCard = page.locator(`[data-conversation-id="${first.conversationId}"]`);
    const secondCard = page.locator(`[data-conversation-id="${second.conversationId}"]`);
    await firstCard.locator('.queue-preview', { hasText: 'PIDE UNA PERSONA' }).waitFor();
    await secondCard.locator('.queue-preview').waitFor();
    expect(await secondCard.locator('.queue-preview').textContent()).toBe(
      'Quiero hablar con alguien: me cobraron dos veces la cuota de $50.000 <img src=x…',
    );
    expect(await page.locator('.queue-list img').count()).toBe(0);
    for (const card of [firstCard, secondCard]) {
      expect(await card.textContent()).toMatch(/No verificado/);
      expect(await card.locator('.queue-name').count()).toBe(0);
    }
    const verifiedCard = page.locator('.queue-item', { hasText: 'perdí mi trabajo' });
    expect(await verifiedCard.locator('.queue-name').textContent()).toBe('Ana Pérez');
    expect(await verifiedCard.textContent()).toMatch(/Verificado/);
    expect(await verifiedCard.getAttribute('aria-label')).toContain('Último mensaje: perdí mi trabajo, ¿puedo pagar en 6 cuotas?');

    // The debtor types a document number while waiting: the card changes live, masked.
    await debtorWrites(first.conversationId, 'mi rut es 12.345.678-5\ny nací el 14/03/1985');
    await firstCard.locator('.queue-preview', { hasText: 'mi rut es [document] y nací el [date]' }).waitFor({ timeout: 10_000 });
    const queueText = await page.locator('#queue-list').textContent();
    expect(queueText).not.toContain('12.345.678');
    expect(queueText).not.toContain('1985');

    // However long the message, the card shows at most two lines of it (the narrow pane wraps the one-line preview).
    const preview = secondCard.locator('.queue-preview');
    const height = (await preview.boundingBox())?.height ?? 0;
    const lineHeight = await preview.evaluate(
      (node) => parseFloat(node.ownerDocument.defaultView?.getComputedStyle(node).lineHeight ?? '') || 20,
    );
    expect(height).toBeLessThan(lineHeight * 2.9);
    expect(await preview.getAttribute('title')).toContain('<img src=x');

    await page.screenshot({ path: screenshotPath });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
