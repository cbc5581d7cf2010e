// Client registration through the admin API: redirect URI rules, the secret shown once, changes applying at once.
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../support/server.ts';
import { completeFlow } from '../support/relying_party.ts';
import { adminApi, adminToken, type ApiResponse } from './admin_client.ts';

const APP = {
  client_id: 'gemeente-portaal',
  client_name: 'Gemeente Enschede portaal',
  service_provider_ids: ['gemeente-enschede'],
  redirect_uris: ['http://localhost:8080/callback', 'https://portaal.enschede.example/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_basic',
  may_receive_bsn: true,
};

describe('admin API: clients', () => {
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
  });
  after(async () => server.close());

  it('registers a client, shows its secret once, and the app logs a user in with it at once', async () => {
    const created = await api('POST', '/clients', APP);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.equal(created.body.client_id, 'gemeente-portaal');
    assert.equal(typeof created.body.client_secret, 'string');
    assert.ok(created.body.client_secret.length >= 32);
    assert.deepEqual(created.body.service_provider_ids, ['gemeente-enschede']);
    assert.equal(created.body.may_receive_bsn, true);

    const read = await api('GET', '/clients/gemeente-portaal');
    assert.equal(read.body.client_secret, undefined, 'the secret is never shown again');
    assert.ok(!JSON.stringify((await api('GET', '/clients')).body).includes(created.body.client_secret), 'nor in the list');

    const { idToken } = await completeFlow(server.url, { clientId: 'gemeente-portaal', secret: created.body.client_secret, username: 'lars' });
    assert.equal(idToken.aud, 'gemeente-portaal');
  });

  it('refuses redirect URIs that are relative, carry a fragment, or use http off localhost (400, by pointer)', async () => {
    const response = await api('POST', '/clients', {
      ...APP,
      client_id: 'bad-uris',
      redirect_uris: ['/callback', 'https://app.example/cb#frag', 'http://app.example/cb', 'https://app.example/ok', 'myapp://cb'],
    });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.violations, [
      { pointer: '/redirect_uris/0', message: 'must be an absolute URI' },
      { pointer: '/redirect_uris/1', message: 'must not contain a fragment' },
      { pointer: '/redirect_uris/2', message: 'must use https (http only for localhost)' },
      { pointer: '/redirect_uris/4', message: 'must use https, not myapp' },
    ]);
    assert.equal((await api('GET', '/clients/bad-uris')).status, 404, 'nothing was registered');
  });

  it('lists schema violations by pointer, and refuses unknown service providers', async () => {
    const schema = await api('POST', '/clients', { client_name: '', grant_types: ['implicit'], token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(schema.status, 400);
    assert.deepEqual(schema.body.violations.map((v: { pointer: string }) => v.pointer).sort(), ['/client_name', '/grant_types/0']);
    const provider = await api('POST', '/clients', { ...APP, client_id: 'x', service_provider_ids: ['nobody'] });
    assert.deepEqual(provider.body.violations, [{ pointer: '/service_provider_ids/0', message: 'no service provider nobody' }]);
  });

  it('answers 409 for a client id that exists and 404 for one that does not', async () => {
    assert.equal((await api('POST', '/clients', { ...APP, client_id: 'demo-gemeente' })).status, 409);
    assert.equal((await api('GET', '/clients/nobody')).status, 404);
    assert.equal((await api('PATCH', '/clients/nobody', { client_name: 'x' })).status, 404);
    assert.equal((await api('DELETE', '/clients/nobody')).status, 404);
  });

  it('applies an update to the next request: a removed redirect URI is refused at once', async () => {
    const created = await api('POST', '/clients', { ...APP, client_id: 'moving-app' });
    const secret = created.body.client_secret as string;
    await completeFlow(server.url, { clientId: 'moving-app', secret, username: 'lars' });
    const updated = await api('PATCH', '/clients/moving-app', { redirect_uris: ['https://portaal.enschede.example/callback'] });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.redirect_uris, ['https://portaal.enschede.example/callback']);
    await assert.rejects(completeFlow(server.url, { clientId: 'moving-app', secret, username: 'lars' }));
  });

  it('deletes a client: its next token request fails', async () => {
    const created = await api('POST', '/clients', { ...APP, client_id: 'short-lived' });
    assert.equal((await api('DELETE', '/clients/short-lived')).status, 204);
    const token = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`short-lived:${created.body.client_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x&redirect_uri=http://localhost:8080/callback',
    });
    assert.equal(token.status, 401);
  });

  it('registers operator tooling with client credentials and the admin scope', async () => {
    const created = await api('POST', '/clients', { client_id: 'ops-tool', client_name: 'Ops', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope: 'namens:admin' });
    assert.equal(created.status, 201);
    const opsApi = adminApi(server.url, await adminToken(server.url, 'ops-tool', created.body.client_secret));
    assert.equal((await opsApi('GET', '/services')).status, 200);
  });
});
