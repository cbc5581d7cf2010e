// "Niet u? Uitloggen": a login that is reused (the selection, consent and no-mandate screens) can be ended from the
// screen itself, and the same request of the app continues with a fresh login, as someone else.
import assert from 'node:assert/strict';
import { Browser, formOn, radioOptions } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, discover, exchangeCode, PASSWORD, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { SERVICES } from '../../seeds/personas.ts';

const bijstand = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;

describe('flow: switching the user halfway a login', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('ends Jan\'s session from the selection screen; the same request goes on with a fresh login as Lars', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${bijstand.uuid}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.match(selection.html, /U bent ingelogd als Jan Jansen\. Niet u\?/);

    const fresh = await browser.submit(selection, '/switch_user', {}, REDIRECT_URI);
    assert.ok(formOn(fresh, '/login'), 'a login screen again');
    assert.doesNotMatch(fresh.html, /Jan Jansen/);

    let page = await browser.submit(fresh, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    if (page.html.includes('/select_mandate"')) {
      assert.doesNotMatch(page.html, /Jan Jansen/);
      page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
    }
    if (page.html.includes('/consent"')) {
      assert.match(page.html, /U bent ingelogd als Lars Visser\. Niet u\?/);
      page = await browser.submit(page, '/consent', {}, REDIRECT_URI);
    }
    const callback = page.location ?? '';
    assert.ok(callback.startsWith(REDIRECT_URI));
    assert.equal(new URL(callback).searchParams.get('state'), request.state);
    const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: true, options: undefined });
    const idToken = await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente');
    assert.equal(idToken.sub, '999990196', 'the ID token is Lars\' (his BSN), not Jan\'s');
  });

  it('also from the consent screen, and the namens session is gone for the next app too', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const browser = new Browser();
    const first = await authorizationRequest(rp);
    const login = await browser.open(first.url, REDIRECT_URI);
    let page = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    if (page.html.includes('/select_mandate"')) page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
    assert.ok(formOn(page, '/consent'));
    const fresh = await browser.submit(page, '/switch_user', {}, REDIRECT_URI);
    assert.ok(formOn(fresh, '/login'));

    const hospital = await discover(server.url, 'demo-ziekenhuis');
    const other = await browser.open((await authorizationRequest(hospital)).url, REDIRECT_URI);
    assert.ok(formOn(other, '/login'), 'nobody is logged in at namens any more');
  });

  it('refuses a switch without the screen\'s CSRF token', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const browser = new Browser();
    const login = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    const form = formOn(selection, '/switch_user');
    const refused = await browser.request(new URL(form.action, selection.url).href, { form: { csrf: 'forged' } });
    assert.equal(refused.status, 403);
    const still = await browser.request(selection.url);
    assert.match(still.html, /U bent ingelogd als Jan Jansen/);
  });
});
