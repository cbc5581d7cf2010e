// The registers through the admin API: add, end and list legal mandates, company representations and voluntary
// mandates; what an agent may choose follows at once.
import assert from 'node:assert/strict';
import { dutchDate } from '../../server/domain/dates.ts';
import { createMandateIndex } from '../../server/domain/mandate_index.ts';
import { createCatalogRepository } from '../../server/persistence/catalog_repository.ts';
import { createMandateRegisters } from '../../server/persistence/mandate_registers.ts';
import { createPersonRepository } from '../../server/persistence/party_repository.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { adminApi, adminToken, type ApiResponse } from './admin_client.ts';

const BIJZONDERE_BIJSTAND = '8cf8687b-0f5e-56ab-971d-bc04f8f4e39a';
const JAN = '999993653';
const ANNA = '999990019';
const LARS = '999990196';

describe('admin API: registers', () => {
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
  });
  after(async () => server.close());

  /** The principals an agent may choose at a service today (the selection screen's list). */
  async function choicesOf(bsn: string, serviceUuid = BIJZONDERE_BIJSTAND): Promise<string[]> {
    const agent = (await createPersonRepository(server.app.db).findByBsn(bsn))!;
    const service = (await createCatalogRepository(server.app.db).findService(serviceUuid))!;
    const options = await createMandateIndex(createMandateRegisters(server.app.db)).optionsFor(agent, service, dutchDate(new Date()));
    return options.flatMap((option) => (option.kind === 'mandate' ? [option.links.at(-1)!.principal.name] : []));
  }

  it('adds a legal mandate for a person namens does not know yet, and the representative can choose them at once', async () => {
    const created = await api('POST', '/legal-mandates', {
      representative_bsn: LARS,
      represented_bsn: '999990275',
      represented_name: 'Tinus Veld',
      type: 'bewind',
      professional: true,
      valid_from: '2025-01-01',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.representative, { bsn: LARS, name: 'Lars Visser' });
    assert.deepEqual(created.body.represented, { bsn: '999990275', name: 'Tinus Veld' });
    assert.equal(created.body.valid_until, null);
    assert.deepEqual(await choicesOf(LARS), ['Tinus Veld']);
    assert.equal((await api('GET', `/legal-mandates/${created.body.id}`)).body.type, 'bewind');
  });

  it('lists by agent and by principal', async () => {
    const byAgent = await api('GET', `/legal-mandates?agent=${JAN}`);
    assert.deepEqual(byAgent.body.mandates.map((m: { represented: { name: string } }) => m.represented.name).sort(), ['Anna de Vries', 'Piet Bakker']);
    const byPrincipal = await api('GET', `/voluntary-mandates?principal=999990123`);
    assert.equal(byPrincipal.body.mandates.length, 2);
    assert.equal((await api('GET', '/legal-mandates?agent=12')).status, 400);
  });

  it('ends a mandate: the representative can no longer choose the principal', async () => {
    assert.ok((await choicesOf(JAN)).includes('Anna de Vries'));
    const ended = await api('POST', '/legal-mandates/a0000000-0000-4000-8000-000000000001/end');
    assert.equal(ended.status, 200);
    assert.ok(ended.body.ended_at);
    assert.ok(ended.body.valid_until < dutchDate(new Date()));
    assert.deepEqual(await choicesOf(JAN), ['Piet Bakker']);
    assert.equal((await api('POST', '/legal-mandates/00000000-0000-4000-8000-000000000000/end')).status, 404);
  });

  it('refuses bad records with every violation by pointer (400)', async () => {
    const response = await api('POST', '/legal-mandates', { representative_bsn: '123456789', represented_bsn: ANNA, type: 'guardian', valid_from: 'soon' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.violations.map((v: { pointer: string }) => v.pointer).sort(), ['/professional', '/type', '/valid_from']);
    const check = await api('POST', '/legal-mandates', { representative_bsn: '123456789', represented_bsn: ANNA, type: 'bewind', professional: true, valid_from: '2025-01-01', valid_until: '2024-01-01' });
    assert.deepEqual(check.body.violations, [
      { pointer: '/valid_until', message: 'must not be before valid_from (a mandate of one day starts and ends on the same day)' },
      { pointer: '/representative_bsn', message: '123456789 is not a valid BSN (fails the eleven-test)' },
    ]);
    const both = await api('POST', '/legal-mandates', { representative_bsn: JAN, representative_kvk: '68750110', represented_bsn: ANNA, type: 'bewind', professional: true, valid_from: '2025-01-01' });
    assert.deepEqual(both.body.violations, [{ pointer: '', message: 'needs exactly one of representative_bsn, representative_kvk' }]);
    const minor = await api('POST', '/legal-mandates', { representative_bsn: LARS, represented_bsn: '999990287', type: 'voogdij', professional: false, valid_from: '2025-01-01' });
    assert.equal(minor.status, 400);
    assert.equal(minor.body.violations[0].pointer, '/represented_birth_date');
  });

  it('answers 409 for a duplicate UUID and for an identical mandate that overlaps in time', async () => {
    const duplicate = await api('POST', '/legal-mandates', { id: 'a0000000-0000-4000-8000-000000000002', representative_bsn: LARS, represented_bsn: ANNA, type: 'mentorschap', professional: false, valid_from: '2025-01-01' });
    assert.equal(duplicate.status, 409);
    const overlap = await api('POST', '/legal-mandates', { representative_bsn: JAN, represented_bsn: '999990020', type: 'bewind', professional: true, valid_from: '2030-01-01' });
    assert.equal(overlap.status, 409);
    assert.match(overlap.body.error_description, /overlaps/);
    const otherType = await api('POST', '/legal-mandates', { representative_bsn: JAN, represented_bsn: '999990020', type: 'mentorschap', professional: true, valid_from: '2030-01-01' });
    assert.equal(otherType.status, 201, 'another type is another mandate');
  });

  it('adds a company representation for some services of an organisation it creates', async () => {
    const created = await api('POST', '/company-mandates', { person_bsn: LARS, organisation_kvk: '90004567', organisation_name: 'Visser Fietsen', services: ['urn:namens:service:bijstand-zelfstandigen'], valid_from: '2025-01-01' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.organisation, { kvk: '90004567', name: 'Visser Fietsen' });
    assert.deepEqual(created.body.services, ['8483f2e9-a870-51f1-8266-8c7997af9024']);
    assert.ok((await choicesOf(LARS, '8483f2e9-a870-51f1-8266-8c7997af9024')).includes('Visser Fietsen'));
    const unknown = await api('POST', '/company-mandates', { person_bsn: LARS, organisation_kvk: '90004567', services: ['urn:namens:service:nope'], valid_from: '2025-01-01' });
    assert.deepEqual(unknown.body.violations, [{ pointer: '/services/0', message: 'unknown service "urn:namens:service:nope"' }]);
  });

  it('registers a voluntary mandate at a desk, recorded in the audit log, and revokes it', async () => {
    const today = dutchDate(new Date());
    const body = { principal_bsn: '999990135', agent_bsn: LARS, services: [BIJZONDERE_BIJSTAND], valid_from: today, valid_until: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, registered_by: 'balie Enschede, medewerker 0423' };
    const created = await api('POST', '/voluntary-mandates', body);
    assert.equal(created.status, 201);
    assert.equal(created.body.registered_by, 'balie Enschede, medewerker 0423');
    assert.ok((await choicesOf(LARS)).includes('Henk de Boer'));
    const audit = await server.app.db('audit_log').where({ mandate_id: created.body.id, event: 'register.voluntary_mandate.added' }).first();
    assert.equal(JSON.parse(audit.detail).registered_by, 'balie Enschede, medewerker 0423');
    assert.equal(audit.client_id, 'demo-admin');
    assert.equal((await api('POST', '/voluntary-mandates', body)).status, 409, 'the same mandate again overlaps');

    const tooLong = await api('POST', '/voluntary-mandates', { ...body, valid_until: '2099-01-01' });
    assert.deepEqual(tooLong.body.violations, [{ pointer: '/valid_until', message: 'a voluntary mandate lasts at most 5 years after valid_from' }]);

    const revoked = await api('POST', `/voluntary-mandates/${created.body.id}/end`, {});
    assert.equal(revoked.body.status, 'revoked');
    assert.ok(!(await choicesOf(LARS)).includes('Henk de Boer'));
  });
});
