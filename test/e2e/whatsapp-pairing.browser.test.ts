// The admin's WhatsApp panel in the agent console (headless Chromium): the pairing QR appears as an image,
// disappears once the phone has linked, and after WhatsApp logs the device out "Pair again" brings a new one.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { hasChromium } from '../webchat/support/browser.js';
import { makeFakeSockets } from '../whatsapp/fake-socket.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
const sockets = makeFakeSockets();
const printed: string[] = [];
const running = useAppInBrowser(
  'whatsapp-panel',
  { AGENT_BOOTSTRAP_EMAIL: admin.email, AGENT_BOOTSTRAP_PASSWORD: admin.password, WHATSAPP_ENABLED: 'true' },
  { whatsappSocketFactory: sockets.factory, printWhatsAppQr: (qr) => printed.push(qr) },
);

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

describe('pairing WhatsApp from the agent console', () => {
  it.skipIf(!hasChromium)(
    'shows the QR to an admin, then the linked state, and pairs again after a log-out',
    async () => {
      const qr =
        '2@Yx7bQ3cS9k0mP1nR4tV6wZ8aB2dF5gH7jK9lM1nP3qR5sT7,Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0=,Kk1Ll2Mm3Nn4Oo5Pp6Qq7Rr8Ss9=,Tt1Uu2Vv3Ww4Xx5=';
      sockets.latest().showQr(qr);
      expect(printed).toEqual([qr]);

      const app = running.app();
      const page = await running.browser().newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
      page.on('dialog', (dialog) => void dialog.accept());
      await logInToConsole(page, app.url, admin);
      await page.getByRole('button', { name: 'WhatsApp' }).click();
      await page.getByText('Esperando vinculación').waitFor();
      const image = page.locator('#whatsapp-qr');
      await image.waitFor({ state: 'visible' });
      expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      // The image really renders (a QR is square and not empty).
      const size = await image.evaluate((element) => {
        const { naturalWidth, naturalHeight } = element as unknown as { naturalWidth: number; naturalHeight: number };
        return { width: naturalWidth, height: naturalHeight };
      });
      expect(size.width).toBeGreaterThan(0);
      expect(size.width).toBe(size.height);
      await page.screenshot({
        path: process.env['SCREENSHOT_DIR'] ? join(process.env['SCREENSHOT_DIR'], 'whatsapp-qr.png') : join(tmpdir(), 'whatsapp-qr.png'),
      });

      sockets.latest().open();
      await page.getByText('Conectado', { exact: true }).waitFor({ timeout: 10_000 });
      await image.waitFor({ state: 'hidden' });

      const before = sockets.sockets.length;
      sockets.latest().close(DisconnectReason.loggedOut);
      await page.getByText('Desvinculado').waitFor({ timeout: 10_000 });
      expect(sockets.sockets).toHaveLength(before);
      await page.getByRole('button', { name: 'Vincular de nuevo' }).click();
      await expect.poll(() => sockets.sockets.length).toBe(before + 1);
      sockets.latest().showQr(`${qr}-2`);
      await image.waitFor({ state: 'visible', timeout: 10_000 });
      await page.close();
    },
    60_000,
  );
});
