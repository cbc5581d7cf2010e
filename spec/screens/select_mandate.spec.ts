// The screens in a real browser: jan logs in at demo-gemeente for bijzondere-bijstand, picks Anna on the
// selection screen, agrees, and the browser arrives at the app's callback with a code.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { SERVICES } from '../../seeds/personas.ts';
import { launchChromium } from '../support/chromium.ts';
import { authorizationRequest, discover, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('screens: login, selection and consent in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks jan from login through "Namens wie wilt u verder?" to the app', async () => {
    const bijzondere = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${bijzondere.uuid}` });
    const page = await browser.newPage();
    let callback: string | undefined;
    // The app is not running: catch the navigation to its callback instead.
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      callback = route.request().url();
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'the app' });
    });

    await page.goto(request.url);
    assert.equal(await page.title(), 'Inloggen · namens');
    assert.match(await page.locator('.intro').innerText(), /Bijzondere bijstand aanvragen/);
    await page.getByLabel('Gebruikersnaam').fill('jan');
    await page.getByLabel('Wachtwoord').fill('namens-test');
    await page.getByRole('button', { name: 'Inloggen' }).click();

    await page.waitForSelector('h1:text("Namens wie wilt u verder?")');
    const group = page.getByRole('group', { name: 'Kies voor wie u deze dienst gebruikt' });
    assert.deepEqual(await group.getByRole('radio').evaluateAll((radios) => radios.map((radio) => radio.getAttribute('value'))), [
      'self',
      'a0000000-0000-4000-8000-000000000001',
      'a0000000-0000-4000-8000-000000000002',
    ]);
    await page.getByRole('radio', { name: /Anna de Vries/ }).check();
    await page.getByRole('button', { name: 'Verder' }).click();

    await page.waitForSelector('h1:text("Toestemming geven")');
    assert.match(await page.locator('.summary').innerText(), /Jan Jansen handelt namens Anna de Vries \(bewind, professioneel\)/);
    await page.getByRole('button', { name: 'Toestaan' }).click();

    await page.waitForURL(`${REDIRECT_URI}**`);
    assert.ok(callback);
    const url = new URL(callback);
    assert.ok(url.searchParams.get('code'));
    assert.equal(url.searchParams.get('state'), request.state);
    await page.close();
  });
});
