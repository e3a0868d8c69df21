import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { AppOverrides, RunningApp } from '../../app.js';
import { hasChromium, launchChromium } from '../webchat/support/browser.js';
import { startTestApp } from './test-app.js';

/** The whole server on a fresh SQLite file and a headless Chromium, for a browser test file. */
export interface AppInBrowser {
  /** The running server (inside tests). */
  readonly app: () => RunningApp;
  /** The browser (inside tests). */
  readonly browser: () => Browser;
}

/**
 * Starts the server (`environment` beside a fresh `DATABASE_URL`) and Chromium before the file's tests and
 * stops both after them; nothing starts when Chromium is missing (the tests skip themselves).
 */
export function useAppInBrowser(name: string, environment: Record<string, string> = {}, overrides: AppOverrides = {}): AppInBrowser {
  const folder = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!hasChromium) return;
    app = await startTestApp({ DATABASE_URL: `file:${join(folder, 'ledger.db')}`, ...environment }, overrides);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const opened = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not running (outside a test, or Chromium is missing)`);
    return value;
  };
  return { app: () => opened(app, 'server'), browser: () => opened(browser, 'browser') };
}
