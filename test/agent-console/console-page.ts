import type { Page } from 'playwright-core';

/** Logs `who` in to the agent console at `baseUrl` through its Spanish login form, and waits for the live queue. */
export async function logInToConsole(
  page: Page,
  baseUrl: string,
  who: { readonly email: string; readonly password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/agent`);
  await page.getByLabel('Correo').fill(who.email);
  await page.getByLabel('Contraseña').fill(who.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.locator('#live-indicator[data-state="open"]').waitFor();
}

/**
 * Collects what would be a bug on a console page: uncaught errors and console errors, except the 401s the
 * session check before login (or a wrong password) answers by design. Returns the live list.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('status of 401')) errors.push(message.text());
  });
  return errors;
}
