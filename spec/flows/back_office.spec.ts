// The "done when": a back office of Gemeente Enschede checks, through the decision API, what jan's login for
// Anna decided (permit), sees a deny once the mandate has ended, and searches Anna's representatives; the decision log
// (admin API, and Anna's "who checked my mandates" on /mijn) shows the login's decisions and all three API decisions,
// each with the rule that decided.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { verifyAuditChain } from '../../server/persistence/audit_chain.ts';
import { adminApi, adminToken } from '../admin/admin_client.ts';
import { logInToMijn } from '../support/mijn.ts';
import { completeFlow, exchangeCode, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { backOfficeToken, BSN, decisionApi, person } from '../authzen/back_office.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
const JAN = '999993653';
const ANNA = '999990019';
const JAN_FOR_ANNA = 'a0000000-0000-4000-8000-000000000001';

describe('flow: a back office asks the decision API about a login (AuthZEN)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('permit after jan’s login for Anna, deny once the mandate has ended, Anna’s representatives found; the decision log shows them all', async () => {
    const { idToken } = await completeFlow(server.url, {
      username: 'jan',
      params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` },
      choose: (options) => options.find((option) => option.label.startsWith('Anna'))!.value,
    });
    assert.equal((idToken.represents as { sub: string }).sub, ANNA);

    const ask = decisionApi(server.url, await backOfficeToken(server.url));
    const question = { subject: person(JAN), resource: person(ANNA), action: { name: BIJZONDERE_BIJSTAND } };
    const permit = await ask('/evaluation', question);
    assert.equal(permit.status, 200);
    assert.equal(permit.body.decision, true);
    assert.equal(permit.body.context.rule, 'mandate_holds');
    assert.deepEqual(
      { id: permit.body.context.mandate.mandate_id, basis: permit.body.context.mandate.basis, type: permit.body.context.mandate.representation_type },
      { id: JAN_FOR_ANNA, basis: 'legal', type: 'bewind' },
      'the very mandate the login chose',
    );

    const admin = adminApi(server.url, await adminToken(server.url));
    assert.equal((await admin('POST', `/legal-mandates/${JAN_FOR_ANNA}/end`)).status, 200);

    const deny = await ask('/evaluation', question);
    assert.equal(deny.status, 200);
    assert.equal(deny.body.decision, false);
    assert.equal(deny.body.context.rule, 'mandate_ended');
    assert.equal(deny.body.context.reason_user.nl, 'de machtiging is beëindigd');

    const search = await ask('/search/subject', { subject: { type: BSN }, resource: person(ANNA), action: { name: BIJZONDERE_BIJSTAND } });
    assert.equal(search.status, 200);
    assert.ok(!search.body.results.some((result: { id: string }) => result.id === JAN), 'jan no longer represents Anna');
    for (const result of search.body.results) assert.equal(result.type, BSN);

    // The operator's view: newest first, the search, the deny, the permit, then the login's own decisions.
    const log = await admin('GET', `/decisions?resource=${ANNA}`);
    assert.equal(log.status, 200);
    const decisions = log.body.decisions.flatMap((row: any) => row.decisions.map((decision: any) => ({ ...decision, request_type: row.request_type, client_id: row.client_id })));
    const api = decisions.filter((decision: any) => decision.point === 'decision_api');
    assert.deepEqual(
      api.filter((decision: any) => decision.request_type === 'access_evaluation').map((decision: any) => [decision.decision, decision.rule]),
      [[false, 'mandate_ended'], [true, 'mandate_holds']],
      'the deny, then (older) the permit',
    );
    assert.equal(api[0].request_type, 'subject_search', 'the search is the newest');
    const searched = api.filter((decision: any) => decision.request_type === 'subject_search');
    assert.deepEqual(
      searched.map((decision: any) => [decision.decision, decision.rule, decision.resource.id]),
      search.body.results.length ? search.body.results.map(() => [true, 'mandate_holds', ANNA]) : [[false, 'no_mandate', ANNA]],
    );
    for (const decision of api) assert.equal(decision.client_id, 'demo-gemeente-backoffice');
    const evaluated = api.filter((decision: any) => decision.request_type === 'access_evaluation');
    for (const decision of evaluated) {
      assert.deepEqual(decision.subject, { type: 'BSN', id: JAN, name: 'Jan Jansen' });
      assert.deepEqual(decision.resource, { type: 'BSN', id: ANNA, name: 'Anna de Vries' });
      assert.equal(decision.service.uuid, BIJZONDERE_BIJSTAND);
    }
    const login = decisions.filter((decision: any) => decision.point !== 'decision_api');
    assert.deepEqual(login.map((decision: any) => [decision.point, decision.decision, decision.rule, decision.client_id]), [
      ['selection_screen', true, 'mandate_holds', 'demo-gemeente'],
      ['token', true, 'mandate_holds', 'demo-gemeente'],
    ]);

    // Anna's own view: "who checked my mandates".
    const anna = (await logInToMijn(server.url, 'anna')).person;
    const overview = await anna.open('/mijn');
    assert.match(overview.html, /href="\/mijn\/gecontroleerd"/);
    const checks = await anna.open('/mijn/gecontroleerd');
    assert.equal(checks.status, 200);
    const rows = [...checks.html.matchAll(/<tr data-point="([a-z_]+)" data-rule="([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((match) => ({ point: match[1], rule: match[2], text: match[3]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') }));
    assert.ok(rows.some((row) => row.point === 'decision_api' && row.rule === 'mandate_ended' && row.text.includes('Gemeente Enschede, back office (demo)') && row.text.includes('Jan Jansen') && row.text.includes('de machtiging is beëindigd')), JSON.stringify(rows));
    assert.ok(rows.some((row) => row.point === 'decision_api' && row.rule === 'mandate_holds' && row.text.includes('Toegestaan')));
    assert.ok(rows.some((row) => row.point === 'selection_screen'));
    assert.ok(rows.some((row) => row.point === 'token'));

    // The decisions are in the hash chain like every other entry.
    assert.equal((await verifyAuditChain(server.app.db)).breaks, null);
  });
});

describe('flow: the token endpoint refuses a choice that no longer holds, and the decision log says why', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('jan chose Anna; the mandate ends before the app redeems the code: invalid_grant, and a token deny with mandate_ended in the log and on Anna’s /mijn', async () => {
    const flow = await loginFlow(server.url, {
      username: 'jan',
      params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` },
      choose: (options) => options.find((option) => option.label.startsWith('Anna'))!.value,
    });
    const admin = adminApi(server.url, await adminToken(server.url));
    assert.equal((await admin('POST', `/legal-mandates/${JAN_FOR_ANNA}/end`)).status, 200);
    await assert.rejects(exchangeCode(flow), (error: { error?: string }) => error.error === 'invalid_grant');

    const log = await admin('GET', `/decisions?resource=${ANNA}`);
    assert.equal(log.status, 200);
    const decisions = log.body.decisions.flatMap((row: any) => row.decisions.map((decision: any) => ({ ...decision, client_id: row.client_id })));
    const refused = decisions.filter((decision: any) => decision.point === 'token' && decision.decision === false);
    assert.deepEqual(
      refused.map((decision: any) => [decision.rule, decision.subject?.id, decision.resource?.id, decision.service?.uuid, decision.mandate_id, decision.client_id]),
      [['mandate_ended', JAN, ANNA, BIJZONDERE_BIJSTAND, JAN_FOR_ANNA, 'demo-gemeente']],
    );

    const anna = (await logInToMijn(server.url, 'anna')).person;
    const checks = await anna.open('/mijn/gecontroleerd');
    assert.match(checks.html, /<tr data-point="token" data-rule="mandate_ended">/);
    assert.equal((await verifyAuditChain(server.app.db)).breaks, null);
  });
});
