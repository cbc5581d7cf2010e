// Mijn machtigingen in a real browser: truus grants lars a mandate for jaaropgave-bijstand, lars activates it with
// the code, lars logs in at demo-gemeente for that service and acts for Truus, truus sees that use on her page,
// truus revokes, and lars no longer sees the option.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SERVICES } from '../../seeds/personas.ts';
import { launchChromium } from '../support/chromium.ts';
import { authorizationRequest, client, discover, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { shown } from '../support/option_labels.ts';

const JAAROPGAVE = SERVICES.find((service) => service.id.endsWith(':jaaropgave-bijstand'))!;

describe('screens: my mandates in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function newPerson(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  async function logIn(page: Page, username: string) {
    await page.getByLabel('Gebruikersnaam').fill(username);
    await page.getByLabel('Wachtwoord').fill('namens-test');
    await page.getByRole('button', { name: 'Inloggen' }).click();
  }

  /** lars at demo-gemeente for jaaropgave-bijstand: the options on the selection screen, and optionally a choice through to the app. */
  async function atDemoGemeente(page: Page, choose?: RegExp) {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${JAAROPGAVE.uuid}` });
    let callback: string | undefined;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      callback = route.request().url();
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'the app' });
    });
    await page.goto(request.url);
    if ((await page.title()) === 'Inloggen · namens') await logIn(page, 'lars');
    await page.waitForSelector('h1:text("Namens wie wilt u verder?")');
    const group = page.getByRole('group', { name: 'Kies voor wie u deze dienst gebruikt' });
    const labels = await group.locator('label').allInnerTexts();
    if (!choose) return { labels };
    await page.getByRole('radio', { name: choose }).check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForSelector('h1:text("Toestemming geven")');
    await page.getByRole('button', { name: 'Toestaan' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);
    await page.unroute(`${REDIRECT_URI}**`);
    const tokens = await client.authorizationCodeGrant(rp, new URL(callback!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
    return { labels, idToken: await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente') };
  }

  it('truus grants, lars activates and acts for Truus, truus sees the use and revokes, lars no longer sees the option', async () => {
    // truus grants lars a mandate for jaaropgave-bijstand
    const truus = await newPerson();
    await truus.goto(`${server.url}/mijn`);
    await truus.getByRole('link', { name: 'Inloggen' }).click();
    await logIn(truus, 'truus');
    await truus.waitForSelector('h1:text("Mijn machtigingen")');
    await truus.getByRole('link', { name: 'Iemand machtigen' }).click();
    await truus.getByLabel('Burgerservicenummer (BSN)').fill('999990196');
    await truus.getByLabel('Achternaam').fill('Visser');
    await truus.getByRole('checkbox', { name: 'Jaaropgave bijstand inzien' }).check();
    await truus.getByRole('button', { name: 'Machtigen' }).click();
    await truus.waitForSelector('h1:text("Machtiging aangemaakt")');
    const code = (await truus.locator('#activation-code').innerText()).trim();
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    // lars activates it
    const lars = await newPerson();
    await lars.goto(`${server.url}/mijn/login`);
    await logIn(lars, 'lars');
    await lars.waitForSelector('h1:text("Mijn machtigingen")');
    const held = lars.locator('#held');
    assert.match(await held.innerText(), /Truus de Boer\s+Vrijwillige machtiging\s+Jaaropgave bijstand inzien[\s\S]*Wacht op activering/);
    await held.getByRole('link', { name: 'Truus de Boer' }).click();
    await lars.getByLabel('Activeringscode').fill(code);
    await lars.getByRole('button', { name: 'Activeren' }).click();
    await lars.waitForSelector('#status:text("Actief")');

    // lars logs in at demo-gemeente for that service and acts for Truus
    const acting = await atDemoGemeente(lars, /Truus de Boer/);
    assert.deepEqual(acting.labels.map((label) => label.replace(/\s+/g, ' ').trim()), ['Uzelf (Lars Visser)', `${shown('truus')}`]);
    assert.equal((acting.idToken!.represents as { name: string }).name, 'Truus de Boer');

    // truus sees that use on her page
    await truus.goto(`${server.url}/mijn`);
    await truus.locator('#given').getByRole('link', { name: 'Lars Visser' }).click();
    const uses = truus.locator('#uses');
    assert.match(await uses.innerText(), /Lars Visser\s+Gemeente Enschede \(demo\)\s+Jaaropgave bijstand inzien/);

    // truus revokes
    await truus.getByRole('link', { name: 'Machtiging intrekken' }).click();
    await truus.getByRole('button', { name: 'Ja, intrekken' }).click();
    await truus.waitForSelector('#status:text("Ingetrokken")');
    assert.match(await truus.getByRole('status').innerText(), /ingetrokken/);

    // lars no longer sees the option
    const after = await atDemoGemeente(lars);
    assert.deepEqual(after.labels.map((label) => label.replace(/\s+/g, ' ').trim()), ['Uzelf (Lars Visser)']);
  });
});
