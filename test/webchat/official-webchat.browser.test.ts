// The official Bot Framework Web Chat bundle, unchanged, on another origin, against our Direct Line server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotFolder } from './support/browser.js';
import { startHostPageServer, type HostPageServer } from './support/host-page-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** The official bundle, served unchanged from node_modules (the package's exports do not expose dist/). */
const webChatBundle = new URL('../../node_modules/botframework-webchat/dist/webchat.js', import.meta.url);
let server: TestServer;
let hostSite: HostPageServer;
let browser: Browser;
const hostPages: Record<string, string | { body: Buffer; contentType: string }> = {};

/** A page that gets a token from our token endpoint and renders Web Chat with createDirectLine({ token, domain }). */
function webChatPage(webSocket: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Official Web Chat</title>
<style>html, body { height: 100%; margin: 0 } #webchat { height: 100%; }</style></head>
<body><div id="webchat" role="main"></div>
<script src="/webchat.js"></script>
<script>
  (async () => {
    const response = await fetch('${server.baseUrl}/api/webchat/token', { method: 'POST' });
    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({ token, domain: '${server.baseUrl}/v3/directline', webSocket: ${webSocket} });
    window.WebChat.renderWebChat({ directLine, locale: 'en-US' }, document.getElementById('webchat'));
  })();
</script></body></html>`;
}

describe.skipIf(!hasChromium)('the official Bot Framework Web Chat against our server', () => {
  beforeAll(async () => {
    hostSite = await startHostPageServer(hostPages);
    server = await startTestServer({ allowedOrigins: [hostSite.origin] });
    hostPages['/webchat.js'] = { body: readFileSync(webChatBundle), contentType: 'application/javascript' };
    hostPages['/'] = webChatPage(true);
    hostPages['/polling'] = webChatPage(false);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await hostSite?.close();
  });

  it.each([
    { transport: 'WebSocket', path: '/' },
    { transport: 'polling', path: '/polling' },
  ])(
    'greets, answers a typed message and a suggested-action click ($transport)',
    async ({ transport, path }) => {
      const context = await browser.newContext({ viewport: { width: 900, height: 720 } });
      const page = await context.newPage();
      const failedRequests: string[] = [];
      page.on('requestfailed', (request) =>
        failedRequests.push(`${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
      );
      // Web Chat renders each message as a paragraph (plus hidden labels for screen readers).
      const message = (text: string) => page.locator('p', { hasText: text }).first();
      await page.goto(`${hostSite.origin}${path}`);
      await message('Hello! I am the test assistant.').waitFor({ timeout: 20_000 });

      const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
      await sendBox.fill('hello from web chat');
      await sendBox.press('Enter');
      await message('echo: hello from web chat').waitFor();

      await sendBox.fill('menu');
      await sendBox.press('Enter');
      await message('Choose an option').waitFor();
      await page.getByRole('button', { name: 'Balance' }).last().click();
      await message('Your balance is $100.00').waitFor();
      // A pay link's QR code (a PNG data URL attachment) is shown as an image.
      await sendBox.fill('qr');
      await sendBox.press('Enter');
      await message('Scan to pay').waitFor();
      // Web Chat shows it from a blob URL, in a frame that fills and crops: the whole code (2:1, centred) stays in view.
      const qr = page.locator('img[src^="blob:"]').last();
      await qr.waitFor();
      const shown = await qr.evaluate((image) => {
        const element = image as unknown as { naturalWidth: number; naturalHeight: number; clientWidth: number; clientHeight: number };
        return { natural: element.naturalWidth / element.naturalHeight, frame: element.clientWidth / element.clientHeight };
      });
      expect(shown.natural).toBe(2);
      // The frame is no wider than the image: cropping takes only the white sides, never the code's rows.
      expect(shown.frame).toBeLessThanOrEqual(2);
      await page.screenshot({ path: join(screenshotFolder, `official-webchat-${transport.toLowerCase()}.png`) });
      expect(failedRequests.filter((request) => !request.includes('/session/getsessionid'))).toEqual([]);
      await context.close();
    },
    60_000,
  );
});
