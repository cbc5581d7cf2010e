// Dutch by default, English with the switch on every page (a plain link: no JavaScript, also halfway a login), and an
// app's ui_locales chooses the language of its login unless the person chose one. <html lang> follows.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, type Page } from '../support/browser.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { nl } from '../../views/messages/nl.ts';
import { en } from '../../views/messages/en.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';

const BIJZONDERE = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
const langOf = (page: Page) => /<html lang="([a-z]+)"/.exec(page.html)?.[1];
const titleOf = (page: Page) => /<title>([^<]*)<\/title>/.exec(page.html)?.[1];
const switchTo = (page: Page, lang: string) => {
  const href = new RegExp(`<a class="utrecht-link" href="(/taal/${lang}\\?terug=[^"]+)" lang="${lang}"`).exec(page.html)?.[1];
  if (!href) throw new Error(`no switch to ${lang} on ${page.url}`);
  return new URL(href.replace(/&amp;/g, '&'), page.url).href;
};

describe('screens: Dutch and English', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.close());

  async function loginScreen(params: Record<string, string> = {}, browser = new Browser()) {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${BIJZONDERE.uuid}`, ...params });
    return { browser, page: await browser.open(request.url, REDIRECT_URI) };
  }

  it('speaks Dutch by default', async () => {
    const { page } = await loginScreen();
    assert.equal(langOf(page), 'nl');
    assert.equal(titleOf(page), 'Inloggen · namens');
    assert.match(page.html, /<strong>Gemeente Enschede \(demo\)<\/strong> vraagt toegang voor: <strong>Bijzondere bijstand aanvragen<\/strong>/);
    assert.match(page.html, /<span class="language-switch__current" lang="nl" aria-current="true">Nederlands<\/span>/);
  });

  it('switches to English halfway the login and stays English to the consent screen', async () => {
    const { browser, page } = await loginScreen();
    const switched = await browser.open(switchTo(page, 'en'), REDIRECT_URI);
    assert.equal(switched.url.split('?')[0], page.url.split('?')[0], 'back on the same step of the login');
    assert.equal(langOf(switched), 'en');
    assert.equal(titleOf(switched), 'Log in · namens');
    assert.match(switched.html, /<strong>Gemeente Enschede \(demo\)<\/strong> asks for access to: <strong>Apply for special assistance<\/strong>/);

    const failed = await browser.submit(switched, '/login', { username: 'jan', password: 'wrong' }, REDIRECT_URI);
    assert.equal(failed.status, 401);
    assert.match(failed.html, /The username and password do not match/);
    const selection = await browser.submit(failed, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.equal(titleOf(selection), 'On whose behalf do you continue? · namens');
    assert.match(selection.html, /<legend class="option-group__heading">Administration, professional<\/legend>\s*<div class="option[^"]*">[\s\S]*?Anna de Vries<\/span> <span class="option-id">\(born \d+ [A-Z][a-z]+ \d{4}\)<\/span><\/label>/);
    const consent = await browser.submit(selection, '/select_mandate', { mandate: 'a0000000-0000-4000-8000-000000000001' }, REDIRECT_URI);
    assert.equal(titleOf(consent), 'Give consent · namens');
    assert.match(consent.html, /Jan Jansen acts for Anna de Vries \(administration, professional\) for/);
  });

  it("follows the app's ui_locales, unless the person chose a language", async () => {
    const english = await loginScreen({ ui_locales: 'en-GB nl' });
    assert.equal(langOf(english.page), 'en');
    const unknownFirst = await loginScreen({ ui_locales: 'fr en' });
    assert.equal(langOf(unknownFirst.page), 'en', 'the first language namens speaks');

    const chose = new Browser();
    const mijn = await chose.open(`${server.url}/mijn`, REDIRECT_URI);
    const inEnglish = await chose.open(switchTo(mijn, 'en'), REDIRECT_URI);
    assert.match(inEnglish.html, /<h1 class="utrecht-heading-1">My mandates<\/h1>/);
    await chose.open(switchTo(inEnglish, 'nl'), REDIRECT_URI);
    const stillDutch = await loginScreen({ ui_locales: 'en' }, chose);
    assert.equal(langOf(stillDutch.page), 'nl');
  });

  it('switches on every page, including errors, and returns only to pages of namens', async () => {
    const browser = new Browser();
    const expired = await browser.request(`${server.url}/interaction/no-such-step`);
    assert.equal(expired.status, 400);
    assert.match(expired.html, /Deze inlogpoging is verlopen/);
    const english = await browser.open(switchTo(expired, 'en'), REDIRECT_URI);
    assert.match(english.html, /This login attempt has expired/);

    const away = await browser.request(`${server.url}/taal/nl?terug=${encodeURIComponent('//evil.example/')}`);
    assert.equal(away.status, 303);
    assert.equal(away.location, `${server.url}/mijn`);
    const unknown = await browser.request(`${server.url}/taal/fr?terug=/mijn`);
    assert.equal(unknown.status, 404);
  });

  it('gives the errors of a /mijn form in English too', async () => {
    const { person, page } = await logInToMijn(server.url, 'truus');
    await person.open(new URL(switchTo(page, 'en')).pathname + new URL(switchTo(page, 'en')).search);
    const form = await person.open('/mijn/machtigingen/nieuw');
    assert.match(form.html, /<h1 class="utrecht-heading-1">Grant someone a mandate<\/h1>/);
    const refused = await person.post(form, '/mijn/machtigingen/nieuw', { bsn: '123', surname: '', valid_until: '2000-01-01' });
    assert.equal(textOf(refused, 'bsn-error'), 'This is not a valid citizen service number: a BSN has 9 digits and passes the eleven-test.');
    assert.equal(textOf(refused, 'check-error'), 'Enter the surname.');
    assert.equal(textOf(refused, 'services-error'), 'Choose at least one service.');
  });

  it('has every text in both catalogs', () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`)) : [prefix];
    assert.deepEqual(keys(en).sort(), keys(nl).sort());
  });
});
