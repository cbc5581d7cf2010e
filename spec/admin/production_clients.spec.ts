// Clients as production needs them (issue 16): every property namens supports registered and changed through the
// admin API and the command line alike, checked by oidc-provider's own client schema, changed by merge (what is not
// sent stays), and secrets kept only as hashes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { adminApi, adminToken, type ApiResponse } from './admin_client.ts';
import { client, exchangeCode, loginFlow, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

/** An app's key pairs: one to sign its private_key_jwt assertions, one namens encrypts its ID tokens to. */
async function appKeys(kid: string) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const encryption = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  const jwks = {
    keys: [
      { ...(await exportJWK(signing.publicKey)), kid: `${kid}-sig`, use: 'sig', alg: 'ES256' },
      { ...(await exportJWK(encryption.publicKey)), kid: `${kid}-enc`, use: 'enc', alg: 'RSA-OAEP-256' },
    ] as JWK[],
  };
  return { signing, encryption, jwks };
}

/** openid-client as a private_key_jwt app that decrypts its ID tokens and verifies signed userinfo. */
async function privateKeyJwtApp(issuer: string, clientId: string, keys: Awaited<ReturnType<typeof appKeys>>) {
  const rp = await client.discovery(
    new URL(issuer),
    clientId,
    { token_endpoint_auth_signing_alg: 'ES256', id_token_encrypted_response_alg: 'RSA-OAEP-256', userinfo_signed_response_alg: 'ES256' },
    client.PrivateKeyJwt({ key: keys.signing.privateKey, kid: `${clientId}-sig` }),
    { execute: [client.allowInsecureRequests] },
  );
  client.enableDecryptingResponses(rp, ['A256GCM'], { key: keys.encryption.privateKey, kid: `${clientId}-enc` });
  return rp;
}

describe('admin API and command line: clients for production', function () {
  // Each command line step starts a process that builds a Provider: generous on a loaded machine.
  this.timeout(120_000);
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  let dir: string;
  const namens = (...args: string[]) =>
    run(process.execPath, [join(import.meta.dirname, '../../bin/namens.mjs'), ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const storedMetadata = async (clientId: string) =>
    JSON.parse(((await server.app.db('clients').where({ client_id: clientId }).first()) as { metadata: string }).metadata) as Record<string, unknown>;
  const tokenByClientCredentials = (clientId: string, secret: string) =>
    fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'namens:admin' }).toString(),
    });

  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
    dir = await mkdtemp(join(tmpdir(), 'namens-clients-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers a private_key_jwt client with its keys, back-channel logout, encrypted ID tokens and signed userinfo, and the app logs in through it', async () => {
    const keys = await appKeys('portaal-pkjwt');
    const created = await api('POST', '/clients', {
      client_id: 'portaal-pkjwt',
      client_name: 'Portaal (private_key_jwt)',
      service_provider_ids: ['gemeente-enschede'],
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: keys.jwks,
      backchannel_logout_uri: 'http://localhost:8080/backchannel-logout',
      backchannel_logout_session_required: true,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
      userinfo_signed_response_alg: 'ES256',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.client_secret, undefined, 'private_key_jwt has no secret');
    const read = (await api('GET', '/clients/portaal-pkjwt')).body;
    assert.equal(read.backchannel_logout_uri, 'http://localhost:8080/backchannel-logout');
    assert.equal(read.id_token_encrypted_response_alg, 'RSA-OAEP-256');
    assert.equal(read.userinfo_signed_response_alg, 'ES256');
    assert.deepEqual(read.jwks, keys.jwks);

    const rp = await privateKeyJwtApp(server.url, 'portaal-pkjwt', keys);
    const flow = await loginFlow(server.url, { clientId: 'portaal-pkjwt', rp, username: 'lars' });
    const tokens = await exchangeCode(flow);
    assert.equal(tokens.claims()!.aud, 'portaal-pkjwt');
    const raw = await fetch(rp.serverMetadata().userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const body = await raw.text();
    assert.equal(raw.headers.get('content-type')?.split(';')[0], 'application/jwt', `userinfo comes signed: ${raw.status} ${body}`);
    assert.equal(decodeProtectedHeader(body).alg, 'ES256');
  });

  it('encrypts the ID token to the app\'s key: what the token endpoint returns is a JWE only that app can read', async () => {
    const keys = await appKeys('portaal-jwe');
    assert.equal((await api('POST', '/clients', {
      client_id: 'portaal-jwe', client_name: 'Portaal (JWE)', service_provider_ids: ['gemeente-enschede'], redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'], token_endpoint_auth_method: 'private_key_jwt', jwks: keys.jwks, id_token_encrypted_response_alg: 'RSA-OAEP-256',
    })).status, 201);
    const rp = await privateKeyJwtApp(server.url, 'portaal-jwe', keys);
    const flow = await loginFlow(server.url, { clientId: 'portaal-jwe', rp, username: 'lars' });
    let sent: string | undefined;
    rp[client.customFetch] = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (url.endsWith('/token')) sent = ((await response.clone().json()) as { id_token?: string }).id_token;
      return response;
    };
    const tokens = await client.authorizationCodeGrant(rp, new URL(flow.callback), { pkceCodeVerifier: flow.request.verifier, expectedNonce: flow.request.nonce, expectedState: flow.request.state });
    assert.equal(sent?.split('.').length, 5, 'a compact JWE has five parts');
    const header = decodeProtectedHeader(sent!);
    assert.equal(header.alg, 'RSA-OAEP-256');
    assert.equal(header.enc, 'A256GCM');
    assert.equal(tokens.claims()!.aud, 'portaal-jwe', 'and the app decrypts it');
  });

  it('changes only what a PATCH names: a renamed private_key_jwt client keeps its keys, PAR and back-channel logout; null removes one', async () => {
    const before = (await api('GET', '/clients/demo-gemeente-pkjwt')).body;
    const renamed = await api('PATCH', '/clients/demo-gemeente-pkjwt', { client_name: 'Gemeente Enschede, renamed' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual({ ...renamed.body, client_name: before.client_name }, before, 'nothing else changed');

    const keys = await appKeys('portaal-merge');
    await api('POST', '/clients', {
      client_id: 'portaal-merge', client_name: 'Portaal', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt', jwks: keys.jwks, backchannel_logout_uri: 'https://portaal.example/logout', service_provider_ids: ['gemeente-enschede'],
    });
    const changed = await api('PATCH', '/clients/portaal-merge', { client_name: 'Portaal 2' });
    assert.equal(changed.body.backchannel_logout_uri, 'https://portaal.example/logout', 'the back-channel logout URI survives a rename');
    assert.deepEqual(changed.body.service_provider_ids, ['gemeente-enschede']);
    const removed = await api('PATCH', '/clients/portaal-merge', { backchannel_logout_uri: null });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.backchannel_logout_uri, undefined);
    assert.equal((await storedMetadata('portaal-merge')).backchannel_logout_uri, undefined);
    const required = await api('PATCH', '/clients/portaal-merge', { client_name: null });
    assert.equal(required.status, 400, 'a required property cannot be removed');
  });

  it('offers client_secret_post as the schema says, and the token endpoint accepts it', async () => {
    const discovery = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as { token_endpoint_auth_methods_supported: string[] };
    assert.ok(discovery.token_endpoint_auth_methods_supported.includes('client_secret_post'));
    const created = await api('POST', '/clients', {
      client_id: 'portaal-post', client_name: 'Portaal (post)', service_provider_ids: ['gemeente-enschede'], redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_post',
    });
    assert.equal(created.status, 201);
    const rp = await client.discovery(new URL(server.url), 'portaal-post', {}, client.ClientSecretPost(created.body.client_secret), { execute: [client.allowInsecureRequests] });
    const tokens = await exchangeCode(await loginFlow(server.url, { clientId: 'portaal-post', rp, username: 'lars' }));
    assert.equal(tokens.claims()!.aud, 'portaal-post');
  });

  it('keeps only a hash of each secret: the database never holds one, and a rotated secret stops working at once', async () => {
    const created = await api('POST', '/clients', { client_id: 'ops-rotate', client_name: 'Ops', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope: 'namens:admin' });
    const secret = created.body.client_secret as string;
    const row = JSON.stringify(await server.app.db('clients').where({ client_id: 'ops-rotate' }).first());
    assert.ok(!row.includes(secret), 'the secret is not stored');
    assert.match(String((await storedMetadata('ops-rotate')).client_secret), /^sha256:[A-Za-z0-9_-]{43}$/);
    assert.ok(!JSON.stringify(await server.app.db('clients').select('metadata')).includes('demo-gemeente-secret'), 'nor are the seeded secrets');
    assert.equal((await tokenByClientCredentials('ops-rotate', secret)).status, 200);

    const rotated = await api('POST', '/clients/ops-rotate/secret');
    assert.equal(rotated.status, 200);
    assert.equal(rotated.headers.get('cache-control'), 'no-store');
    assert.notEqual(rotated.body.client_secret, secret);
    const old = await tokenByClientCredentials('ops-rotate', secret);
    assert.equal(old.status, 401);
    assert.equal(((await old.json()) as { error: string }).error, 'invalid_client');
    assert.equal((await tokenByClientCredentials('ops-rotate', rotated.body.client_secret)).status, 200);
    const hashAsSecret = await tokenByClientCredentials('ops-rotate', String((await storedMetadata('ops-rotate')).client_secret));
    assert.equal(hashAsSecret.status, 401, 'the stored hash is no secret');
    assert.equal((await api('POST', '/clients/demo-gemeente-pkjwt/secret')).status, 400, 'a private_key_jwt client has no secret to rotate');
  });

  it('gives a public client that becomes confidential a secret, shown once; one that becomes public again loses it', async () => {
    await api('POST', '/clients', { client_id: 'portaal-public', client_name: 'Portaal app', service_provider_ids: ['gemeente-enschede'], redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' });
    const confidential = await api('PATCH', '/clients/portaal-public', { token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(confidential.status, 200, JSON.stringify(confidential.body));
    assert.equal(typeof confidential.body.client_secret, 'string');
    assert.equal(confidential.headers.get('cache-control'), 'no-store');
    const tokens = await exchangeCode(await loginFlow(server.url, { clientId: 'portaal-public', secret: confidential.body.client_secret, username: 'lars' }));
    assert.equal(tokens.claims()!.aud, 'portaal-public');
    assert.equal((await api('GET', '/clients/portaal-public')).body.client_secret, undefined);
    await api('PATCH', '/clients/portaal-public', { token_endpoint_auth_method: 'none' });
    assert.equal((await storedMetadata('portaal-public')).client_secret, undefined);
  });

  it('refuses what namens or oidc-provider would not accept, by pointer, and stores nothing', async () => {
    const count = async () => Number(((await server.app.db('clients').count({ n: '*' }).first()) as { n: number | string }).n);
    const before = await count();
    const keys = await appKeys('bad');
    const base = { client_name: 'Bad', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'] };
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['private_key_jwt without keys', { ...base, token_endpoint_auth_method: 'private_key_jwt' }, /jwks/],
      ['a private key in jwks', { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...(await exportJWK(keys.signing.privateKey)), kid: 'x' }] } }, /jwks\/keys\/0\/d/],
      ['client_secret_jwt (not offered)', { ...base, token_endpoint_auth_method: 'client_secret_jwt' }, /token_endpoint_auth_method/],
      ['encryption without keys', { ...base, token_endpoint_auth_method: 'client_secret_basic', id_token_encrypted_response_alg: 'RSA-OAEP-256' }, /id_token_encrypted_response_alg/],
      ['tls_client_auth without a subject', { ...base, token_endpoint_auth_method: 'tls_client_auth' }, /tls_client_auth/],
      ['an EC key oidc-provider cannot read', { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', kid: 'broken', x: 'AAAA' }] } }, /JSON Web Key Set is invalid/],
      ['a back-channel logout URI over http off localhost', { ...base, token_endpoint_auth_method: 'none', backchannel_logout_uri: 'http://app.example/logout' }, /backchannel_logout_uri/],
    ];
    for (const [what, body, message] of cases) {
      const response = await api('POST', '/clients', body);
      assert.equal(response.status, 400, `${what}: ${JSON.stringify(response.body)}`);
      assert.match(JSON.stringify(response.body), message, `${what}: ${JSON.stringify(response.body)}`);
    }
    assert.equal(await count(), before);
  });

  it('on the command line: registers a private_key_jwt client with back-channel logout and encrypted ID tokens, shows it, changes it by merge, and the app logs in', async () => {
    const keys = await appKeys('cli-pkjwt');
    const jwksFile = join(dir, 'cli-pkjwt.jwks.json');
    await writeFile(jwksFile, JSON.stringify(keys.jwks));
    const added = await namens('clients', 'add', 'cli-pkjwt', '--name', 'Portaal (CLI)', '--redirect-uri', REDIRECT_URI, '--provider', 'gemeente-enschede',
      '--auth-method', 'private_key_jwt', '--jwks', jwksFile, '--backchannel-logout-uri', 'http://localhost:8080/backchannel-logout',
      '--id-token-encryption', 'RSA-OAEP-256', '--userinfo-signing', 'ES256', '--refresh-tokens');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /registered client cli-pkjwt/);
    assert.doesNotMatch(added.stdout, /secret/, 'no secret for private_key_jwt');

    const shown = JSON.parse((await namens('clients', 'show', 'cli-pkjwt')).stdout) as Record<string, unknown>;
    assert.equal(shown.token_endpoint_auth_method, 'private_key_jwt');
    assert.equal(shown.backchannel_logout_uri, 'http://localhost:8080/backchannel-logout');
    assert.equal(shown.id_token_encrypted_response_alg, 'RSA-OAEP-256');
    assert.equal(shown.id_token_encrypted_response_enc, 'A256GCM');
    assert.deepEqual(shown, (await api('GET', '/clients/cli-pkjwt')).body, 'the same view as the admin API');

    assert.equal((await namens('clients', 'update', 'cli-pkjwt', '--name', 'Portaal (CLI), renamed')).code, 0);
    const renamed = JSON.parse((await namens('clients', 'show', 'cli-pkjwt')).stdout) as Record<string, unknown>;
    assert.deepEqual({ ...renamed, client_name: shown.client_name }, shown, 'a rename changes nothing else');

    const rp = await privateKeyJwtApp(server.url, 'cli-pkjwt', keys);
    const tokens = await exchangeCode(await loginFlow(server.url, { clientId: 'cli-pkjwt', rp, username: 'lars' }));
    assert.equal(tokens.claims()!.aud, 'cli-pkjwt');

    const unset = await namens('clients', 'update', 'cli-pkjwt', '--unset', 'backchannel_logout_uri');
    assert.equal(unset.code, 0, unset.stderr);
    assert.equal(JSON.parse((await namens('clients', 'show', 'cli-pkjwt')).stdout).backchannel_logout_uri, undefined);
  });

  it('on the command line: refuses what the admin API refuses, in one line, and rotates a secret', async () => {
    const refused = await namens('clients', 'add', 'cli-bad', '--name', 'Bad', '--redirect-uri', REDIRECT_URI, '--auth-method', 'private_key_jwt');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^namens: \/jwks private_key_jwt needs the app's public keys/m);
    assert.equal((await api('GET', '/clients/cli-bad')).status, 404);
    const noSecret = await namens('clients', 'rotate-secret', 'demo-gemeente-pkjwt');
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /has no secret/);

    const ops = await namens('clients', 'add', 'cli-ops', '--name', 'Ops', '--admin');
    const first = /client secret \(shown once, store it now\): (\S+)/.exec(ops.stdout)![1]!;
    const rotated = await namens('clients', 'rotate-secret', 'cli-ops');
    const second = /: (\S+)$/m.exec(rotated.stdout)![1]!;
    assert.equal((await tokenByClientCredentials('cli-ops', first)).status, 401);
    assert.equal((await tokenByClientCredentials('cli-ops', second)).status, 200);
  });
});
