// The foundation flow, as an app sees it: discovery → authorize → login → consent → callback → token with PKCE
// → ID token verified against the JWKS → userinfo. And every way a request can be wrong.
import assert from 'node:assert/strict';
import { decodeProtectedHeader as protectedHeader } from 'jose';
import { rotateSigningKeys } from '../../server/oidc/signing_keys.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { createKeyRepository } from '../../server/persistence/key_repository.ts';
import { Browser, formOn } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import {
  authorizationRequest,
  client,
  completeFlow,
  discover,
  exchangeCode,
  loginFlow,
  REDIRECT_URI,
  verifyIdToken,
} from '../support/relying_party.ts';

describe('flow: authorization code with PKCE', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('publishes discovery with code flow only, S256 PKCE, ES256, PS256 and RS256, and the namens claims', async () => {
    const discovery = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, string[]>;
    assert.equal(discovery.issuer, server.url);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.deepEqual([...discovery.id_token_signing_alg_values_supported!].sort(), ['ES256', 'PS256', 'RS256']);
    for (const claim of ['sub', 'sub_id_type', 'represents', 'authorization_details', 'acr']) assert.ok(discovery.claims_supported!.includes(claim), claim);
    assert.ok(discovery.revocation_endpoint);
    assert.ok(discovery.end_session_endpoint);
    assert.ok(discovery.userinfo_endpoint);
    const jwks = (await (await fetch(discovery.jwks_uri as unknown as string)).json()) as { keys: Array<Record<string, string>> };
    assert.deepEqual(jwks.keys.map((key) => `${key.use} ${key.alg}`).sort(), ['enc ECDH-ES', 'enc RSA-OAEP', 'enc RSA-OAEP-256', 'sig ES256', 'sig PS256', 'sig RS256']);
    for (const key of jwks.keys) assert.equal(key.d, undefined, 'the JWKS publishes no private parts');
  });

  it('logs lars in at demo-gemeente and gives the app a verified ID token and userinfo', async () => {
    const { flow, tokens, idToken, userinfo } = await completeFlow(server.url, { username: 'lars' });
    assert.equal(flow.consentShown, true, 'demo-gemeente is not first-party: the person agrees first');
    assert.equal(idToken.sub, '999990196');
    assert.equal(idToken.sub_id_type, 'urn:nl-eid-gdi:1.0:id:legacy-BSN');
    assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/substantial');
    assert.equal(idToken.aud, 'demo-gemeente');
    assert.ok(typeof idToken.auth_time === 'number');
    assert.ok(idToken.exp! - idToken.iat! <= 300, 'ID tokens live at most 5 minutes');
    assert.equal(idToken.represents, undefined);
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(userinfo.sub, '999990196');
    assert.equal(userinfo.sub_id_type, 'urn:nl-eid-gdi:1.0:id:legacy-BSN');
  });

  it('honours the nonce: openid-client refuses a token whose nonce differs from the one it sent', async () => {
    const flow = await loginFlow(server.url, { username: 'lars' });
    await assert.rejects(
      client.authorizationCodeGrant(flow.rp, new URL(flow.callback), {
        pkceCodeVerifier: flow.request.verifier,
        expectedNonce: 'another-nonce',
        expectedState: flow.request.state,
      }),
      (error: Error & { cause?: Error & { cause?: { claim?: string; expected?: string; claims?: { nonce?: string } } } }) =>
        error.cause?.cause?.claim === 'nonce' && error.cause.cause.claims?.nonce === flow.request.nonce,
    );
  });

  it('signs with ES256 by default and with PS256 or RS256 for a client registered for it', async () => {
    const { tokens } = await completeFlow(server.url, { clientId: 'demo-app', username: 'lars' });
    assert.equal(protectedHeader(tokens.id_token!).alg, 'ES256');
    const clients = createClientRepository(server.app.db);
    const demo = (await clients.find('demo-gemeente'))!;
    await clients.save({ ...demo, clientId: 'ps256-app', metadata: { ...demo.metadata, client_id: 'ps256-app', id_token_signed_response_alg: 'PS256' } });
    const ps = await completeFlow(server.url, { clientId: 'ps256-app', username: 'lars', secret: 'demo-gemeente-secret' });
    assert.equal(protectedHeader(ps.tokens.id_token!).alg, 'PS256');
    await clients.save({ ...demo, clientId: 'rs256-app', metadata: { ...demo.metadata, client_id: 'rs256-app', id_token_signed_response_alg: 'RS256' } });
    const rs = await completeFlow(server.url, { clientId: 'rs256-app', username: 'lars', secret: 'demo-gemeente-secret' });
    assert.equal(protectedHeader(rs.tokens.id_token!).alg, 'RS256', 'the NL GOV profile\'s MUST');
  });

  it('refuses an authorization request without PKCE, on the app\'s callback', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT_URI, scope: 'openid', state: 's1', nonce: 'n1' });
    const page = await new Browser().request(url.href);
    assert.equal(page.status, 303);
    const callback = new URL(page.location!);
    assert.equal(callback.origin + callback.pathname, REDIRECT_URI);
    assert.equal(callback.searchParams.get('error'), 'invalid_request');
    assert.match(callback.searchParams.get('error_description')!, /PKCE/);
    assert.equal(callback.searchParams.get('state'), 's1');
  });

  it('refuses a plain (non-S256) PKCE method', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    const page = await new Browser().request(url.href);
    assert.equal(new URL(page.location!).searchParams.get('error'), 'invalid_request');
  });

  it('refuses the code exchange with a wrong PKCE verifier, and without one', async () => {
    const flow = await loginFlow(server.url, { username: 'lars' });
    await assert.rejects(
      client.authorizationCodeGrant(flow.rp, new URL(flow.callback), { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedNonce: flow.request.nonce, expectedState: flow.request.state }),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
    const other = await loginFlow(server.url, { username: 'lars' });
    const code = new URL(other.callback).searchParams.get('code')!;
    const response = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
  });

  it('refuses a code used twice, and revokes the tokens of the first exchange', async () => {
    const flow = await loginFlow(server.url, { username: 'lars' });
    const tokens = await exchangeCode(flow);
    await assert.rejects(exchangeCode(flow), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
    await assert.rejects(client.fetchUserInfo(flow.rp, tokens.access_token, client.skipSubjectCheck), (error: client.WWWAuthenticateChallengeError) => error.status === 401);
  });

  it('redeems a code exactly once when two exchanges race', async () => {
    const flow = await loginFlow(server.url, { username: 'lars' });
    const results = await Promise.allSettled([exchangeCode(flow), exchangeCode(flow), exchangeCode(flow)]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const flow = await loginFlow(server.url, { username: 'lars' });
    const wrong = await discover(server.url, 'demo-gemeente', 'not-the-secret');
    await assert.rejects(
      client.authorizationCodeGrant(wrong, new URL(flow.callback), { pkceCodeVerifier: flow.request.verifier, expectedNonce: flow.request.nonce, expectedState: flow.request.state }),
      (error: client.WWWAuthenticateChallengeError) => error.status === 401 && error.cause[0]?.parameters.error === 'invalid_client',
    );
  });

  it('shows an error page (and does not redirect) for an unregistered redirect URI, matched exactly', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    for (const redirectUri of ['http://localhost:8080/callback/', 'http://localhost:8080/CALLBACK', 'http://localhost:8081/callback', 'http://evil.example/callback']) {
      const request = await authorizationRequest(rp, { redirect_uri: redirectUri });
      const page = await new Browser().request(request.url);
      assert.equal(page.status, 400, redirectUri);
      assert.equal(page.location, undefined, redirectUri);
      assert.match(page.html, /redirect_uri/);
      assert.doesNotMatch(page.html, /at .*\.js:\d+/, 'no stack trace');
    }
  });

  it('shows an error page for an unknown client', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { client_id: 'no-such-client' });
    const page = await new Browser().request(request.url);
    assert.equal(page.status, 400);
    assert.equal(page.location, undefined);
    assert.match(page.html, /Onbekende app/);
    assert.match(page.html, /invalid_client/);
  });

  it('shows the login form again after a wrong password, saying nothing about whether the user exists', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp);
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const wrongPassword = await browser.submit(login, '/login', { username: 'lars', password: 'wrong-password' }, REDIRECT_URI);
    const unknownUser = await browser.submit(login, '/login', { username: 'nobody', password: 'wrong-password' }, REDIRECT_URI);
    for (const page of [wrongPassword, unknownUser]) {
      assert.equal(page.status, 401);
      assert.match(page.html, /De combinatie van gebruikersnaam en wachtwoord is onjuist/);
      assert.ok(formOn(page, '/login'));
    }
    assert.equal(wrongPassword.html.replace(/value="lars"/, ''), unknownUser.html.replace(/value="nobody"/, ''));
    // and the right password still works afterwards
    const consent = await browser.submit(login, '/login', { username: 'lars', password: 'namens-test' }, REDIRECT_URI);
    assert.ok(formOn(consent, '/consent'));
  });

  it('refuses a login post without a CSRF token, or with one made for another interaction', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const browser = new Browser();
    const login = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
    const action = new URL(formOn(login, '/login').action, login.url).href;
    const missing = await browser.request(action, { form: { username: 'lars', password: 'namens-test' } });
    assert.equal(missing.status, 403);
    assert.match(missing.html, /invalid_csrf_token/);
    const other = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
    const foreign = await browser.request(action, { form: { username: 'lars', password: 'namens-test', csrf: formOn(other, '/login').hidden.csrf! } });
    assert.equal(foreign.status, 403);
  });

  it('answers an unknown or expired interaction id with a page that says to start again from the app', async () => {
    const page = await new Browser().request(`${server.url}/interaction/does-not-exist`);
    assert.equal(page.status, 400);
    assert.match(page.html, /Ga terug naar de app en begin opnieuw/);
    const post = await new Browser().request(`${server.url}/interaction/does-not-exist/login`, { form: { username: 'lars', password: 'x', csrf: 'x' } });
    assert.equal(post.status, 400);
  });

  it('returns access_denied to the app when the person cancels', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp);
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const back = await browser.submit(login, '/abort', {}, REDIRECT_URI);
    const callback = new URL(back.location!);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), request.state);
  });

  it('keeps tokens verifiable across a restart and a key rotation: the keys live in the database', async () => {
    const { tokens } = await completeFlow(server.url, { username: 'lars' });
    const before = (await (await fetch(`${server.url}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    await rotateSigningKeys(createKeyRepository(server.app.db));
    const again = await startServer({ DATABASE_URL: server.databaseUrl });
    try {
      const after = (await (await fetch(`${again.url}/jwks`)).json()) as { keys: Array<{ kid: string }> };
      assert.equal(after.keys.length, 12, 'six new keys, and the six retired ones still published');
      for (const key of before.keys) assert.ok(after.keys.some((k) => k.kid === key.kid), 'a retired key stays published');
      assert.ok(await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente'), 'a token of the old key still verifies');
      const fresh = await completeFlow(again.url, { username: 'lars' });
      assert.ok(!before.keys.some((key) => key.kid === protectedHeader(fresh.tokens.id_token!).kid), 'new tokens are signed with a new key');
    } finally {
      await again.close();
    }
  });
});
