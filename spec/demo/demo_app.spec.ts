// The demo municipality app (npm run demo) against a running namens: one click on a service, one login, a choice and
// consent in Chromium, and the app says in plain Dutch who acts for whom, with the decoded ID token and userinfo.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, logInAndChoose } from '../support/chromium.ts';
import { startDemo, type RunningDemo } from '../support/demo_client.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('demo app (npm run demo)', () => {
  let server: TestServer;
  let demo: RunningDemo;
  let demoUrl: string;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    // The seeded clients return to port 8080; this demo runs on a free port with a client registered for it.
    demo = await startDemo(server);
    demoUrl = demo.url;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await server?.close();
  });
  it('shows a button per service of the municipality, and after one login who acts for whom, with the ID token and userinfo', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(demoUrl);
      const buttons = await page.getByRole('button').allInnerTexts();
      assert.ok(buttons.includes('Bijzondere bijstand aanvragen'), `buttons: ${buttons.join(', ')}`);
      assert.ok(!buttons.includes('Medisch dossier van uw kind inzien'), 'not the hospital’s services');

      await page.getByRole('button', { name: 'Bijzondere bijstand aanvragen' }).click();
      await page.waitForSelector('#username');
      assert.match(await page.locator('.asks').innerText(), /Gemeente Enschede \(demo\) vraagt toegang voor: Bijzondere bijstand aanvragen/);
      await logInAndChoose(page, 'jan', /Anna de Vries/);

      await page.waitForSelector('#summary');
      assert.equal(page.url().split('?')[0], `${demoUrl}/callback`);
      assert.equal(await page.locator('#summary').innerText(), 'Jan Jansen handelt namens Anna de Vries (bewind, professioneel) voor Bijzondere bijstand aanvragen');
      const [idToken, userinfo] = (await page.locator('pre.demo-json').allInnerTexts()).map((text) => JSON.parse(text) as Record<string, unknown>);
      assert.equal(idToken!.iss, server.url);
      assert.equal(idToken!.aud, 'demo-spec');
      assert.equal((idToken!.represents as { name: string }).name, 'Anna de Vries');
      assert.equal(userinfo!.sub, idToken!.sub);
    } finally {
      await page.close();
    }
  });

  it('says so in Dutch when the person cancels at namens', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(demoUrl);
      await page.getByRole('button', { name: 'Bijzondere bijstand aanvragen' }).click();
      await page.getByRole('button', { name: /Annuleren en terug naar/ }).click();
      await page.waitForSelector('h1:text("Niet gelukt")');
      assert.match(await page.locator('main').innerText(), /u hebt geannuleerd/);
    } finally {
      await page.close();
    }
  });
});
