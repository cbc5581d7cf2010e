// The selection screen inside the login interaction (issue 18): a login that the selection follows directly does not
// finish its interaction; the login waits on it (server/interactions/pending_login.ts), the same interaction shows the
// selection screen, and the choice finishes both in one resume. Where the selection does not follow directly (a live
// session, step-up, a level too low) the two prompts stay apart. A waiting login belongs to its interaction only.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, client, discover, exchangeCode, loginFlow, PASSWORD, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { shown } from '../support/option_labels.ts';

const BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!;
const SERVICE_SCOPE = `openid urn:uuid:${BIJSTAND.uuid}`;
const ANNA_BEWIND = 'a0000000-0000-4000-8000-000000000001';
const JAN = '999993653';
const LARS = '999990196';
const HIGH = 'http://eidas.europa.eu/LoA/high';
const LOW = 'http://eidas.europa.eu/LoA/low';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const FIRST_PARTY = 'first-party-app';

/** The uid in /interaction/<uid>/… of the form on `page`. */
const uidOf = (page: Page, action: string) => /\/interaction\/([^/]+)\//.exec(formOn(page, action).action)![1]!;
const isSelection = (page: Page) => page.html.includes('/select_mandate"');
const isLogin = (page: Page) => page.html.includes('/login"');
/** Follows the browser's redirects and asserts they end at the app with a code. */
const codeFrom = (page: Page) => {
  assert.ok(page.location?.startsWith(REDIRECT_URI), `expected the app's callback, got ${page.status} ${page.location ?? page.html.slice(0, 600)}`);
  assert.ok(new URL(page.location!).searchParams.get('code'));
  return page.location!;
};

describe('flow: the selection screen inside the login interaction', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    const clients = createClientRepository(server.app.db);
    const demo = (await clients.find('demo-gemeente'))!;
    await clients.save({ ...demo, clientId: FIRST_PARTY, firstParty: true, metadata: { ...demo.metadata, client_id: FIRST_PARTY } });
  });
  after(async () => server.close());

  /** An authorization request in a (new) browser that counts its requests; opens on the login screen. */
  async function start(clientId: string, params: Record<string, string> = {}, browser = new Browser()) {
    const rp = await discover(server.url, clientId, 'demo-gemeente-secret');
    const request = await authorizationRequest(rp, { scope: SERVICE_SCOPE, ...params });
    const requests: string[] = [];
    browser.route = (url) => {
      requests.push(new URL(url).pathname.replace(/^\/(interaction|auth)\/[^/]+/, '/$1/<uid>'));
      return url;
    };
    const page = await browser.open(request.url, REDIRECT_URI);
    return { rp, request, browser, requests, page };
  }

  it('one login of a first-party app is 8 requests: the selection on the login\'s own interaction, one resume, the right ID token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { rp, request, browser, requests, page: login } = await start(FIRST_PARTY);
    assert.ok(isLogin(login));
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.ok(isSelection(selection), 'the selection screen straight after the login');
    assert.equal(uidOf(selection, '/select_mandate'), uidOf(login, '/login'), 'on the same interaction');
    assert.match(selection.html, /U bent ingelogd als Jan Jansen\. Niet u\?/);
    const options = radioOptions(selection);
    assert.ok(options.some((option) => option.label.startsWith(shown('anna'))), JSON.stringify(options));
    const done = await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI);
    const callback = codeFrom(done);
    assert.deepEqual(requests, ['/auth', '/interaction/<uid>', '/interaction/<uid>/login', '/interaction/<uid>', '/interaction/<uid>/select_mandate', '/auth/<uid>']);

    const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: false, options });
    const idToken = await verifyIdToken(server.url, tokens.id_token!, FIRST_PARTY);
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, idToken.sub!);
    assert.equal(requests.length + 2, 8, 'six in the browser, then the token request and userinfo');
    assert.equal(idToken.sub, JAN);
    assert.equal(idToken.nonce, request.nonce);
    assert.equal(idToken.acr, SUBSTANTIAL);
    assert.ok(typeof idToken.auth_time === 'number' && idToken.auth_time >= before && idToken.auth_time <= Math.ceil(Date.now() / 1000), `auth_time ${idToken.auth_time}`);
    assert.equal((idToken.represents as { name: string }).name, 'Anna de Vries');
    const [detail] = idToken.authorization_details as Array<{ mandate_id: string; basis: string; service: { uuid: string } }>;
    assert.equal(detail!.mandate_id, ANNA_BEWIND);
    assert.equal(detail!.basis, 'legal');
    assert.equal(detail!.service.uuid, BIJSTAND.uuid);
    assert.equal((userinfo.represents as { name: string }).name, 'Anna de Vries');

    // the session it made is a normal one: the next request of the app skips the login, never the choice
    const next = await start(FIRST_PARTY, {}, browser);
    assert.ok(isSelection(next.page), 'the live session skips the login');
    assert.deepEqual(next.requests, ['/auth', '/interaction/<uid>']);
  });

  it('at an app with a consent screen the consent follows the choice, and oneself is a choice too', async () => {
    const { rp, request, browser, page: login } = await start('demo-gemeente');
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.equal(uidOf(selection, '/select_mandate'), uidOf(login, '/login'));
    const consent = await browser.submit(selection, '/select_mandate', { mandate: 'self' }, REDIRECT_URI);
    assert.ok(formOn(consent, '/consent'), 'the consent screen');
    assert.match(consent.html, /Jan Jansen/);
    const callback = codeFrom(await browser.submit(consent, '/consent', {}, REDIRECT_URI));
    const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: true, options: undefined });
    const idToken = await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente');
    assert.equal(idToken.sub, JAN);
    assert.equal(idToken.represents, undefined);
    assert.equal((idToken.authorization_details as Array<{ basis: string }>)[0]!.basis, 'self');
  });

  it('the selection screen searches (GET ?q=) on the waiting login, and a choice that is not the person\'s is refused there', async () => {
    const { browser, page: login } = await start(FIRST_PARTY);
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    const uid = uidOf(selection, '/select_mandate');
    const searched = await browser.request(`${server.url}/interaction/${uid}?q=anna`);
    assert.equal(searched.status, 200);
    assert.ok(radioOptions(searched).every((option) => option.label.startsWith('Anna')), JSON.stringify(radioOptions(searched)));
    const refused = await browser.submit(selection, '/select_mandate', { mandate: 'b0000000-0000-4000-8000-00000000dead' }, REDIRECT_URI);
    assert.equal(refused.status, 403);
    assert.ok(isSelection(refused), 'the selection screen again, with the error');
    assert.ok(codeFrom(await browser.submit(refused, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI)));
  });

  describe('a waiting login belongs to its interaction', () => {
    it('a second tab in the same browser asks for a login again, and its selection post is no login', async () => {
      const first = await start(FIRST_PARTY);
      const selection = await first.browser.submit(first.page, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.ok(isSelection(selection));
      const second = await start(FIRST_PARTY, {}, first.browser);
      assert.ok(isLogin(second.page), 'nobody is logged in yet: the second tab shows the login screen');
      const secondUid = uidOf(second.page, '/login');
      assert.notEqual(secondUid, uidOf(selection, '/select_mandate'));
      // a choice posted to the second interaction (with its own CSRF token) does not pick up the first one's login
      const posted = await first.browser.request(`${server.url}/interaction/${secondUid}/select_mandate`, {
        form: { csrf: formOn(second.page, '/login').hidden.csrf!, mandate: ANNA_BEWIND },
      });
      const after = await first.browser.follow(posted, REDIRECT_URI);
      assert.ok(!after.location?.startsWith(REDIRECT_URI), 'no code');
      assert.ok(isLogin(after), `a login screen, got ${after.status}`);
      // and the first tab still finishes as Jan, for Anna
      const callback = codeFrom(await first.browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI));
      const tokens = await exchangeCode({ rp: first.rp, request: first.request, browser: first.browser, callback, consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.sub, JAN);
    });

    it('another browser cannot use it: the interaction is not open there', async () => {
      const { browser, page: login } = await start(FIRST_PARTY);
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      const uid = uidOf(selection, '/select_mandate');
      const form = formOn(selection, '/select_mandate');
      const other = new Browser();
      const shownThere = await other.request(`${server.url}/interaction/${uid}`);
      assert.ok(!isSelection(shownThere) && shownThere.status >= 400, `no selection screen in another browser (${shownThere.status})`);
      const posted = await other.request(new URL(form.action, server.url).href, { form: { ...form.hidden, mandate: ANNA_BEWIND } });
      assert.ok(posted.status >= 400 && !posted.location, `refused in another browser (${posted.status} ${posted.location})`);
      // with the first browser's interaction cookie but not its resume cookie, the resume refuses too
      const cookies = await browser.jar.getCookies(`${server.url}/interaction/${uid}`);
      for (const cookie of cookies) await other.jar.setCookie(cookie.cookieString(), `${server.url}/interaction/${uid}`);
      const stolen = await other.request(new URL(form.action, server.url).href, { form: { ...form.hidden, mandate: ANNA_BEWIND } });
      const resumed = await other.follow(stolen, REDIRECT_URI);
      assert.ok(!resumed.location?.startsWith(REDIRECT_URI), `no code without the browser's resume cookie (${resumed.status})`);
    });

    it('replaying the posts after the code was issued gets nothing', async () => {
      const { browser, page: login } = await start(FIRST_PARTY);
      const loginForm = formOn(login, '/login');
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      const selectForm = formOn(selection, '/select_mandate');
      codeFrom(await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI));
      const select = await browser.request(new URL(selectForm.action, server.url).href, { form: { ...selectForm.hidden, mandate: ANNA_BEWIND } });
      assert.ok(!(await browser.follow(select, REDIRECT_URI)).location?.startsWith(REDIRECT_URI), 'the choice again: no code');
      const again = await browser.request(new URL(loginForm.action, server.url).href, { form: { ...loginForm.hidden, username: 'jan', password: PASSWORD } });
      assert.ok(!(await browser.follow(again, REDIRECT_URI)).location?.startsWith(REDIRECT_URI), 'the login again: no code');
    });

    it('a refused login on the same interaction forgets the waiting one', async () => {
      const { browser, page: login } = await start(FIRST_PARTY);
      const loginForm = formOn(login, '/login');
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      const uid = uidOf(selection, '/select_mandate');
      // back in the browser history, the login form posted again with a wrong password
      const wrong = await browser.request(new URL(loginForm.action, server.url).href, { form: { ...loginForm.hidden, username: 'jan', password: 'wrong' } });
      assert.equal(wrong.status, 401);
      assert.ok(isLogin(wrong));
      const shownAgain = await browser.request(`${server.url}/interaction/${uid}`);
      assert.ok(isLogin(shownAgain) && !isSelection(shownAgain), 'the login screen, not Jan\'s selection');
      const posted = await browser.request(`${server.url}/interaction/${uid}/select_mandate`, { form: { ...formOn(selection, '/select_mandate').hidden, mandate: ANNA_BEWIND } });
      const after = await browser.follow(posted, REDIRECT_URI);
      assert.ok(!after.location?.startsWith(REDIRECT_URI), 'no code');
      assert.ok(isLogin(after), `a login screen, got ${after.status}`);
    });

    it('a second login on the same interaction replaces the waiting one: the token is the second person\'s', async () => {
      const { rp, request, browser, page: login } = await start(FIRST_PARTY);
      const loginForm = formOn(login, '/login');
      await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      const posted = await browser.request(new URL(loginForm.action, server.url).href, { form: { ...loginForm.hidden, username: 'lars', password: PASSWORD } });
      const selection = await browser.follow(posted, REDIRECT_URI);
      assert.ok(isSelection(selection));
      assert.match(selection.html, /U bent ingelogd als Lars Visser\./);
      assert.ok(!radioOptions(selection).some((option) => option.value === ANNA_BEWIND), 'none of Jan\'s mandates');
      const refused = await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI);
      assert.equal(refused.status, 403, 'Jan\'s mandate is not Lars\'s');
      const callback = codeFrom(await browser.submit(refused, '/select_mandate', { mandate: radioOptions(refused)[0]!.value }, REDIRECT_URI));
      const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.sub, LARS);
    });

    it('"Niet u? Uitloggen" on the selection of a waiting login shows a fresh login screen', async () => {
      const { browser, page: login } = await start(FIRST_PARTY);
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      const fresh = await browser.submit(selection, '/switch_user', {}, REDIRECT_URI);
      assert.ok(isLogin(fresh) && !isSelection(fresh));
      assert.doesNotMatch(fresh.html, /Jan Jansen/);
      const again = await browser.submit(fresh, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
      assert.ok(isSelection(again));
      assert.match(again.html, /Lars Visser/);
    });
  });

  describe('where the selection does not follow the login directly, the prompts stay apart', () => {
    it('a level below the service\'s asks for the login again (step-up), then the selection on a new interaction', async () => {
      const { rp, request, browser, page: login } = await start(FIRST_PARTY);
      const again = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD, level: LOW }, REDIRECT_URI);
      assert.ok(isLogin(again) && !isSelection(again), 'the login screen again');
      assert.notEqual(uidOf(again, '/login'), uidOf(login, '/login'), 'after a resume');
      const selection = await browser.submit(again, '/login', { username: 'jan', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      assert.ok(isSelection(selection));
      const callback = codeFrom(await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI));
      const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.acr, HIGH);
      assert.equal((tokens.claims()!.represents as { name: string }).name, 'Anna de Vries');
    });

    it('acr_values above the level chosen: the login again with the step-up notice', async () => {
      const { browser, page: login } = await start(FIRST_PARTY, { acr_values: HIGH });
      const again = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.ok(isLogin(again) && !isSelection(again));
      const selection = await browser.submit(again, '/login', { username: 'jan', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      assert.ok(isSelection(selection));
      assert.ok(codeFrom(await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI)));
    });

    it('an essential acr in the claims parameter keeps the login a prompt of its own', async () => {
      const claims = JSON.stringify({ id_token: { acr: { essential: true, values: [SUBSTANTIAL, HIGH] } } });
      const { rp, request, browser, requests, page: login } = await start(FIRST_PARTY, { claims });
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.ok(isSelection(selection));
      assert.notEqual(uidOf(selection, '/select_mandate'), uidOf(login, '/login'), 'through a resume, on an interaction of its own');
      assert.ok(requests.includes('/auth/<uid>'));
      const callback = codeFrom(await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI));
      const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.acr, SUBSTANTIAL);
    });

    it('prompt=login in Jan\'s live session: Jan logs in again and chooses', async () => {
      const first = await loginFlow(server.url, { clientId: FIRST_PARTY, secret: 'demo-gemeente-secret', username: 'jan' });
      const { rp, request, browser, page: login } = await start(FIRST_PARTY, { prompt: 'login' }, first.browser);
      assert.ok(isLogin(login));
      const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.ok(isSelection(selection));
      assert.notEqual(uidOf(selection, '/select_mandate'), uidOf(login, '/login'), 'a session existed: through a resume');
      const callback = codeFrom(await browser.submit(selection, '/select_mandate', { mandate: ANNA_BEWIND }, REDIRECT_URI));
      const tokens = await exchangeCode({ rp, request, browser, callback, consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.sub, JAN);
      assert.equal((tokens.claims()!.represents as { name: string }).name, 'Anna de Vries');
    });

    // After /session/end/confirm the login goes on in the same interaction: ending the session revokes its grants,
    // and the interaction, which names the old grant, is not part of it (oidc_model_store.ts, GRANTABLE).
    it('prompt=login in Jan\'s live session at an app with consent: Lars logs in instead, and the token is his', async () => {
      const first = await loginFlow(server.url, { username: 'jan' });
      const { rp, request, browser, page: login } = await start('demo-gemeente', { prompt: 'login' }, first.browser);
      let page = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
      page = await confirmLogout(browser, page);
      if (isSelection(page)) page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
      if (page.html.includes('/consent"')) page = await browser.submit(page, '/consent', {}, REDIRECT_URI);
      const tokens = await exchangeCode({ rp, request, browser, callback: codeFrom(page), consentShown: true, options: undefined });
      assert.equal(tokens.claims()!.sub, LARS);
    });

    it('prompt=login in Jan\'s live session at a first-party app: Lars logs in instead, and the token is his', async () => {
      const first = await loginFlow(server.url, { clientId: FIRST_PARTY, secret: 'demo-gemeente-secret', username: 'jan' });
      const { rp, request, browser, page: login } = await start(FIRST_PARTY, { prompt: 'login' }, first.browser);
      let page = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
      page = await confirmLogout(browser, page);
      if (isSelection(page)) page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
      const tokens = await exchangeCode({ rp, request, browser, callback: codeFrom(page), consentShown: false, options: undefined });
      assert.equal(tokens.claims()!.sub, LARS);
    });
  });
});

/** oidc-provider asks to end the old session before another person's login continues (/session/end/confirm). */
async function confirmLogout(browser: Browser, page: Page): Promise<Page> {
  if (!page.html.includes('/session/end/confirm')) return page;
  const form = formOn(page, '/session/end/confirm');
  const fields = Object.fromEntries([...page.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
  return browser.follow(await browser.request(new URL(form.action, page.url).href, { form: { ...form.hidden, ...fields } }), REDIRECT_URI);
}
