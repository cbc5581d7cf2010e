// NLGOV_PROFILE=strict (the default in production): discovery, client registration and the token endpoint offer
// only what the NL GOV Assurance profile allows, and the ID token carries what it requires.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { checkProfile } from '../../server/conformance/check_profile.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { adminApi, type ApiResponse } from '../admin/admin_client.ts';
import { logInToMijn } from '../support/mijn.ts';
import { authorizationRequest, client, exchangeCode, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const APP_REDIRECT = 'https://portaal.example/callback';

describe('flow: the strict NL GOV profile mode', () => {
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  let appKey: Awaited<ReturnType<typeof generateKeyPair>>;
  let discovery: Record<string, unknown>;
  let discoveryHeaders: Headers;

  /** openid-client as an app authenticating with private_key_jwt. */
  const pkjwtApp = (clientId: string, key: client.CryptoKey) =>
    client.discovery(new URL(server.url), clientId, { token_endpoint_auth_signing_alg: 'ES256' }, client.PrivateKeyJwt({ key, kid: `${clientId}-sig` }), {
      execute: [client.allowInsecureRequests],
    });

  before(async () => {
    server = await startServer({ NLGOV_PROFILE: 'strict' });
    // Operator tooling in strict mode authenticates with private_key_jwt too.
    const opsKey = await generateKeyPair('ES256', { extractable: true });
    await createClientRepository(server.app.db).save({
      clientId: 'ops-pkjwt',
      metadata: {
        client_id: 'ops-pkjwt', client_name: 'Ops', token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
        scope: 'namens:admin', jwks: { keys: [{ ...(await exportJWK(opsKey.publicKey)), kid: 'ops-pkjwt-sig', use: 'sig', alg: 'ES256' }] },
      },
      firstParty: false,
      development: false,
      serviceProviderIds: [],
    });
    const ops = await pkjwtApp('ops-pkjwt', opsKey.privateKey);
    api = adminApi(server.url, (await client.clientCredentialsGrant(ops, { scope: 'namens:admin' })).access_token);
    appKey = await generateKeyPair('ES256', { extractable: true });
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    discoveryHeaders = response.headers;
    discovery = (await response.json()) as Record<string, unknown>;
  });
  after(async () => server.close());

  it('publishes only the profile\'s client authentication and grant type, with userinfo signing, subject identifier types and caching', async () => {
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['private_key_jwt', 'tls_client_auth']);
    assert.deepEqual(discovery.grant_types_supported, ['authorization_code']);
    assert.ok((discovery.userinfo_signing_alg_values_supported as string[]).includes('PS256'));
    assert.deepEqual(discovery.sub_id_types_supported, ['urn:nl-eid-gdi:1.0:id:legacy-BSN', 'urn:nl-eid-gdi:1.0:id:KvKnr', 'urn:nl-eid-gdi:1.0:id:RSIN', 'urn:nl-eid-gdi:1.0:id:Pseudonym']);
    assert.equal(discoveryHeaders.get('cache-control'), 'public, max-age=3600');
    const oauth = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    assert.equal(oauth.status, 200);
    assert.deepEqual(await oauth.json(), discovery, 'the same document at the RFC 8414 address');
  });

  it('refuses a client secret at the token endpoint: the seeded demo-gemeente does not exist for the provider', async () => {
    const response = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback&code_verifier=' + 'a'.repeat(43),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
    const page = await fetch(`${server.url}/auth?client_id=demo-gemeente&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback`, { redirect: 'manual' });
    assert.equal(page.status, 400);
    assert.equal(page.headers.get('location'), null, 'no redirect to an app namens does not accept');
  });

  it('registers only what the profile allows, saying which rule refused', async () => {
    const base = { client_name: 'Portaal', service_provider_ids: ['gemeente-enschede'], grant_types: ['authorization_code'] };
    const secret = await api('POST', '/clients', { ...base, client_id: 'strict-secret', redirect_uris: [APP_REDIRECT], token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(secret.status, 400);
    assert.match(JSON.stringify(secret.body), /\/token_endpoint_auth_method.*NL GOV profile allows only private_key_jwt and tls_client_auth/);
    const publicApp = await api('POST', '/clients', { ...base, client_id: 'strict-public', redirect_uris: [APP_REDIRECT], token_endpoint_auth_method: 'none' });
    assert.equal(publicApp.status, 400);
    const jwks = { keys: [{ ...(await exportJWK(appKey.publicKey)), kid: 'strict-app-sig', use: 'sig', alg: 'ES256' }] };
    const localhost = await api('POST', '/clients', { ...base, client_id: 'strict-http', redirect_uris: ['http://localhost:8080/callback'], token_endpoint_auth_method: 'private_key_jwt', jwks });
    assert.equal(localhost.status, 400);
    assert.match(JSON.stringify(localhost.body), /\/redirect_uris\/0.*needs https/);
    const created = await api('POST', '/clients', { ...base, client_id: 'strict-app', redirect_uris: [APP_REDIRECT], token_endpoint_auth_method: 'private_key_jwt', jwks });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  it('logs in through a private_key_jwt app, with nbf, jti and a short-lived ID token', async () => {
    const rp = await pkjwtApp('strict-app', appKey.privateKey);
    const request = await authorizationRequest(rp, { redirect_uri: APP_REDIRECT });
    const flow = await loginFlow(server.url, { clientId: 'strict-app', rp, request, params: { redirect_uri: APP_REDIRECT }, username: 'lars' });
    const tokens = await exchangeCode(flow);
    const idToken = decodeJwt(tokens.id_token!);
    assert.equal(typeof idToken.nbf, 'number');
    assert.ok(idToken.nbf! <= idToken.iat!, 'valid from the moment it was issued');
    assert.ok(idToken.exp! - idToken.iat! <= 300, 'at most five minutes');
    assert.equal(typeof idToken.jti, 'string');
  });

  it('keeps namens\' own /mijn working: it is no app of a service provider', async () => {
    const { page } = await logInToMijn(server.url, 'jan');
    assert.equal(page.status, 200);
    assert.equal(new URL(page.url).pathname, '/mijn');
    assert.match(page.html, /Jan Jansen/);
  });

  it('as `npm run conformance` with its defaults (the seeded demo-gemeente-mtls): every check passes and it exits 0', async () => {
    const run = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/conformance/main.ts', server.url], { cwd: new URL('../..', import.meta.url).pathname });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stdout += chunk));
      child.once('exit', (status) => resolve({ status, stdout }));
    });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^PASS {2}only private_key_jwt and tls_client_auth /m);
    assert.match(run.stdout, /\d+ passed, 0 failed, \d+ not checked/);
  });

  it('passes every check of npm run conformance, the strict-mode ones included', async () => {
    const results = await checkProfile({ issuer: server.url, clientId: 'strict-app', redirectUri: APP_REDIRECT, strict: true });
    assert.deepEqual(results.filter((result) => !result.pass), []);
  });
});
