// GET /admin/api/decisions: the decision log for operators, filtered by subject, resource, client and time, paged
// newest first; a batch's entry shows only the decisions about the party filtered on.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { backOfficeToken, decisionApi, person } from '../authzen/back_office.ts';
import { adminApi, adminToken } from './admin_client.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
const [JAN, ANNA, PIET] = ['999993653', '999990019', '999990020'];

describe('admin API: the decision log', () => {
  let server: TestServer;
  let api: ReturnType<typeof adminApi>;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
    const ask = decisionApi(server.url, await backOfficeToken(server.url));
    await ask('/evaluation', { subject: person(JAN), resource: person(ANNA), action: { name: BIJZONDERE_BIJSTAND } });
    await ask('/evaluations', { subject: person(JAN), action: { name: BIJZONDERE_BIJSTAND }, evaluations: [{ resource: person(ANNA) }, { resource: person(PIET) }] });
    await ask('/evaluation', { subject: person(JAN), resource: person(PIET), action: { name: BIJZONDERE_BIJSTAND } });
  });
  after(async () => server.close());

  it('needs an admin token', async () => {
    assert.equal((await adminApi(server.url, undefined)('GET', '/decisions')).status, 401);
    assert.equal((await adminApi(server.url, await backOfficeToken(server.url))('GET', '/decisions')).status, 401, 'a back office token is not for the admin API');
  });

  it('filters by resource, showing of a batch only the decision about that party', async () => {
    const response = await api('GET', `/decisions?resource=${PIET}`);
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.decisions.map((row: any) => [row.request_type, row.decisions.map((decision: any) => decision.resource.id)]),
      [['access_evaluation', [PIET]], ['access_evaluations', [PIET]]],
    );
  });

  it('filters by subject and client, and pages newest first by `after`', async () => {
    const first = await api('GET', `/decisions?subject=${JAN}&client=demo-gemeente-backoffice&limit=2`);
    assert.equal(first.status, 200);
    assert.equal(first.body.decisions.length, 2);
    assert.ok(first.body.next);
    const second = await api('GET', `/decisions?subject=${JAN}&client=demo-gemeente-backoffice&limit=2&after=${first.body.next}`);
    assert.deepEqual(second.body.decisions.map((row: any) => row.request_type), ['access_evaluation']);
    assert.equal(second.body.next, null);
    assert.ok(first.body.decisions[0].seq > first.body.decisions[1].seq && first.body.decisions[1].seq > second.body.decisions[0].seq);
    assert.deepEqual((await api('GET', '/decisions?client=demo-ziekenhuis-backoffice')).body.decisions, []);
  });

  it('filters by time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual((await api('GET', `/decisions?from=${encodeURIComponent(future)}`)).body.decisions, []);
    assert.equal((await api('GET', `/decisions?to=${encodeURIComponent(future)}&subject=${JAN}`)).body.decisions.length, 3);
  });

  it('answers an unknown party with an empty list, and bad filters with 400', async () => {
    assert.deepEqual((await api('GET', '/decisions?resource=111222333')).body, { decisions: [], next: null });
    for (const query of ['subject=12', 'limit=0', 'limit=abc', 'after=-1', 'from=yesterday', 'resource=1234567890']) {
      const response = await api('GET', `/decisions?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.error, 'invalid_request');
    }
  });
});
