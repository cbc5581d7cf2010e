// A walk past every screen of namens in one language, for the accessibility spec (axe on each screen) and for
// `npm run screenshots`. It drives the screens as a person would (fields by id, buttons by their form), so the same
// walk works in Dutch and English; at each screen it calls `visit` with the screen's name.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Locale } from '../../views/locale.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';

export type Visit = (name: string, page: Page) => Promise<void>;

const LARS_BSN = '999990196';
const serviceUuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;

/** A fresh browser context (no session) speaking `lang`. */
export async function personIn(browser: Browser, issuer: string, lang: Locale, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: 'namens_lang', value: lang, url: issuer }]);
  const page = await context.newPage();
  return { context, page };
}

async function logIn(page: Page, username: string, password = PASSWORD) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form[action$="/login"] button[type=submit]');
  await page.waitForLoadState();
}

/** The screens of a login at an app: login, a failed login, selection, a search on it, consent; then the dead ends. */
export async function tourLogin(browser: Browser, issuer: string, lang: Locale, visit: Visit, viewport?: { width: number; height: number }) {
  const person = await personIn(browser, issuer, lang, viewport);
  const { context } = person;
  let { page } = person;
  try {
    const rp = await discover(issuer, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${serviceUuid('bijzondere-bijstand')}` });
    await page.goto(request.url);
    await visit('login', page);
    await logIn(page, 'jan', 'wrong-password');
    await visit('login-error', page);
    await logIn(page, 'jan');
    await page.waitForSelector('input[name=mandate]');
    await visit('select-mandate', page);
    const selection = page.url();
    await page.goto(`${selection}?q=anna`);
    await visit('select-mandate-search', page);
    await page.check('input[name=mandate][value="a0000000-0000-4000-8000-000000000001"]');
    await page.click('form[action$="/select_mandate"] button[type=submit]');
    await page.waitForSelector('form[action$="/consent"]');
    await visit('consent', page);
    const callback = page.waitForRequest((sent) => sent.url().startsWith(REDIRECT_URI));
    await page.click('form[action$="/consent"] button[type=submit]');
    await callback;
    // Where the browser lands is the app's business (nothing, or a developer's demo app on port 8080): go on in a new
    // tab of the same browser, with the same namens session.
    await page.close();
    page = await context.newPage();

    // Lars holds nothing for a child's medical file, and may not use it for himself.
    const hospital = await discover(issuer, 'demo-ziekenhuis');
    const child = await authorizationRequest(hospital, { scope: `openid urn:uuid:${serviceUuid('medisch-dossier-kind')}`, prompt: 'login' });
    await page.goto(child.url);
    await logIn(page, 'lars');
    await page.waitForSelector('input[name=reason][value=no_mandate]', { state: 'attached' });
    await visit('no-mandate', page);

    await page.goto(`${issuer}/auth?client_id=unknown-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`);
    await visit('error-unknown-app', page);
    await page.goto(`${issuer}/interaction/expired-or-unknown`);
    await visit('error-session-expired', page);

    await page.goto(`${issuer}/session/end`);
    await visit('logout', page);
  } finally {
    await context.close();
  }
}

/** The screens of Mijn machtigingen: the landing page, Truus' overview, a mandate, the forms (one with errors). */
export async function tourMijn(browser: Browser, issuer: string, lang: Locale, visit: Visit, viewport?: { width: number; height: number }) {
  const { context, page } = await personIn(browser, issuer, lang, viewport);
  try {
    await page.goto(`${issuer}/mijn`);
    await visit('mijn-landing', page);
    await page.click('a[href="/mijn/login"]');
    await page.waitForSelector('#username');
    await logIn(page, 'truus');
    await page.waitForSelector('#given');
    await visit('mijn-overview', page);
    await page.click('#given a');
    await page.waitForSelector('#status');
    await visit('mijn-mandate', page);
    await page.click('#revoke');
    await page.waitForSelector('#question');
    await visit('mijn-revoke', page);
    await page.goto(`${issuer}/mijn/machtigingen/nieuw`);
    await visit('mijn-grant', page);
    await page.fill('#bsn', '123');
    await page.click('form[action="/mijn/machtigingen/nieuw"] button[type=submit]');
    await page.waitForSelector('.field-error');
    await visit('mijn-grant-errors', page);
    await page.goto(`${issuer}/mijn/machtigingen/aanvragen`);
    await visit('mijn-request', page);

    // Truus grants Lars a mandate: the activation code, shown once.
    await page.goto(`${issuer}/mijn/machtigingen/nieuw`);
    await page.fill('#bsn', LARS_BSN);
    await page.fill('#check', 'Visser');
    await page.check('#service-0');
    const today = dutchDate(new Date());
    await page.fill('#valid_from', today);
    await page.fill('#valid_until', addYears(today, 1));
    await page.click('form[action="/mijn/machtigingen/nieuw"] button[type=submit]');
    await page.waitForSelector('#activation-code');
    await visit('mijn-granted', page);
    const granted = await page.getAttribute('a[href^="/mijn/machtigingen/"]:not([href$="/nieuw"]):not([href$="/aanvragen"])', 'href');

    // Lars finds the invitation on his overview, and the form for the code.
    const lars = await personIn(browser, issuer, lang, viewport);
    try {
      await lars.page.goto(`${issuer}/mijn/login`);
      await logIn(lars.page, 'lars');
      await lars.page.waitForSelector('[data-invitation]');
      await visit('mijn-invited', lars.page);
      await lars.page.click(`[data-invitation] a[href^="${granted}"]`);
      await lars.page.waitForSelector('#code');
      await visit('mijn-activate', lars.page);
    } finally {
      await lars.context.close();
    }
    // Truus takes it back, so the next walk on this server can grant it again.
    await page.goto(`${issuer}${granted}/intrekken`);
    await page.click('form[action$="/intrekken"] button[type=submit]');
    await page.waitForSelector('#status');
  } finally {
    await context.close();
  }
}
