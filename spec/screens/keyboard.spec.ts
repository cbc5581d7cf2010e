// Keyboard only: jan goes from login through the selection screen to consent with Tab, Space and Enter (and types
// into fields), never a mouse or an arrow key. Every element that takes the focus shows it, and after a failed login the focus lands
// on the field with the error; on a form of Mijn machtigingen it lands on the first field with an error.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { SERVICES } from '../../seeds/personas.ts';
import { launchChromium } from '../support/chromium.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { personIn } from './tour.ts';

const BIJZONDERE = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;

interface Focused {
  selector: string;
  visible: boolean;
}

/** What has the focus, and whether a sighted person can see that (an outline or a ring around it). */
function focused(page: Page): Promise<Focused> {
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  return page.evaluate<Focused>(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { selector: 'body', visible: false };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow !== 'none';
    const id = element.id ? '#' + element.id : '';
    return { selector: element.tagName.toLowerCase() + id + ':' + (element.textContent || '').trim(), visible: outline || ring };
  })()`);
}

describe('screens: keyboard only, in Chromium', () => {
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

  /** Presses Tab until `matches` holds for the focused element; checks on the way that every focus is visible. */
  async function tabTo(page: Page, matches: (focus: Focused) => boolean, what: string): Promise<void> {
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      const focus = await focused(page);
      assert.ok(focus.visible, `the focus on ${focus.selector} is not visible`);
      if (matches(focus)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  }

  it('logs in (after a failed try), chooses on the selection screen and agrees, with Tab, Space and Enter', async () => {
    const { context, page } = await personIn(browser, server.url, 'nl');
    try {
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${BIJZONDERE.uuid}` });
      await page.goto(request.url);

      await tabTo(page, (focus) => focus.selector.startsWith('a:Naar de inhoud'), 'the skip link');
      await tabTo(page, (focus) => focus.selector.startsWith('input#username'), 'the username');
      await page.keyboard.type('jan');
      await tabTo(page, (focus) => focus.selector.startsWith('input#password'), 'the password');
      await page.keyboard.type('not-the-password');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#login-error');
      assert.match(await page.locator('#login-error').innerText(), /gebruikersnaam en wachtwoord is onjuist/);
      const afterError = await focused(page);
      assert.ok(afterError.selector.startsWith('input#username'), `after the failed login the focus is on ${afterError.selector}`);
      assert.equal(await page.locator('#username').getAttribute('aria-describedby'), 'login-error');

      await tabTo(page, (focus) => focus.selector.startsWith('input#password'), 'the password');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector('h1:text("Namens wie wilt u verder?")');

      // Radios of one name are one Tab stop, and the focus enters the group on the checked one: Uzelf.
      await tabTo(page, (focus) => focus.selector.startsWith('input#mandate-0'), 'the first option');
      assert.match(await page.locator('label[for="mandate-0"]').innerText(), /Uzelf \(Jan Jansen\)/);
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#mandate-0').isChecked());
      await tabTo(page, (focus) => focus.selector === 'button:Verder', 'Verder');
      await page.keyboard.press('Enter');

      await page.waitForSelector('h1:text("Toestemming geven")');
      assert.match(await page.locator('.asks').innerText(), /Gemeente Enschede \(demo\) vraagt toegang voor: Bijzondere bijstand aanvragen/);
      await tabTo(page, (focus) => focus.selector === 'button:Toestaan', 'Toestaan');
      // The app is not running: the request for its callback is where the flow ends.
      const callback = page.waitForRequest((sent) => sent.url().startsWith(REDIRECT_URI));
      await page.keyboard.press('Space');
      const url = new URL((await callback).url());
      assert.ok(url.searchParams.get('code'));
      assert.equal(url.searchParams.get('state'), request.state);
    } finally {
      await context.close();
    }
  });

  it('puts the focus on the error summary after a failed submit at Mijn machtigingen; its first link leads to the field', async () => {
    const { context, page } = await personIn(browser, server.url, 'nl');
    try {
      await page.goto(`${server.url}/mijn/login`);
      await tabTo(page, (focus) => focus.selector.startsWith('input#username'), 'the username');
      await page.keyboard.type('truus');
      await tabTo(page, (focus) => focus.selector.startsWith('input#password'), 'the password');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#given');
      await page.goto(`${server.url}/mijn/machtigingen/nieuw`);
      await tabTo(page, (focus) => focus.selector.startsWith('input#check'), 'the surname');
      await page.keyboard.type('de Boer');
      await tabTo(page, (focus) => focus.selector === 'button:Machtigen', 'Machtigen');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.field-error');
      const focus = await focused(page);
      assert.ok(focus.selector.startsWith('div#error-summary'), `the focus is on ${focus.selector}`);
      await tabTo(page, (next) => next.selector.startsWith('a:') && /burgerservicenummer/.test(next.selector), 'the link to the BSN field');
      await page.keyboard.press('Enter');
      assert.ok((await focused(page)).selector.startsWith('input#bsn'), 'the link put the focus on the field');
      assert.match(await page.locator('#bsn-error').innerText(), /burgerservicenummer/);
    } finally {
      await context.close();
    }
  });
});
