// Headless Chromium from Debian's package (never a downloaded browser), driven by playwright-core.
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './relying_party.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** On namens' login screen in `page`: logs `username` in, chooses the option whose label matches `choose`, consents. */
export async function logInAndChoose(page: Page, username: string, choose: RegExp): Promise<void> {
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('radio', { name: choose }).check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.getByRole('button', { name: 'Toestaan' }).click();
}
