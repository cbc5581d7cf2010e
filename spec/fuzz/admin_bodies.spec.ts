// Property: every admin API body (clients, catalog, registers) of any shape, type, size or encoding is answered
// without a 5xx or a stack trace; a refused one changes nothing; an accepted one is whole (what it made or changed
// reads back through the API).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestServer } from '../support/server.ts';
import { adminToken } from '../admin/admin_client.ts';
import { assertAnswered, validBsn, changed, contentType, fuzz, jsonText, mutated, send, snapshot, startFuzzServer } from './fuzz.ts';

const SERVICE = {
  id: 'urn:namens:service:fuzz-dienst',
  service_provider_id: 'gemeente-enschede',
  name: { nl: 'Fuzzdienst', en: 'Fuzz service' },
  description: { nl: 'Een dienst.', en: 'A service.' },
  domains: ['personal'],
  loa: 'http://eidas.europa.eu/LoA/substantial',
  bases: ['voluntary'],
  self_allowed: true,
};
const CLIENT = {
  client_id: 'fuzz-app',
  client_name: 'Fuzz app',
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'client_secret_basic',
  redirect_uris: ['https://fuzz.example/callback'],
  service_provider_ids: ['gemeente-enschede'],
};

interface Fresh {
  slug: string;
  bsn: string;
  other: string;
  digits: string;
}
const fresh: fc.Arbitrary<Fresh> = fc.record({ slug: fc.stringMatching(/^[a-z0-9]{8}$/), bsn: validBsn, other: validBsn, digits: fc.stringMatching(/^[0-9]{10}$/) });

interface Target {
  name: string;
  method: string;
  path: () => string;
  /** A valid body, made fresh from a random slug and two valid BSNs (so that not every valid body is a duplicate). */
  valid: (fresh: Fresh) => Record<string, unknown>;
  /** Where the created or changed thing reads back, from the answer. */
  readBack: (body: Record<string, unknown>) => string;
}

describe('fuzz: admin API bodies', function () {
  this.timeout(300_000);
  let server: TestServer;
  let token: string;
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, body?: string, type = 'application/json') =>
    send(`${server.url}/admin/api${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) }, body });

  before(async () => {
    server = await startFuzzServer();
    token = await adminToken(server.url);
    const made = await api('POST', '/clients', JSON.stringify({ ...CLIENT, client_id: 'fuzz-patched' }));
    assert.equal(made.status, 201, made.text);
    ids.client = 'fuzz-patched';
    const set = await api('POST', '/service-sets', JSON.stringify({ id: 'urn:namens:service-set:fuzz-patched', name: { nl: 'Fuzz', en: 'Fuzz' }, services: ['urn:namens:service:bijstand'] }));
    assert.equal(set.status, 201, set.text);
    ids.serviceSet = (JSON.parse(set.text) as { uuid: string }).uuid;
    ids.service = (JSON.parse((await api('GET', '/services')).text) as { services: Array<{ uuid: string }> }).services[0]!.uuid;
    const mandates = {
      legal: { representative_bsn: '999990196', represented_bsn: '999990299', type: 'bewind', professional: true, valid_from: '2025-01-01' },
      company: { person_bsn: '999990196', organisation_kvk: '68750110', valid_from: '2025-01-01' },
      voluntary: { principal_bsn: '999990299', agent_bsn: '999990196', services: ['urn:namens:service:bijstand'], valid_from: '2025-01-01', valid_until: '2026-12-31' },
    };
    for (const [register, body] of Object.entries(mandates)) {
      const added = await api('POST', `/${register}-mandates`, JSON.stringify(body));
      assert.equal(added.status, 201, added.text);
      ids[register] = (JSON.parse(added.text) as { id: string }).id;
    }
  });
  after(async () => server?.close());

  // Found by the property below on PostgreSQL (shrunk): a NUL character in a text field got 500 there (PostgreSQL
  // cannot store U+0000 in text) and was stored on SQLite.
  it('a NUL character in any string of a body is refused with 400 naming the field', async () => {
    const provider = await api('POST', '/service-providers', JSON.stringify({ id: 'fuzz-nul', name: 'a\u0000b', oin: '00000001002220647123' }));
    assert.equal(provider.status, 400, provider.text);
    assert.deepEqual((JSON.parse(provider.text) as { violations: Array<{ pointer: string }> }).violations.map((v) => v.pointer), ['/name']);
    const mandate = await api('POST', '/legal-mandates', JSON.stringify({ representative_bsn: '999990196', represented_bsn: '999990299', represented_name: 'Joop\u0000', type: 'bewind', professional: true, valid_from: '2025-01-01' }));
    assert.equal(mandate.status, 400, mandate.text);
    assert.deepEqual((JSON.parse(mandate.text) as { violations: Array<{ pointer: string }> }).violations.map((v) => v.pointer), ['/represented_name']);
    assert.equal((await api('GET', '/service-providers/fuzz-nul')).status, 404);
  });

  const same = (path: string) => () => path;
  const targets: Target[] = [
    { name: 'service provider create', method: 'POST', path: same('/service-providers'), valid: (f) => ({ id: `fuzz-${f.slug}`, name: 'Fuzz', oin: `0000000100${f.digits}` }), readBack: (b) => `/service-providers/${b.id}` },
    { name: 'service provider update', method: 'PATCH', path: same('/service-providers/gemeente-enschede'), valid: () => ({ may_receive_bsn: true, name: 'Gemeente Enschede' }), readBack: () => '/service-providers/gemeente-enschede' },
    { name: 'service create', method: 'POST', path: same('/services'), valid: (f) => ({ ...SERVICE, id: `urn:namens:service:fuzz-${f.slug}` }), readBack: (b) => `/services/${b.uuid}` },
    { name: 'service update', method: 'PATCH', path: () => `/services/${ids.service}`, valid: () => ({ self_allowed: true, domains: ['personal'] }), readBack: () => `/services/${ids.service}` },
    { name: 'service set create', method: 'POST', path: same('/service-sets'), valid: (f) => ({ id: `urn:namens:service-set:fuzz-${f.slug}`, name: { nl: 'Fuzz', en: 'Fuzz' }, services: ['urn:namens:service:bijstand'] }), readBack: (b) => `/service-sets/${b.uuid}` },
    { name: 'service set update', method: 'PATCH', path: () => `/service-sets/${ids.serviceSet}`, valid: () => ({ services: ['urn:namens:service:bijstand'] }), readBack: () => `/service-sets/${ids.serviceSet}` },
    { name: 'client create', method: 'POST', path: same('/clients'), valid: (f) => ({ ...CLIENT, client_id: `fuzz-${f.slug}` }), readBack: (b) => `/clients/${encodeURIComponent(String(b.client_id))}` },
    { name: 'client update', method: 'PATCH', path: () => `/clients/${ids.client}`, valid: () => ({ client_name: 'Fuzz app, renamed', redirect_uris: ['https://fuzz.example/back'] }), readBack: () => `/clients/${ids.client}` },
    {
      name: 'legal mandate add',
      method: 'POST',
      path: same('/legal-mandates'),
      valid: (f) => ({ representative_bsn: f.bsn, represented_bsn: f.other, type: 'bewind', professional: true, valid_from: '2025-01-01' }),
      readBack: (b) => `/legal-mandates/${b.id}`,
    },
    { name: 'company mandate add', method: 'POST', path: same('/company-mandates'), valid: (f) => ({ person_bsn: f.bsn, organisation_kvk: '68750110', valid_from: '2025-01-01' }), readBack: (b) => `/company-mandates/${b.id}` },
    {
      name: 'voluntary mandate add',
      method: 'POST',
      path: same('/voluntary-mandates'),
      valid: (f) => ({ principal_bsn: f.bsn, agent_bsn: f.other, services: ['urn:namens:service:bijstand'], valid_from: '2025-01-01', valid_until: '2026-12-31' }),
      readBack: (b) => `/voluntary-mandates/${b.id}`,
    },
    ...(['legal', 'company', 'voluntary'] as const).map(
      (register): Target => ({
        name: `${register} mandate end`,
        method: 'POST',
        path: () => `/${register}-mandates/${ids[register]}/end`,
        valid: () => ({ ended_on: '2030-01-01' }),
        readBack: () => `/${register}-mandates/${ids[register]}`,
      }),
    ),
  ];

  for (const target of targets) {
    it(`${target.name}: no 5xx, a refusal changes nothing, an acceptance reads back`, async () => {
      const input = fc.record({ body: jsonText(fresh.chain((f) => mutated(target.valid(f)))), type: contentType('application/json') });
      await fuzz(`admin ${target.name} bodies`, input, async ({ body, type }) => {
        const before = await snapshot(server);
        const answer = await api(target.method, target.path(), body, type);
        assertAnswered(answer, `${target.method} ${target.path()} ${type} ${body.slice(0, 300)}`);
        if (answer.status >= 300) {
          assert.deepEqual(changed(before, await snapshot(server)), [], `a refused ${target.name} (${answer.status}) changed the database: ${answer.text.slice(0, 300)}`);
          return 'refused';
        }
        const made = JSON.parse(answer.text) as Record<string, unknown>;
        const read = await api('GET', target.readBack(made));
        assert.equal(read.status, 200, `an accepted ${target.name} does not read back: ${read.status} ${read.text.slice(0, 300)}`);
        const stored = JSON.parse(read.text) as Record<string, unknown>;
        for (const key of ['client_name', 'name', 'id', 'valid_from']) {
          if (key in made) assert.deepEqual(stored[key], made[key], `${target.name}: ${key} as answered is not what reads back`);
        }
        return 'accepted';
      });
    });
  }
});
