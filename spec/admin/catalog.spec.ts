// Catalog management through the admin API: service providers, services and service sets.
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, discover } from '../support/relying_party.ts';
import { Browser } from '../support/browser.ts';
import { adminApi, adminToken, type ApiResponse } from './admin_client.ts';

const SERVICE = {
  id: 'urn:namens:service:parkeervergunning',
  service_provider_id: 'gemeente-enschede',
  name: { nl: 'Parkeervergunning aanvragen', en: 'Apply for a parking permit' },
  description: { nl: 'Een parkeervergunning voor bewoners.', en: 'A residents’ parking permit.' },
  domains: ['personal'],
  loa: 'http://eidas.europa.eu/LoA/substantial',
  bases: ['voluntary', 'legal'],
  self_allowed: true,
};

describe('admin API: catalog', () => {
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
  });
  after(async () => server.close());

  it('creates, reads, updates and withdraws a service provider', async () => {
    const created = await api('POST', '/service-providers', { id: 'gemeente-hengelo', name: 'Gemeente Hengelo', oin: '00000001002220647000' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { id: 'gemeente-hengelo', name: 'Gemeente Hengelo', oin: '00000001002220647000', may_receive_bsn: false, withdrawn_at: null });
    assert.equal((await api('PATCH', '/service-providers/gemeente-hengelo', { may_receive_bsn: true })).body.may_receive_bsn, true);
    assert.equal((await api('GET', '/service-providers/gemeente-hengelo')).body.name, 'Gemeente Hengelo');
    const withdrawn = await api('POST', '/service-providers/gemeente-hengelo/withdraw');
    assert.equal(withdrawn.status, 200);
    assert.ok(withdrawn.body.withdrawn_at);
  });

  it('lists every violation of a bad body by JSON pointer (400)', async () => {
    const response = await api('POST', '/service-providers', { id: 'Bad Id', oin: '123', colour: 'blue' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.violations.map((v: { pointer: string }) => v.pointer).sort(), ['/colour', '/id', '/name', '/oin']);
    const service = await api('POST', '/services', { ...SERVICE, loa: 'high', name: { nl: 'x' } });
    assert.equal(service.status, 400);
    assert.deepEqual(service.body.violations.map((v: { pointer: string }) => v.pointer).sort(), ['/loa', '/name/en']);
  });

  it('answers 404 for unknown ids and 409 for a duplicate id or OIN', async () => {
    assert.equal((await api('GET', '/service-providers/nobody')).status, 404);
    assert.equal((await api('PATCH', '/services/00000000-0000-4000-8000-000000000000', { self_allowed: false })).status, 404);
    assert.equal((await api('POST', '/service-sets/00000000-0000-4000-8000-000000000000/withdraw')).status, 404);
    const duplicate = await api('POST', '/service-providers', { id: 'gemeente-enschede', name: 'Enschede', oin: '00000001001234567999' });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error, 'conflict');
    const sameOin = await api('POST', '/service-providers', { id: 'another', name: 'Another', oin: '00000001001234567000' });
    assert.equal(sameOin.status, 409);
  });

  it('creates a service that an app can request at once, and withdraws it so it can no longer be requested', async () => {
    const created = await api('POST', '/services', SERVICE);
    assert.equal(created.status, 201);
    const { uuid } = created.body;
    assert.match(uuid, /^[0-9a-f-]{36}$/);
    assert.equal((await api('POST', '/services', { ...SERVICE, uuid })).status, 409, 'a duplicate UUID conflicts');

    const listed = (await (await fetch(`${server.url}/catalog/services`)).json()) as { services: Array<{ uuid: string }> };
    assert.ok(listed.services.some((service) => service.uuid === uuid), 'the public catalog lists it');
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid}` });
    const page = await new Browser().open(request.url, 'http://localhost:8080/callback');
    assert.equal(page.status, 200, 'the request is accepted: the login page shows');

    assert.equal((await api('PATCH', `/services/${uuid}`, { name: { nl: 'Parkeren', en: 'Parking' } })).body.name.nl, 'Parkeren');
    const withdrawn = await api('POST', `/services/${uuid}/withdraw`);
    assert.ok(withdrawn.body.withdrawn_at);
    assert.ok((await api('GET', `/services/${uuid}`)).body.withdrawn_at, 'it stays readable in history');
    const again = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid}` });
    const refused = await new Browser().open(again.url, 'http://localhost:8080/callback');
    assert.match(refused.location!, /error=invalid_scope/);
    assert.match(new URL(refused.location!).searchParams.get('error_description')!, /has been withdrawn/);
  });

  it('refuses a service of an unknown provider with a pointer to the field', async () => {
    const response = await api('POST', '/services', { ...SERVICE, id: 'urn:namens:service:elders', service_provider_id: 'nobody' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.violations, [{ pointer: '/service_provider_id', message: 'no service provider nobody' }]);
  });

  it('creates, updates and withdraws a service set of catalog services', async () => {
    const created = await api('POST', '/service-sets', {
      id: 'urn:namens:service-set:inkomen',
      name: { nl: 'Inkomen', en: 'Income' },
      services: ['urn:namens:service:bijstand', '8cf8687b-0f5e-56ab-971d-bc04f8f4e39a'],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.services, ['0dbaf63c-11f5-5916-bdbe-5c0acd2cdee5', '8cf8687b-0f5e-56ab-971d-bc04f8f4e39a']);
    const updated = await api('PATCH', `/service-sets/${created.body.uuid}`, { services: ['urn:namens:service:bijstand'] });
    assert.deepEqual(updated.body.services, ['0dbaf63c-11f5-5916-bdbe-5c0acd2cdee5']);
    const unknown = await api('POST', '/service-sets', { id: 'urn:namens:service-set:x', name: { nl: 'x', en: 'x' }, services: ['urn:namens:service:nope'] });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.violations[0].pointer, '/services/0');
    assert.equal((await api('POST', '/service-sets', { id: 'urn:namens:service-set:inkomen', name: { nl: 'x', en: 'x' }, services: ['urn:namens:service:bijstand'] })).status, 409);
    assert.ok((await api('POST', `/service-sets/${created.body.uuid}/withdraw`)).body.withdrawn_at);
  });
});
