// Real login: namens federates authentication to an upstream OpenID provider (a second oidc-provider started here),
// maps its acr onto the eIDAS levels, matches the person by BSN, and continues at the mandate selection. Then each
// way the upstream login can fail: every one ends on a clear page and in an OAuth error at the app, with no login.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, client, discover, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { closedPortUrl, DIGID_ACRS, listenUpstreamIdp, type UpstreamIdp } from '../support/upstream_idp.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const BIJZONDERE_BIJSTAND = { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` };

async function namensWith(upstream: UpstreamIdp, entry: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startServer({ LOGIN_METHODS: 'oidc-upstream', UPSTREAM_PROVIDERS: JSON.stringify([upstream.providerEntry(entry)]), ...env });
  await upstream.register(`${server.url}/login/callback`);
  return server;
}

/** The app sends the browser to namens; the person presses "Inloggen met DigiD" and the upstream does the rest. */
async function throughUpstream(issuer: string, params: Record<string, string> = BIJZONDERE_BIJSTAND) {
  const rp = await discover(issuer, 'demo-gemeente');
  const request = await authorizationRequest(rp, params);
  const browser = new Browser();
  const login = await browser.open(request.url, REDIRECT_URI);
  const page = await browser.submit(login, '/upstream/digid', {}, REDIRECT_URI);
  return { rp, request, browser, login, page };
}

/** The failure page offers the way back; the app then receives the OAuth error. */
async function backToApp(browser: Browser, page: Page): Promise<URL> {
  const href = /<a class="[^"]*" id="back-to-app" href="([^"]+)"/.exec(page.html)?.[1];
  assert.ok(href, `the page offers a way back to the app:\n${page.html}`);
  const returned = await browser.open(href.replace(/&amp;/g, '&'), REDIRECT_URI);
  assert.ok(returned.location?.startsWith(REDIRECT_URI), `back at the app, got ${returned.status}`);
  return new URL(returned.location!);
}

async function partiesNamed(server: TestServer, bsn: string) {
  return server.app.db('parties').where({ bsn }).select('name', 'kind');
}

async function sessionCount(server: TestServer): Promise<number> {
  const row = await server.app.db('oidc_models').where({ model: 'Session' }).count({ n: '*' }).first();
  return Number(row?.n);
}

describe('flow: login at an upstream identity provider', () => {
  let upstream: UpstreamIdp;
  let server: TestServer;
  before(async () => {
    upstream = await listenUpstreamIdp();
    server = await namensWith(upstream);
  });
  after(async () => {
    await server.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.next = { account: 'digid-jan', acr: DIGID_ACRS.midden };
    upstream.switches = { tamperSignature: false, wrongNonce: false, expired: false, honourAcrValues: false };
  });

  it('offers a DigiD button and no test-user form when only oidc-upstream is configured', async () => {
    const { login } = await throughUpstream(server.url);
    assert.match(login.html, /<button type="submit" class="[^"]*upstream-button upstream-person"[^>]*>Inloggen met DigiD<\/button>/);
    assert.doesNotMatch(login.html, /name="password"/);
    assert.ok(formOn(login, '/upstream/digid').hidden.csrf, 'the button posts the CSRF token');
  });

  it('app → namens → DigiD (Midden) → jan picks Anna → the app gets jan as sub, Anna in represents, acr substantial', async () => {
    const { rp, request, browser, page } = await throughUpstream(server.url);
    const options = radioOptions(page);
    assert.ok(options.some((o) => o.label.startsWith('Anna de Vries')), `jan's mandates are shown: ${JSON.stringify(options)}`);
    const done = await browser.submit(page, '/select_mandate', { mandate: options.find((o) => o.label.startsWith('Anna de Vries'))!.value }, REDIRECT_URI);
    const atApp = done.html.includes('/consent"') ? await browser.submit(done, '/consent', {}, REDIRECT_URI) : done;
    assert.ok(atApp.location?.startsWith(REDIRECT_URI));
    const tokens = await client.authorizationCodeGrant(rp, new URL(atApp.location!), {
      pkceCodeVerifier: request.verifier,
      expectedNonce: request.nonce,
      expectedState: request.state,
    });
    const idToken = await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente');
    assert.equal(idToken.sub, '999993653');
    assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/substantial');
    assert.equal((idToken.represents as { sub: string; name: string }).name, 'Anna de Vries');
    assert.equal((idToken.represents as { sub: string }).sub, '999990019');
  });

  it('an unknown person (valid BSN, in no register) acts for themselves and holds no mandates; the party is created once', async () => {
    upstream.next = { account: 'digid-nieuw', acr: DIGID_ACRS.substantieel };
    const first = await throughUpstream(server.url);
    assert.deepEqual(radioOptions(first.page).map((o) => o.label), ['Uzelf (Nina Nieuwkomer)']);
    const again = await throughUpstream(server.url);
    assert.deepEqual(radioOptions(again.page).map((o) => o.label), ['Uzelf (Nina Nieuwkomer)']);
    assert.deepEqual(await partiesNamed(server, '123456782'), [{ name: 'Nina Nieuwkomer', kind: 'person' }]);
  });

  it('a BSN that fails the eleven-test is refused', async () => {
    upstream.next = { account: 'digid-fout', acr: DIGID_ACRS.midden };
    const { browser, page } = await throughUpstream(server.url);
    assert.equal(page.status, 400);
    assert.match(page.html, /geen geldig burgerservicenummer/);
    const back = await backToApp(browser, page);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.deepEqual(await partiesNamed(server, '123456789'), []);
  });

  describe('levels of assurance', () => {
    it('DigiD Basis (low) for a service that needs substantial: a clear page, access_denied at the app', async () => {
      upstream.next = { account: 'digid-jan', acr: DIGID_ACRS.basis };
      const sessions = await sessionCount(server);
      const { browser, page } = await throughUpstream(server.url);
      assert.equal(page.status, 400);
      assert.match(page.html, /Niveau van inloggen te laag/);
      assert.equal(upstream.lastAcrValues, undefined, 'this upstream is not asked for a level (supports_acr_values is off)');
      const back = await backToApp(browser, page);
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.match(back.searchParams.get('error_description')!, /level of assurance/);
      assert.equal(await sessionCount(server), sessions, 'no login session was created');
    });

    it('an acr the acr_map does not know is refused', async () => {
      upstream.next = { account: 'digid-jan', acr: 'urn:digid:onbekend' };
      const { browser, page } = await throughUpstream(server.url, { scope: 'openid' });
      assert.match(page.html, /unmapped_acr/);
      assert.equal((await backToApp(browser, page)).searchParams.get('error'), 'access_denied');
    });

    it('an upstream that supports acr_values is asked for the level the app asks (high), and the person steps up', async () => {
      const stepUpUpstream = await listenUpstreamIdp();
      const stepUp = await namensWith(stepUpUpstream, { supports_acr_values: true });
      try {
        stepUpUpstream.next = { account: 'digid-jan', acr: DIGID_ACRS.basis };
        stepUpUpstream.switches.honourAcrValues = true;
        const { rp, request, browser, page } = await throughUpstream(stepUp.url, { ...BIJZONDERE_BIJSTAND, acr_values: 'http://eidas.europa.eu/LoA/high' });
        assert.equal(stepUpUpstream.lastAcrValues, DIGID_ACRS.hoog);
        const choice = radioOptions(page).find((o) => o.label.startsWith('Uzelf'))!;
        let atApp = await browser.submit(page, '/select_mandate', { mandate: choice.value }, REDIRECT_URI);
        if (atApp.html.includes('/consent"')) atApp = await browser.submit(atApp, '/consent', {}, REDIRECT_URI);
        const tokens = await client.authorizationCodeGrant(rp, new URL(atApp.location!), {
          pkceCodeVerifier: request.verifier,
          expectedNonce: request.nonce,
          expectedState: request.state,
        });
        const idToken = await verifyIdToken(stepUp.url, tokens.id_token!, 'demo-gemeente');
        assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/high');
      } finally {
        await stepUp.close();
        await stepUpUpstream.close();
      }
    });
  });

  describe('failures: a clear page, an OAuth error at the app, no login', () => {
    async function failsWith(cause: RegExp, error: string, text: RegExp) {
      const sessions = await sessionCount(server);
      const { browser, page } = await throughUpstream(server.url);
      assert.equal(page.status, 400, page.html);
      assert.match(page.html, cause);
      assert.match(page.html, text);
      assert.doesNotMatch(page.html, /\bat [^ ]+\.ts:/, 'no stack trace');
      const back = await backToApp(browser, page);
      assert.equal(back.searchParams.get('error'), error);
      assert.ok(back.searchParams.get('error_description'));
      assert.equal(await sessionCount(server), sessions, 'no login session was created');
      const cookie = await browser.jar.getCookieString(`${server.url}/login/callback`);
      assert.doesNotMatch(cookie, /namens_upstream_login=/, 'the attempt cookie is cleared');
      return back;
    }

    it('the person cancels at the upstream', async () => {
      upstream.next = { cancel: true };
      const back = await failsWith(/cancelled/, 'access_denied', /U hebt het inloggen afgebroken/);
      assert.match(back.searchParams.get('error_description')!, /cancelled/);
    });

    it('a tampered ID token (signed with a key the upstream does not publish)', async () => {
      upstream.switches.tamperSignature = true;
      await failsWith(/bad_signature/, 'access_denied', /ondertekening klopt niet/);
    });

    it('an ID token with another nonce', async () => {
      upstream.switches.wrongNonce = true;
      await failsWith(/wrong_nonce/, 'access_denied', /hoort niet bij deze inlogpoging/);
    });

    it('an expired ID token', async () => {
      upstream.switches.expired = true;
      await failsWith(/expired_token/, 'access_denied', /verlopen/);
    });

    it('a callback with another state, or without the attempt cookie of this browser', async () => {
      upstream.next = { account: 'digid-jan', acr: DIGID_ACRS.midden };
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, BIJZONDERE_BIJSTAND);
      const browser = new Browser();
      const login = await browser.open(request.url, REDIRECT_URI);
      const form = formOn(login, '/upstream/digid');
      const toUpstream = await browser.request(new URL(form.action, login.url).href, { form: form.hidden });
      assert.equal(toUpstream.status, 303);
      const forged = await browser.request(`${server.url}/login/callback?code=x&state=not-the-state`);
      assert.equal(forged.status, 400);
      assert.match(forged.html, /state_mismatch/);
      assert.equal((await backToApp(browser, forged)).searchParams.get('error'), 'access_denied');

      const stranger = await new Browser().request(`${server.url}/login/callback?code=x&state=y`);
      assert.equal(stranger.status, 400);
      assert.match(stranger.html, /Ga terug naar de app en begin opnieuw/);
    });
  });

  it('an upstream that is not running: a clear page, temporarily_unavailable at the app', async () => {
    const down = await startServer({
      LOGIN_METHODS: 'oidc-upstream',
      UPSTREAM_PROVIDERS: JSON.stringify([upstream.providerEntry({ issuer: await closedPortUrl() })]),
    });
    try {
      const { browser, page } = await throughUpstream(down.url);
      assert.equal(page.status, 400);
      assert.match(page.html, /niet bereikbaar/);
      const back = await backToApp(browser, page);
      assert.equal(back.searchParams.get('error'), 'temporarily_unavailable');
    } finally {
      await down.close();
    }
  });

  it('with both methods, the login screen offers DigiD and the test users', async () => {
    const both = await startServer({ LOGIN_METHODS: 'test-users,oidc-upstream', UPSTREAM_PROVIDERS: JSON.stringify([upstream.providerEntry()]) });
    try {
      const rp = await discover(both.url, 'demo-gemeente');
      const login = await new Browser().open((await authorizationRequest(rp)).url, REDIRECT_URI);
      assert.match(login.html, /Inloggen met DigiD/);
      assert.match(login.html, /name="password"/);
    } finally {
      await both.close();
    }
  });
});
