// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core; browser tests skip without it.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian installs Chromium (CI: `apt-get install -y chromium`). */
export const chromiumPath = '/usr/bin/chromium';
/** True when the browser tests can run. */
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`Browser tests skipped: ${chromiumPath} is missing (apt-get install -y chromium).`);

/** Folder of the screenshots the browser tests save (gitignored). */
export const screenshotFolder = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Launches headless Chromium with the flags these tests need. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotFolder, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
