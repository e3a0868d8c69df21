import type { Page } from 'playwright-core';

/** Logs `who` in to the agent console at `baseUrl` through its Spanish login form, and waits for the live queue. */
export async function logInToConsole(page: Page, baseUrl: string, who: { readonly email: string; readonly password: string }): Promise<void> {
  await page.goto(`${baseUrl}/agent`);
  await page.getByLabel('Correo').fill(who.email);
  await page.getByLabel('Contraseña').fill(who.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.locator('#live-indicator[data-state="open"]').waitFor();
}
