// The NL GOV Assurance profile for OpenID Connect, feature by feature, with openid-client as the app.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { PKJWT_PRIVATE_JWK, SERVICES } from '../../seeds/personas.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { adminApi, adminToken } from '../admin/admin_client.ts';
import { Browser, formOn } from '../support/browser.ts';
import { authorizationRequest, client, completeFlow, discover, exchangeCode, loginFlow, PASSWORD, REDIRECT_URI, verifyIdToken, type AuthorizationRequest } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const LOW = 'http://eidas.europa.eu/LoA/low';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const HIGH = 'http://eidas.europa.eu/LoA/high';
const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;

describe('flow: NL GOV Assurance profile', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ TRUSTED_PROXIES: '127.0.0.1' });
  });
  after(async () => server.close());

  describe('levels of assurance', () => {
    it('asks again when the login reached less than the service needs, and issues at the level reached', async () => {
      await server.app.db('services').where({ uuid: uuid('schuldhulpverlening') }).update({ loa: HIGH });
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid('schuldhulpverlening')}` });
      const browser = new Browser();
      const login = await browser.open(request.url, REDIRECT_URI);
      const again = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD, level: SUBSTANTIAL }, REDIRECT_URI);
      assert.ok(formOn(again, '/login'), 'the login screen again, not a code');
      assert.match(again.html, /Deze dienst vraagt inloggen op niveau <strong>hoog<\/strong>; u bent ingelogd op niveau substantieel/);
      const selection = await browser.submit(again, '/login', { username: 'jan', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      const consent = await browser.submit(selection, '/select_mandate', { mandate: 'self' }, REDIRECT_URI);
      const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
      assert.equal(tokens.claims()!.acr, HIGH);
    });

    it('takes acr_values as a request for at least that level', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, { acr_values: HIGH });
      const browser = new Browser();
      const login = await browser.open(request.url, REDIRECT_URI);
      const again = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD, level: LOW }, REDIRECT_URI);
      assert.ok(formOn(again, '/login'));
      const consent = await browser.submit(again, '/login', { username: 'lars', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
      assert.equal(tokens.claims()!.acr, HIGH);
    });

    it('honours prompt=login and max_age=0 by asking for the password again in a live session', async () => {
      const first = await loginFlow(server.url, { username: 'lars' });
      for (const params of [{ prompt: 'login' }, { max_age: '0' }] as Array<Record<string, string>>) {
        const rp = await discover(server.url, 'demo-gemeente');
        const request = await authorizationRequest(rp, params);
        const page = await first.browser.open(request.url, REDIRECT_URI);
        assert.ok(formOn(page, '/login'), JSON.stringify(params));
      }
      const rp = await discover(server.url, 'demo-gemeente');
      const silent = await first.browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
      assert.equal(silent.location?.startsWith(REDIRECT_URI), true, 'without them the live session is used');
    });
  });

  describe('client authentication and requests', () => {
    const PKJWT = 'demo-gemeente-pkjwt';
    const signingKey = () => importJWK(PKJWT_PRIVATE_JWK as JWK, 'ES256');
    const pkjwtApp = async () =>
      client.discovery(new URL(server.url), PKJWT, { token_endpoint_auth_signing_alg: 'ES256' }, client.PrivateKeyJwt({ key: (await signingKey()) as client.CryptoKey, kid: PKJWT_PRIVATE_JWK.kid }), {
        execute: [client.allowInsecureRequests],
      });

    /** A request object (signed, optionally then encrypted to namens), pushed with PAR: the URL to open and the checks. */
    async function pushedRequest(rp: client.Configuration, params: Record<string, string> = {}, encrypt = false): Promise<{ url: string; request: AuthorizationRequest }> {
      const request = await authorizationRequest(rp, params);
      const claims = Object.fromEntries(new URL(request.url).searchParams);
      let object = await new SignJWT({ ...claims, iss: PKJWT, aud: server.url })
        .setProtectedHeader({ alg: 'ES256', kid: PKJWT_PRIVATE_JWK.kid, typ: 'oauth-authz-req+jwt' })
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(randomUUID())
        .sign(await signingKey());
      if (encrypt) {
        const jwks = (await (await fetch(`${server.url}/jwks`)).json()) as { keys: Array<JWK & { use: string }> };
        const key = jwks.keys.find((k) => k.use === 'enc' && k.alg === 'ECDH-ES')!;
        object = await new CompactEncrypt(new TextEncoder().encode(object))
          .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: key.kid!, cty: 'JWT' })
          .encrypt(await importJWK(key, 'ECDH-ES'));
      }
      const url = await client.buildAuthorizationUrlWithPAR(rp, { request: object });
      return { url: url.href, request };
    }

    it('private_key_jwt with a pushed, signed request object: the whole flow, as demo-gemeente-pkjwt', async () => {
      const rp = await pkjwtApp();
      const pushed = await pushedRequest(rp, { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` });
      assert.match(pushed.url, /request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri/);
      const flow = await loginFlow(server.url, { rp, request: pushed.request, authorizationUrl: pushed.url, username: 'jan', choose: (o) => o.find((x) => x.label.startsWith('Anna'))!.value });
      const tokens = await exchangeCode(flow);
      const idToken = await verifyIdToken(server.url, tokens.id_token!, PKJWT);
      assert.equal((idToken.represents as { name: string }).name, 'Anna de Vries');
    });

    it('accepts an encrypted request object (signed, then encrypted to namens\' ECDH-ES key)', async () => {
      const rp = await pkjwtApp();
      const pushed = await pushedRequest(rp, {}, true);
      const flow = await loginFlow(server.url, { rp, request: pushed.request, authorizationUrl: pushed.url, username: 'lars' });
      assert.ok((await exchangeCode(flow)).id_token);
    });

    it('refuses a plain request from a client that requires PAR, and a pushed request without a signed request object', async () => {
      const rp = await pkjwtApp();
      const plain = await new Browser().request((await authorizationRequest(rp)).url);
      const error = plain.location ? new URL(plain.location).searchParams.get('error') : /invalid_request/.exec(plain.html)?.[0];
      assert.equal(error, 'invalid_request');
      await assert.rejects(client.buildAuthorizationUrlWithPAR(rp, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }), (e: client.ResponseBodyError) =>
        ['invalid_request', 'invalid_request_object'].includes(e.error));
    });

    it('refuses a request object with a bad signature', async () => {
      const rp = await pkjwtApp();
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ client_id: PKJWT, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, iss: PKJWT, aud: server.url })
        .setProtectedHeader({ alg: 'ES256', kid: PKJWT_PRIVATE_JWK.kid })
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(privateKey);
      await assert.rejects(client.buildAuthorizationUrlWithPAR(rp, { request: forged }), (e: client.ResponseBodyError) => e.error === 'invalid_request_object');
    });

    async function tokenWithAssertion(assertion: string) {
      const response = await fetch(`${server.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'not-a-code',
          redirect_uri: REDIRECT_URI,
          code_verifier: 'v'.repeat(43),
          client_id: PKJWT,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
      });
      return { status: response.status, error: ((await response.json()) as { error: string }).error };
    }
    const assertion = async (key: client.CryptoKey | Uint8Array, claims: { aud?: string; exp?: number; jti?: string } = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: PKJWT_PRIVATE_JWK.kid })
        .setIssuer(PKJWT)
        .setSubject(PKJWT)
        .setAudience(claims.aud ?? server.url)
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60)
        .setJti(claims.jti ?? randomUUID())
        .sign(key);

    it('refuses private_key_jwt assertions with a wrong key, a reused jti, a wrong audience or an expiry in the past', async () => {
      const key = (await signingKey()) as client.CryptoKey;
      assert.deepEqual(await tokenWithAssertion(await assertion(key)), { status: 400, error: 'invalid_grant' }, 'a good assertion passes authentication');
      const { privateKey: other } = await generateKeyPair('ES256');
      assert.equal((await tokenWithAssertion(await assertion(other))).error, 'invalid_client');
      const once = await assertion(key);
      assert.equal((await tokenWithAssertion(once)).error, 'invalid_grant');
      assert.deepEqual(await tokenWithAssertion(once), { status: 401, error: 'invalid_client' }, 'the same jti twice');
      assert.equal((await tokenWithAssertion(await assertion(key, { aud: 'https://elsewhere.example' }))).error, 'invalid_client');
      assert.equal((await tokenWithAssertion(await assertion(key, { exp: Math.floor(Date.now() / 1000) - 120 }))).error, 'invalid_client');
    });

    it('accepts the claims parameter: a requested claim arrives in the ID token', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const claims = JSON.stringify({ id_token: { auth_time: { essential: true }, acr: { values: [SUBSTANTIAL, HIGH] } } });
      const flow = await loginFlow(server.url, { rp, username: 'lars', params: { claims } });
      const idToken = await verifyIdToken(server.url, (await exchangeCode(flow)).id_token!, 'demo-gemeente');
      assert.equal(typeof idToken.auth_time, 'number');
      assert.equal(idToken.acr, SUBSTANTIAL);
    });
  });

  describe('subjects', () => {
    const byName = (start: string) => (options: Array<{ value: string; label: string }>) => options.find((o) => o.label.startsWith(start))!.value;
    const lenerspas = () => ({ scope: `openid urn:uuid:${uuid('lenerspas')}` });

    it('gives a client of a provider that may not receive BSNs pseudonyms for the acting and the represented person', async () => {
      const flow = await loginFlow(server.url, { clientId: 'demo-bibliotheek', secret: 'demo-bibliotheek-secret', username: 'sophie', params: lenerspas(), choose: byName('Bram') });
      const idToken = await verifyIdToken(server.url, (await exchangeCode(flow)).id_token!, 'demo-bibliotheek');
      assert.equal(idToken.sub_id_type, 'urn:nl-eid-gdi:1.0:id:Pseudonym');
      assert.notEqual(idToken.sub, '999990147');
      const represents = idToken.represents as { sub: string; sub_id_type: string; name: string };
      assert.equal(represents.sub_id_type, 'urn:nl-eid-gdi:1.0:id:Pseudonym');
      assert.notEqual(represents.sub, '999990159');
      assert.equal(represents.name, 'Bram Smit');
      assert.doesNotMatch(JSON.stringify(idToken), /99999\d{4}/, 'no BSN anywhere in the token');

      // the same person within the sector: the same pseudonym, whether acting or represented
      const bram = await loginFlow(server.url, { clientId: 'demo-bibliotheek', secret: 'demo-bibliotheek-secret', username: 'bram', params: lenerspas(), choose: byName('Uzelf') });
      assert.equal((await verifyIdToken(server.url, (await exchangeCode(bram)).id_token!, 'demo-bibliotheek')).sub, represents.sub);
      const again = await loginFlow(server.url, { clientId: 'demo-bibliotheek', secret: 'demo-bibliotheek-secret', username: 'sophie', params: lenerspas(), choose: byName('Bram') });
      assert.equal((await verifyIdToken(server.url, (await exchangeCode(again)).id_token!, 'demo-bibliotheek')).sub, idToken.sub);

      // another sector (another host): other pseudonyms, not linkable
      const clients = createClientRepository(server.app.db);
      const bibliotheek = (await clients.find('demo-bibliotheek'))!;
      const otherRedirect = 'http://127.0.0.1:8080/callback';
      await clients.save({ ...bibliotheek, clientId: 'bibliotheek-elders', metadata: { ...bibliotheek.metadata, client_id: 'bibliotheek-elders', redirect_uris: [otherRedirect], post_logout_redirect_uris: [] } });
      const elsewhere = await loginFlow(server.url, { clientId: 'bibliotheek-elders', secret: 'demo-bibliotheek-secret', username: 'sophie', params: { ...lenerspas(), redirect_uri: otherRedirect }, choose: byName('Bram') });
      const other = await verifyIdToken(server.url, (await exchangeCode(elsewhere)).id_token!, 'bibliotheek-elders');
      assert.notEqual(other.sub, idToken.sub);
      assert.notEqual((other.represents as { sub: string }).sub, represents.sub);
    });

    it('gives a client linked to a provider that may receive BSNs and one that may not pseudonyms, in the ID token and userinfo', async () => {
      const api = adminApi(server.url, await adminToken(server.url));
      const registered = await api('POST', '/clients', {
        client_id: 'gemeente-en-bibliotheek',
        client_name: 'Gemeente en bibliotheek',
        service_provider_ids: ['gemeente-enschede', 'bibliotheek-oost'],
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
        may_receive_bsn: true,
      });
      assert.equal(registered.status, 201);
      const { idToken, userinfo } = await completeFlow(server.url, {
        clientId: 'gemeente-en-bibliotheek', secret: registered.body.client_secret, username: 'jan',
        params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, choose: byName('Anna'),
      });
      for (const claims of [idToken, userinfo]) {
        const represents = claims.represents as { sub: string; sub_id_type: string; name: string };
        assert.equal(claims.sub_id_type, 'urn:nl-eid-gdi:1.0:id:Pseudonym');
        assert.notEqual(claims.sub, '999993653');
        assert.equal(represents.name, 'Anna de Vries');
        assert.equal(represents.sub_id_type, 'urn:nl-eid-gdi:1.0:id:Pseudonym');
        assert.notEqual(represents.sub, '999990019');
        assert.doesNotMatch(JSON.stringify(claims), /99999\d{4}/, 'no BSN anywhere');
      }
      // the pseudonym of the sector (the redirect URI's host), as demo-bibliotheek there gets it
      const bibliotheek = await loginFlow(server.url, { clientId: 'demo-bibliotheek', secret: 'demo-bibliotheek-secret', username: 'jan', params: lenerspas(), choose: byName('Uzelf') });
      assert.equal((await verifyIdToken(server.url, (await exchangeCode(bibliotheek)).id_token!, 'demo-bibliotheek')).sub, idToken.sub);
    });

    it('keeps BSNs for clients of providers that may receive them', async () => {
      const flow = await loginFlow(server.url, { username: 'lars' });
      const idToken = await verifyIdToken(server.url, (await exchangeCode(flow)).id_token!, 'demo-gemeente');
      assert.deepEqual([idToken.sub, idToken.sub_id_type], ['999990196', 'urn:nl-eid-gdi:1.0:id:legacy-BSN']);
    });
  });

  describe('tokens', () => {
    it('issues ID tokens of at most 5 minutes with a unique jti', async () => {
      const jtis = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const idToken = await verifyIdToken(server.url, (await exchangeCode(await loginFlow(server.url, { username: 'lars' }))).id_token!, 'demo-gemeente');
        assert.ok(idToken.exp! - idToken.iat! <= 300);
        assert.match(String(idToken.jti), /^[0-9a-f-]{36}$/);
        jtis.add(String(idToken.jti));
      }
      assert.equal(jtis.size, 3);
    });

    it('encrypts the ID token for a client that registered an encryption key, and the client decrypts it', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
      const { exportJWK } = await import('jose');
      const clients = createClientRepository(server.app.db);
      const demo = (await clients.find('demo-gemeente'))!;
      await clients.save({
        ...demo,
        clientId: 'encrypting-app',
        metadata: { ...demo.metadata, client_id: 'encrypting-app', id_token_encrypted_response_alg: 'ECDH-ES', id_token_encrypted_response_enc: 'A256GCM', jwks: { keys: [{ ...(await exportJWK(publicKey)), use: 'enc', alg: 'ECDH-ES', kid: 'enc-1' }] } },
      });
      const rp = await discover(server.url, 'encrypting-app', 'demo-gemeente-secret');
      client.enableDecryptingResponses(rp, ['A256GCM'], { key: privateKey as client.CryptoKey, kid: 'enc-1' });
      const flow = await loginFlow(server.url, { rp, username: 'lars' });
      const tokens = await exchangeCode(flow);
      assert.equal(tokens.id_token!.split('.').length, 5, 'the ID token arrived as a JWE');
      assert.equal(tokens.claims()!.sub, '999990196', 'openid-client decrypted and validated it');
    });

    it('rotates refresh tokens: a used one is refused, its successor works', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const flow = await loginFlow(server.url, { rp, username: 'lars', params: { scope: 'openid offline_access', prompt: 'consent' } });
      const tokens = await exchangeCode(flow);
      assert.ok(tokens.refresh_token);
      const next = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      assert.ok(next.refresh_token && next.refresh_token !== tokens.refresh_token, 'a new refresh token');
      await assert.rejects(client.refreshTokenGrant(rp, tokens.refresh_token!), (e: client.ResponseBodyError) => e.error === 'invalid_grant');
    });

    it('answers introspection for resource servers: active with the chosen mandate, inactive once revoked', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const flow = await loginFlow(server.url, { rp, username: 'jan', params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, choose: (o) => o.find((x) => x.label.startsWith('Anna'))!.value });
      const tokens = await exchangeCode(flow);
      const active = await client.tokenIntrospection(rp, tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.client_id, 'demo-gemeente');
      assert.equal((active.authorization_details as unknown as Array<{ mandate_id: string }>)[0]!.mandate_id, 'a0000000-0000-4000-8000-000000000001');

      // another app may not look into it; a resource server registered as such may
      const other = await discover(server.url, 'demo-ziekenhuis');
      assert.equal((await client.tokenIntrospection(other, tokens.access_token)).active, false);
      const clients = createClientRepository(server.app.db);
      const ziekenhuis = (await clients.find('demo-ziekenhuis'))!;
      await clients.save({ ...ziekenhuis, clientId: 'api-gemeente', metadata: { ...ziekenhuis.metadata, client_id: 'api-gemeente', namens_resource_server: true } });
      assert.equal((await client.tokenIntrospection(await discover(server.url, 'api-gemeente', 'demo-ziekenhuis-secret'), tokens.access_token)).active, true);

      await client.tokenRevocation(rp, tokens.access_token);
      assert.equal((await client.tokenIntrospection(rp, tokens.access_token)).active, false);
    });

    it('issues RFC 9068 JWT access tokens to a client registered for them, carrying the chosen mandate', async () => {
      const clients = createClientRepository(server.app.db);
      const demo = (await clients.find('demo-gemeente'))!;
      await clients.save({ ...demo, clientId: 'jwt-app', metadata: { ...demo.metadata, client_id: 'jwt-app', namens_access_token_format: 'jwt' } });
      const rp = await discover(server.url, 'jwt-app', 'demo-gemeente-secret');
      const flow = await loginFlow(server.url, { rp, username: 'jan', params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}`, resource: server.url }, choose: (o) => o.find((x) => x.label.startsWith('Piet'))!.value });
      const tokens = await client.authorizationCodeGrant(rp, new URL(flow.callback), { pkceCodeVerifier: flow.request.verifier, expectedNonce: flow.request.nonce, expectedState: flow.request.state }, { resource: server.url });
      assert.equal(decodeProtectedHeader(tokens.access_token).typ, 'at+jwt');
      const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${server.url}/jwks`)), { issuer: server.url, audience: server.url, typ: 'at+jwt' });
      assert.equal(payload.client_id, 'jwt-app');
      assert.equal((payload.authorization_details as Array<{ mandate_id: string }>)[0]!.mandate_id, 'a0000000-0000-4000-8000-000000000002');
    });

    it('lets apps cache the JWKS for a while', async () => {
      const response = await fetch(`${server.url}/jwks`);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    });
  });

  describe('logout and mutual TLS', () => {
    it('sends a back-channel logout token to the app when the person logs out', async () => {
      const received: string[] = [];
      const listener = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          received.push(new URLSearchParams(body).get('logout_token') ?? '');
          res.end();
        });
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      try {
        const clients = createClientRepository(server.app.db);
        const demo = (await clients.find('demo-gemeente'))!;
        const backchannel = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/backchannel`;
        await clients.save({ ...demo, clientId: 'backchannel-app', metadata: { ...demo.metadata, client_id: 'backchannel-app', backchannel_logout_uri: backchannel, backchannel_logout_session_required: true } });
        const rp = await discover(server.url, 'backchannel-app', 'demo-gemeente-secret');
        const flow = await loginFlow(server.url, { rp, username: 'lars' });
        const tokens = await exchangeCode(flow);
        const page = await flow.browser.open(client.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token! }).href, 'http://localhost:8080/');
        const form = formOn(page, '/session/end/confirm');
        await flow.browser.follow(await flow.browser.request(new URL(form.action, page.url).href, { form: { ...form.hidden, logout: 'yes' } }), 'http://localhost:8080/');
        assert.equal(received.length, 1);
        const { payload } = await jwtVerify(received[0]!, createRemoteJWKSet(new URL(`${server.url}/jwks`)), { issuer: server.url, audience: 'backchannel-app' });
        assert.equal(payload.sub, '999990196');
        assert.equal(payload.sid, tokens.claims()!.sid);
        assert.ok((payload.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);
      } finally {
        listener.close();
      }
    });

    describe('a client that authenticates with a certificate through the TLS-terminating proxy', () => {
      let dir: string;
      let certificate: string;
      let other: TestServer;
      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'namens-mtls-'));
        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/O=Gemeente Enschede/CN=mtls-app', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
        certificate = await readFile(join(dir, 'cert.pem'), 'utf8');
        // A second namens that trusts another proxy address than the one the spec's requests come from.
        other = await startServer({ TRUSTED_PROXIES: '127.0.0.2' });
        for (const target of [server, other]) {
          const clients = createClientRepository(target.app.db);
          const demo = (await clients.find('demo-gemeente'))!;
          const { client_secret: _secret, ...metadata } = demo.metadata;
          await clients.save({ ...demo, clientId: 'mtls-app', metadata: { ...metadata, client_id: 'mtls-app', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=mtls-app,O=Gemeente Enschede' } });
        }
      });
      after(async () => {
        await other.close();
        await rm(dir, { recursive: true, force: true });
      });

      const exchange = (base: string, code: string, verifier: string, header: Record<string, string>) =>
        fetch(`${base}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...header },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, client_id: 'mtls-app' }),
        });

      it('accepts the certificate from a trusted proxy\'s header', async () => {
        const rp = await discover(server.url, 'mtls-app', undefined);
        const flow = await loginFlow(server.url, { rp, username: 'lars' });
        const response = await exchange(server.url, new URL(flow.callback).searchParams.get('code')!, flow.request.verifier, { 'x-ssl-client-cert': encodeURIComponent(certificate) });
        assert.equal(response.status, 200);
        assert.ok(((await response.json()) as { id_token: string }).id_token);
      });

      it('ignores the header from an untrusted address, and refuses a certificate with another subject', async () => {
        const rp = await discover(other.url, 'mtls-app', undefined);
        const flow = await loginFlow(other.url, { rp, username: 'lars' });
        const response = await exchange(other.url, new URL(flow.callback).searchParams.get('code')!, flow.request.verifier, { 'x-ssl-client-cert': encodeURIComponent(certificate) });
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');

        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/O=Elders/CN=intruder', '-days', '1', '-keyout', join(dir, 'k2.pem'), '-out', join(dir, 'c2.pem')], { stdio: 'ignore' });
        const intruder = await readFile(join(dir, 'c2.pem'), 'utf8');
        const rp2 = await discover(server.url, 'mtls-app', undefined);
        const flow2 = await loginFlow(server.url, { rp: rp2, username: 'lars' });
        const refused = await exchange(server.url, new URL(flow2.callback).searchParams.get('code')!, flow2.request.verifier, { 'x-ssl-client-cert': encodeURIComponent(intruder) });
        assert.equal(refused.status, 401);
      });
    });
  });
});
