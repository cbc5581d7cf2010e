// The decision API (AuthZEN NL GOV) as back offices meet it: its authentication, its limits to the caller's own
// services, single and batch evaluations, both searches, the PDP metadata, and clear 4xx JSON for bad input.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { backOfficeToken, BSN, decisionApi, KVK, person } from './back_office.ts';

const uuidOf = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const BIJZONDERE_BIJSTAND = uuidOf('bijzondere-bijstand');
const MEDISCH_DOSSIER = uuidOf('medisch-dossier-kind');
const JAN = '999993653';
const ANNA = '999990019';
const PIET = '999990020';
const UNKNOWN_BSN = '111222333';
const JAN_FOR_ANNA = 'a0000000-0000-4000-8000-000000000001';
const janForAnna = { subject: person(JAN), resource: person(ANNA), action: { name: BIJZONDERE_BIJSTAND } };

describe('decision API (AuthZEN)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof decisionApi>;
  before(async () => {
    server = await startServer();
    ask = decisionApi(server.url, await backOfficeToken(server.url));
  });
  after(async () => server.close());

  describe('PDP metadata', () => {
    it('is served at /.well-known/authzen-configuration with namens as the PDP and the endpoints it implements', async () => {
      const response = await fetch(`${server.url}/.well-known/authzen-configuration`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(await response.json(), {
        policy_decision_point: server.url,
        access_evaluation_endpoint: `${server.url}/access/v1/evaluation`,
        access_evaluations_endpoint: `${server.url}/access/v1/evaluations`,
        search_subject_endpoint: `${server.url}/access/v1/search/subject`,
        search_resource_endpoint: `${server.url}/access/v1/search/resource`,
      });
    });
  });

  it('is in the OpenAPI document, with the schemas it validates with', async () => {
    const document = (await (await fetch(`${server.url}/admin/api/openapi.json`)).json()) as any;
    for (const [path, schema] of [['evaluation', 'AccessEvaluation'], ['evaluations', 'AccessEvaluations'], ['search/subject', 'SubjectSearch'], ['search/resource', 'ResourceSearch']]) {
      const operation = document.paths[`/access/v1/${path}`].post;
      assert.equal(operation.requestBody.content['application/json'].schema.$ref, `#/components/schemas/${schema}`);
      assert.deepEqual(operation.security, [{ decisionsClientCredentials: ['namens:decisions'] }]);
      assert.ok(document.components.schemas[schema!]);
    }
    assert.ok(document.paths['/admin/api/decisions'].get);
  });

  describe('authentication', () => {
    it('refuses a call without a token, with a token of the admin API, and with a made-up token (401 with WWW-Authenticate)', async () => {
      for (const token of [undefined, await backOfficeToken(server.url, 'demo-admin', { scope: 'namens:admin' }), 'made-up-token']) {
        const response = await decisionApi(server.url, token)('/evaluation', janForAnna);
        assert.equal(response.status, 401);
        assert.equal(response.body.error, 'invalid_token');
        assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="namens-decisions"/);
      }
    });

    it('refuses a decision API token without the namens:decisions scope (403)', async () => {
      // Operator tooling may get a token for the resource, but its client is not registered with the scope.
      const token = await backOfficeToken(server.url, 'demo-admin', { resource: `${server.url}/access/v1` });
      const response = await decisionApi(server.url, token)('/evaluation', janForAnna);
      assert.equal(response.status, 403);
      assert.equal(response.body.error, 'insufficient_scope');
    });

    it('accepts a back office authenticating with private_key_jwt, and gives a back office the decision API by default', async () => {
      const pkjwt = await decisionApi(server.url, await backOfficeToken(server.url, 'demo-gemeente-backoffice-pkjwt'))('/evaluation', janForAnna);
      assert.equal(pkjwt.status, 200);
      assert.equal(pkjwt.body.decision, true);
      const byDefault = await decisionApi(server.url, await backOfficeToken(server.url, 'demo-gemeente-backoffice', { scope: 'namens:decisions' }))('/evaluation', janForAnna);
      assert.equal(byDefault.status, 200);
    });
  });

  describe('access evaluation', () => {
    it('permits jan for Anna through the bewind mandate, with the mandate in the context, and echoes X-Request-ID', async () => {
      const response = await ask('/evaluation', janForAnna, { 'x-request-id': 'bfe9eb29-ab87-4ca3-be83-a1d5d8305716' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-request-id'), 'bfe9eb29-ab87-4ca3-be83-a1d5d8305716');
      assert.deepEqual(response.body.decision, true);
      assert.equal(response.body.context.rule, 'mandate_holds');
      assert.equal(response.body.context.mandate.mandate_id, JAN_FOR_ANNA);
      assert.equal(response.body.context.mandate.professional, true);
    });

    it('names the service by UUID, by urn:uuid: and by its URN id alike', async () => {
      for (const name of [`urn:uuid:${BIJZONDERE_BIJSTAND}`, 'urn:namens:service:bijzondere-bijstand']) {
        const response = await ask('/evaluation', { ...janForAnna, action: { name } });
        assert.equal(response.body.decision, true, name);
      }
    });

    it('denies, with the deciding rule: no mandate, an unknown person, a day after the mandate ends', async () => {
      const none = await ask('/evaluation', { ...janForAnna, resource: person('999990032') });
      assert.deepEqual([none.status, none.body.decision, none.body.context.rule], [200, false, 'no_mandate']);
      assert.equal(none.body.context.reason_user.en, 'there is no mandate');
      const unknown = await ask('/evaluation', { ...janForAnna, subject: person(UNKNOWN_BSN) });
      assert.deepEqual([unknown.status, unknown.body.decision, unknown.body.context.rule], [200, false, 'no_mandate'], 'an unknown BSN says no more than no mandate');
      const later = new Date();
      later.setUTCFullYear(later.getUTCFullYear() + 4);
      const ended = await ask('/evaluation', { ...janForAnna, context: { time: later.toISOString() } });
      assert.deepEqual([ended.body.decision, ended.body.context.rule], [false, 'mandate_ended']);
    });

    it('names the rule that refuses a mandate the registers hold: not yet valid, ended, revoked, for a minor only', async () => {
      const [KEES, HENK, TRUUS, MARIA, DAAN] = ['999990111', '999990135', '999990123', '999990056', '999990093'];
      const cases: Array<[string, string, string, string]> = [
        [KEES, HENK, 'bijstand', 'mandate_not_yet_valid'],
        [KEES, HENK, 'uitkeringsspecificatie', 'mandate_ended'],
        [KEES, TRUUS, 'schuldhulpverlening', 'mandate_revoked'],
        [MARIA, DAAN, 'bijstand', 'principal_not_qualified'],
      ];
      for (const [agent, principal, slug, rule] of cases) {
        const response = await ask('/evaluation', { subject: person(agent), resource: person(principal), action: { name: `urn:namens:service:${slug}` } });
        assert.deepEqual([response.status, response.body.decision, response.body.context.rule], [200, false, rule], `${agent} for ${principal} at ${slug}`);
      }
    });

    it('permits acting for oneself where the service allows it', async () => {
      const response = await ask('/evaluation', { ...janForAnna, resource: person(JAN) });
      assert.deepEqual([response.body.decision, response.body.context.rule, response.body.context.mandate.basis], [true, 'acting_for_self', 'self']);
    });

    it('refuses a question about another service provider’s service (403), whatever the registers hold', async () => {
      const response = await ask('/evaluation', { ...janForAnna, action: { name: MEDISCH_DOSSIER } });
      assert.equal(response.status, 403);
      assert.equal(response.body.error, 'access_denied');
      const ziekenhuis = decisionApi(server.url, await backOfficeToken(server.url, 'demo-ziekenhuis-backoffice'));
      assert.equal((await ziekenhuis('/evaluation', janForAnna)).status, 403, 'the hospital may not ask about the municipality’s services');
    });

    it('answers bad input with 400 JSON: not JSON, a missing action, an invalid BSN, an unknown service, a wrong type', async () => {
      const cases: Array<[unknown, RegExp]> = [
        ['{not json', /not valid JSON/],
        [{ subject: person(JAN), resource: person(ANNA) }, /action/],
        [{ ...janForAnna, subject: person('123456789') }, /no valid BSN/],
        [{ ...janForAnna, action: { name: 'urn:namens:service:bestaat-niet' } }, /no service of the catalog/],
        [{ ...janForAnna, subject: { type: 'user', id: JAN } }, /subject\/type/],
        [{ ...janForAnna, context: { time: 'yesterday' } }, /time/],
      ];
      for (const [body, message] of cases) {
        const response = await ask('/evaluation', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error, 'invalid_request');
        assert.match(response.body.error_description, message);
      }
      const wrongType = await fetch(`${server.url}/access/v1/evaluation`, { method: 'POST', headers: { authorization: `Bearer ${await backOfficeToken(server.url)}`, 'content-type': 'text/plain' }, body: 'x' });
      assert.equal(wrongType.status, 415);
      assert.equal(((await wrongType.json()) as { error: string }).error, 'unsupported_media_type');
    });
  });

  describe('access evaluations (batch)', () => {
    it('decides each item with the top level as default; an item about another provider’s service is a deny with its error', async () => {
      const response = await ask('/evaluations', {
        subject: person(JAN),
        action: { name: BIJZONDERE_BIJSTAND },
        evaluations: [{ resource: person(ANNA) }, { resource: person(PIET) }, { resource: person('999990032') }, { resource: person(ANNA), action: { name: MEDISCH_DOSSIER } }],
      });
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.evaluations.map((item: any) => [item.decision, item.context.rule ?? item.context.error.status]),
        [[true, 'mandate_holds'], [true, 'mandate_holds'], [false, 'no_mandate'], [false, 403]],
      );
    });

    it('stops at the first deny with deny_on_first_deny; refuses an item with nothing to ask about', async () => {
      const stopped = await ask('/evaluations', {
        subject: person(JAN),
        action: { name: BIJZONDERE_BIJSTAND },
        evaluations: [{ resource: person(ANNA) }, { resource: person('999990032') }, { resource: person(PIET) }],
        options: { evaluations_semantic: 'deny_on_first_deny' },
      });
      assert.deepEqual(stopped.body.evaluations.map((item: any) => item.decision), [true, false]);
      const incomplete = await ask('/evaluations', { subject: person(JAN), evaluations: [{ resource: person(ANNA) }] });
      assert.equal(incomplete.status, 400);
      assert.match(incomplete.body.error_description, /evaluations\/0 has no action/);
    });
  });

  describe('searches', () => {
    it('resource search: every party jan may act for at the service, with basis and validity, oneself first', async () => {
      const response = await ask('/search/resource', { subject: person(JAN), resource: { type: BSN }, action: { name: BIJZONDERE_BIJSTAND } });
      assert.equal(response.status, 200);
      const ids = response.body.results.map((result: any) => result.id);
      assert.equal(ids[0], JAN, 'oneself first');
      assert.ok(ids.includes(ANNA) && ids.includes(PIET), JSON.stringify(ids));
      const anna = response.body.results.find((result: any) => result.id === ANNA);
      assert.deepEqual([anna.type, anna.properties.name, anna.properties.basis, anna.properties.representation_type, anna.properties.mandate_id], [BSN, 'Anna de Vries', 'legal', 'bewind', JAN_FOR_ANNA]);
      assert.match(anna.properties.valid_from, /^\d{4}-\d{2}-\d{2}$/);
      const organisations = await ask('/search/resource', { subject: person(JAN), resource: { type: KVK }, action: { name: BIJZONDERE_BIJSTAND } });
      for (const result of organisations.body.results) assert.equal(result.type, KVK);
    });

    it('subject search: every person who may act for Anna at the service', async () => {
      const response = await ask('/search/subject', { subject: { type: BSN }, resource: person(ANNA), action: { name: BIJZONDERE_BIJSTAND } });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.results.map((result: any) => [result.type, result.id, result.properties.name, result.properties.mandate_id]), [[BSN, JAN, 'Jan Jansen', JAN_FOR_ANNA]]);
    });

    it('refuses a search about another provider’s service (403)', async () => {
      const response = await ask('/search/subject', { subject: { type: BSN }, resource: person(ANNA), action: { name: MEDISCH_DOSSIER } });
      assert.equal(response.status, 403);
    });
  });

  it('keeps one decision-log entry per call, a batch’s decisions together, by party id and never a BSN', async () => {
    const before = Number((await server.app.db('audit_log').max('seq as seq').first())?.seq ?? 0);
    await ask('/evaluations', { subject: person(JAN), action: { name: BIJZONDERE_BIJSTAND }, evaluations: [{ resource: person(ANNA) }, { resource: person(PIET) }] });
    const rows = await server.app.db('audit_log').where('seq', '>', before);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].event, 'decision.evaluated');
    assert.equal(rows[0].client_id, 'demo-gemeente-backoffice');
    const detail = JSON.parse(rows[0].detail);
    assert.equal(detail.request_type, 'access_evaluations');
    assert.match(detail.trace_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(detail.decisions.map((decision: any) => decision.rule), ['mandate_holds', 'mandate_holds']);
    assert.ok(![JAN, ANNA, PIET].some((bsn) => rows[0].detail.includes(bsn)), 'no BSN in the log entry');
    const parties = await server.app.db('decision_log_parties').where('audit_seq', rows[0].seq).pluck('party_id');
    assert.deepEqual([...parties].sort(), ['person-anna', 'person-jan', 'person-piet']);
  });
});
