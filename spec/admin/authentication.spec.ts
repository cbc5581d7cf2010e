// Who may use the admin API: tokens that namens issued by client credentials for it, with the namens:admin scope.
import { hashClientSecret } from '../../server/domain/clients.ts';
import assert from 'node:assert/strict';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { adminApi, adminToken } from './admin_client.ts';

describe('admin API: authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('serves the seeded demo-admin client with a client-credentials token', async () => {
    const api = adminApi(server.url, await adminToken(server.url));
    const response = await api('GET', '/service-providers');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.service_providers.map((p: { id: string }) => p.id), ['bibliotheek-oost', 'gemeente-enschede', 'ziekenhuis-oost']);
  });

  it('answers 401 with WWW-Authenticate and a JSON error without a token or with an unknown one', async () => {
    const none = await adminApi(server.url, undefined)('GET', '/services');
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate')!, /^Bearer realm="namens-admin"/);
    assert.equal(none.body.error, 'invalid_token');
    const unknown = await adminApi(server.url, 'not-a-token-namens-issued')('GET', '/services');
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('www-authenticate')!, /error="invalid_token"/);
  });

  it('refuses the access token of an app from a user login (it is not for the admin API)', async () => {
    const { completeFlow } = await import('../support/relying_party.ts');
    const { tokens } = await completeFlow(server.url, { username: 'lars' });
    const response = await adminApi(server.url, tokens.access_token)('GET', '/services');
    assert.equal(response.status, 401);
  });

  it('answers 403 to a client-credentials token without the namens:admin scope', async () => {
    const clients = createClientRepository(server.app.db);
    await clients.save({
      clientId: 'reporting-tool',
      metadata: { client_id: 'reporting-tool', client_secret: hashClientSecret('reporting-tool-secret'), grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' },
      firstParty: false,
      development: false,
      serviceProviderIds: [],
    });
    const response = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('reporting-tool:reporting-tool-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const refused = await adminApi(server.url, token)('GET', '/clients');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'insufficient_scope');
  });

  it('stops honouring the tokens of an admin client once it is deleted', async () => {
    const clients = createClientRepository(server.app.db);
    const demo = (await clients.find('demo-admin'))!;
    await clients.save({ ...demo, clientId: 'second-admin', metadata: { ...demo.metadata, client_id: 'second-admin' } });
    const token = await adminToken(server.url, 'second-admin', 'demo-admin-secret');
    const api = adminApi(server.url, await adminToken(server.url));
    assert.equal((await adminApi(server.url, token)('GET', '/clients')).status, 200);
    assert.equal((await api('DELETE', '/clients/second-admin')).status, 204);
    assert.equal((await adminApi(server.url, token)('GET', '/clients')).status, 401);
  });

  it('publishes an OpenAPI 3.1 document of every route, with the validators’ schemas', async () => {
    const document = (await (await fetch(`${server.url}/admin/api/openapi.json`)).json()) as any;
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/admin/api/services/{uuid}'].patch.requestBody);
    assert.equal(document.paths['/admin/api/clients'].post.requestBody.content['application/json'].schema.$ref, '#/components/schemas/ClientCreate');
    const { SCHEMAS } = await import('../../server/validation/schemas.ts');
    assert.deepEqual(document.components.schemas.LegalMandateCreate, JSON.parse(JSON.stringify(SCHEMAS.LegalMandateCreate)));
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        // Only the decision API's public PDP metadata (GET /.well-known/authzen-configuration) takes no token.
        if (Array.isArray(operation.security) && operation.security.length === 0) {
          assert.equal(path, '/.well-known/authzen-configuration');
          continue;
        }
        assert.ok(operation.responses['401'] && operation.responses['403'], `${method} ${path} documents 401 and 403`);
      }
    }
  });
});
