// The embeddable widget (/widget.js) on the demo page and on another origin, in headless Chromium.
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotFolder } from './support/browser.js';
import { startHostPageServer, type HostPageServer } from './support/host-page-server.js';
import { markupProbeText } from './support/test-bot.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let hostSite: HostPageServer;
let browser: Browser;
/** Pages of the operator's site (another origin), filled once the bot server's URL is known. */
const hostPages: Record<string, string> = {};

/** A page of the operator's site: a strict Content-Security-Policy (no inline styles) and the one-line embed. */
function embeddingPage(title: string): string {
  const policy = `default-src 'none'; style-src 'self'; script-src ${server.baseUrl}; connect-src ${server.baseUrl} ${server.baseUrl.replace('http', 'ws')}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><title>${title}</title></head><body><h1>${title}</h1><script src="${server.baseUrl}/widget.js" data-locale="en" data-title="Lender help" async></script></body></html>`;
}

/** The widget's parts, found through its open shadow root (Playwright's CSS selectors pierce it). */
function widget(page: Page) {
  return {
    launcher: page.locator('[data-debt-bot-webchat] .launcher'),
    panel: page.locator('[data-debt-bot-webchat] .panel'),
    input: page.locator('[data-debt-bot-webchat] input'),
    status: page.locator('[data-debt-bot-webchat] .status'),
    typing: page.locator('[data-debt-bot-webchat] .typing'),
    actions: page.locator('[data-debt-bot-webchat] .actions button'),
    botBubbles: page.locator('[data-debt-bot-webchat] .message.bot .bubble'),
    userBubbles: page.locator('[data-debt-bot-webchat] .message.user .bubble'),
    bubble: (role: 'bot' | 'user', text: string): Locator =>
      page.locator(`[data-debt-bot-webchat] .message.${role} .bubble`, { hasText: text }),
  };
}

/** Class of the element focused inside the widget's shadow root, or the tag of the page's focused element (evaluated in the page). */
function focusedInWidget(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const inner = document.querySelector('[data-debt-bot-webchat]')?.shadowRoot?.activeElement;
    return inner ? inner.className || inner.tagName.toLowerCase() : (document.activeElement?.tagName.toLowerCase() ?? '');
  })()`);
}

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.dismiss());
  return { context, page };
}

describe.skipIf(!hasChromium)('the web chat widget in Chromium', () => {
  beforeAll(async () => {
    hostSite = await startHostPageServer(hostPages);
    server = await startTestServer({ allowedOrigins: [hostSite.origin] });
    hostPages['/'] = embeddingPage('Allowed lender site');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await hostSite?.close();
  });

  it('opens from the demo page, greets in Spanish, and a suggested action gets its reply and disappears', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/?lang=es`);
    expect(await page.locator('h1:visible').textContent()).toBe('Ponte al día con tu crédito, a tu ritmo');
    const chat = widget(page);
    expect(await chat.launcher.getAttribute('aria-label')).toBe('Abrir el chat');
    await chat.launcher.click();
    await chat.bubble('bot', '¡Hola! Soy el asistente de prueba.').waitFor();
    expect(await chat.panel.getAttribute('role')).toBe('dialog');
    expect(await page.locator('[data-debt-bot-webchat] .messages').getAttribute('aria-live')).toBe('polite');
    expect(await chat.actions.allTextContents()).toEqual(['Ver saldo', 'Menú']);
    await page.screenshot({ path: join(screenshotFolder, 'widget-desktop-greeting.png') });

    await chat.actions.filter({ hasText: 'Ver saldo' }).click();
    await chat.bubble('bot', 'Your balance is $100.00').waitFor();
    expect(await chat.userBubbles.allTextContents()).toEqual(['Tú: balance']);
    expect(await chat.actions.count()).toBe(0);

    await chat.input.fill('menu');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'Choose an option').waitFor();
    await chat.actions.filter({ hasText: 'Pay' }).click();
    await chat.bubble('bot', 'echo: pay now').waitFor();
    expect(await chat.userBubbles.allTextContents()).toEqual(['Tú: balance', 'Tú: menu', 'Tú: Pay']);
    await page.screenshot({ path: join(screenshotFolder, 'widget-desktop-conversation.png') });
    await context.close();
  });

  it('shows markup as text and never runs it', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/?lang=en`);
    const chat = widget(page);
    await chat.launcher.click();
    await chat.bubble('bot', 'Hello! I am the test assistant.').waitFor();
    await chat.input.fill('markup');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'Look:').waitFor();
    expect(await chat.bubble('bot', 'Look:').textContent()).toBe(`Assistant: ${markupProbeText}`);
    await chat.input.fill('<img src=x onerror="window.__xss=3"><b>hi</b>');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'echo: <img').waitFor();
    await page.waitForTimeout(200);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(
      await page
        .locator('[data-debt-bot-webchat] .messages img, [data-debt-bot-webchat] .messages script, [data-debt-bot-webchat] .messages b')
        .count(),
    ).toBe(0);
    await page.screenshot({ path: join(screenshotFolder, 'widget-markup-as-text.png') });
    await context.close();
  });

  it('fills a phone screen and shows the typing indicator', async () => {
    const { context, page } = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await page.goto(`${server.baseUrl}/?lang=es`);
    const chat = widget(page);
    await page.screenshot({ path: join(screenshotFolder, 'widget-phone-closed.png') });
    await chat.launcher.tap();
    await chat.bubble('bot', '¡Hola!').waitFor();
    expect(await chat.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await chat.input.fill('typing');
    await chat.input.press('Enter');
    await chat.typing.waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshotFolder, 'widget-phone-typing.png') });
    await chat.bubble('bot', 'done typing').waitFor();
    await chat.typing.waitFor({ state: 'hidden' });
    for (let index = 1; index <= 6; index += 1) {
      await chat.input.fill(`filling the screen ${index}`);
      await chat.input.press('Enter');
      await chat.bubble('bot', `echo: filling the screen ${index}`).waitFor();
    }
    await chat.input.fill('menu');
    await chat.input.press('Enter');
    await chat.actions.first().waitFor();
    // The newest message stays in view even though the suggested actions took room from the list.
    const hiddenBelowPx = await page.evaluate<number>(`(() => {
      const list = document.querySelector('[data-debt-bot-webchat]').shadowRoot.querySelector('.messages');
      return list.scrollHeight - list.scrollTop - list.clientHeight;
    })()`);
    expect(hiddenBelowPx).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(screenshotFolder, 'widget-phone-open.png') });
    await context.close();
  });

  it('works with the keyboard: Tab to the button, Enter opens, Enter sends, Escape closes and gives focus back', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/?lang=en`);
    const chat = widget(page);
    await chat.launcher.waitFor();
    let presses = 0;
    while ((await focusedInWidget(page)) !== 'launcher') {
      await page.keyboard.press('Tab');
      presses += 1;
      expect(presses).toBeLessThan(40);
    }
    await page.keyboard.press('Enter');
    await chat.bubble('bot', 'Hello! I am the test assistant.').waitFor();
    expect(await chat.launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget(page)).toBe('input');
    await page.keyboard.type('hello from the keyboard');
    await page.keyboard.press('Enter');
    await chat.bubble('bot', 'echo: hello from the keyboard').waitFor();
    await page.keyboard.press('Escape');
    expect(await chat.panel.isHidden()).toBe(true);
    expect(await focusedInWidget(page)).toBe('launcher');
    expect(await chat.launcher.getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('resumes the same conversation after a page reload without losing or repeating messages', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/?lang=en`);
    const chat = widget(page);
    await chat.launcher.click();
    await chat.bubble('bot', 'Hello!').waitFor();
    await chat.input.fill('first');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'echo: first').waitFor();
    await page.reload();
    await chat.bubble('bot', 'echo: first').waitFor();
    expect(await chat.panel.isVisible()).toBe(true);
    await chat.input.fill('second');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'echo: second').waitFor();
    expect(await chat.botBubbles.allTextContents()).toEqual([
      'Assistant: Hello! I am the test assistant.',
      'Assistant: echo: first',
      'Assistant: echo: second',
    ]);
    expect(await chat.userBubbles.allTextContents()).toEqual(['You: first', 'You: second']);
    const greeted = [...server.bot.greetings.values()].filter((count) => count > 1);
    expect(greeted).toEqual([]);
    await context.close();
  });

  it('polls when the browser has no WebSocket', async () => {
    const { context, page } = await newPage();
    await page.addInitScript('delete window.WebSocket;');
    await page.goto(`${server.baseUrl}/?lang=en`);
    const chat = widget(page);
    await chat.launcher.click();
    await chat.bubble('bot', 'Hello!').waitFor();
    await chat.input.fill('over polling');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'echo: over polling').waitFor();
    await context.close();
  });

  it('embedded on another allowed origin, gets its token through CORS and chats; a foreign origin gets no token', async () => {
    const { context, page } = await newPage();
    await page.goto(`${hostSite.origin}/`);
    const chat = widget(page);
    expect(await page.locator('[data-debt-bot-webchat] h2').textContent()).toBe('Lender help');
    // Styled despite the policy: the launcher is the round 60 px button in the corner.
    expect(await chat.launcher.boundingBox()).toEqual({ x: 1280 - 20 - 60, y: 800 - 20 - 60, width: 60, height: 60 });
    await chat.launcher.click();
    await chat.bubble('bot', 'Hello! I am the test assistant.').waitFor();
    await chat.input.fill('cross-origin hello');
    await chat.input.press('Enter');
    await chat.bubble('bot', 'echo: cross-origin hello').waitFor();
    await context.close();

    const foreignSite = await startHostPageServer({ '/': embeddingPage('Foreign site') });
    const { context: foreignContext, page: foreignPage } = await newPage();
    try {
      await foreignPage.goto(`${foreignSite.origin}/`);
      const foreignChat = widget(foreignPage);
      await foreignChat.launcher.click();
      await foreignChat.status.filter({ hasText: 'could not reach' }).waitFor();
      expect(await foreignChat.botBubbles.count()).toBe(0);
    } finally {
      await foreignContext.close();
      await foreignSite.close();
    }
  });
});
