// Form errors as the NL Design System (and GOV.UK) pattern has them: an error summary above the form that has the
// focus and links to each field, and each field's own message next to it. An empty login field says "Vul … in",
// not that the combination is wrong.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { SERVICES } from '../../seeds/personas.ts';
import { launchChromium } from '../support/chromium.ts';
import { authorizationRequest, discover } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { personIn } from './tour.ts';

const bijstand = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;

async function summaryOf(page: Page) {
  const summary = page.locator('#error-summary');
  return {
    title: await summary.locator('h2').innerText(),
    links: await summary.locator('a').evaluateAll((links) => links.map((link) => [link.getAttribute('href'), link.textContent!.trim()])),
    focused: await page.evaluate('document.activeElement && document.activeElement.id'),
  };
}

describe('screens: error summaries (Chromium)', function () {
  this.timeout(60_000);
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

  it('an empty login says which field to fill in, links to it, and the link moves the focus there', async () => {
    const { context, page } = await personIn(browser, server.url, 'nl');
    try {
      const rp = await discover(server.url, 'demo-gemeente');
      await page.goto((await authorizationRequest(rp, { scope: `openid urn:uuid:${bijstand.uuid}` })).url);
      const response = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.click('form[action$="/login"] button[type=submit]');
      assert.equal((await response).status(), 400);
      await page.waitForSelector('#error-summary');
      assert.deepEqual(await summaryOf(page), {
        title: 'Er is een probleem',
        links: [['#username', 'Vul uw gebruikersnaam in.'], ['#password', 'Vul uw wachtwoord in.']],
        focused: 'error-summary',
      });
      assert.doesNotMatch(await page.locator('main').innerText(), /onjuist/);
      assert.equal(await page.locator('#password').getAttribute('aria-describedby'), 'password-error');
      await page.click('#error-summary a[href="#password"]');
      assert.equal(await page.evaluate('document.activeElement.id'), 'password');

      await page.fill('#username', 'jan');
      await page.click('form[action$="/login"] button[type=submit]');
      await page.waitForSelector('#error-summary');
      assert.deepEqual((await summaryOf(page)).links, [['#password', 'Vul uw wachtwoord in.']]);
      assert.equal(await page.inputValue('#username'), 'jan', 'what was typed stays');
    } finally {
      await context.close();
    }
  });

  it('the grant form lists every problem in its summary, each a link to its field', async () => {
    const { context, page } = await personIn(browser, server.url, 'en');
    try {
      await page.goto(`${server.url}/mijn/login`);
      await page.fill('#username', 'truus');
      await page.fill('#password', 'namens-test');
      await page.click('form[action$="/login"] button[type=submit]');
      await page.waitForSelector('#given');
      await page.goto(`${server.url}/mijn/machtigingen/nieuw`);
      await page.fill('#bsn', '123');
      await page.click('form[action="/mijn/machtigingen/nieuw"] button[type=submit]');
      await page.waitForSelector('#error-summary');
      const summary = await summaryOf(page);
      assert.equal(summary.title, 'There is a problem');
      assert.equal(summary.focused, 'error-summary');
      assert.deepEqual(summary.links.map(([href]) => href), ['#bsn', '#check', '#service-0']);
      for (const [href, text] of summary.links) {
        const field = href!.slice(1).replace('service-0', 'services');
        assert.equal(await page.locator(`#${field}-error`).innerText(), text, `${href} repeats its field's message`);
      }
    } finally {
      await context.close();
    }
  });
});
