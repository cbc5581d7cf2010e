// Tokens issued for a mandate that is ended afterwards (by an operator through the admin API, or by the principal on
// /mijn): every surface where namens sees such a token again refuses it: introspection (by the app and by a resource
// server), the refresh grant and userinfo. A token for oneself is not affected.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { adminApi, adminToken } from '../admin/admin_client.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { byLabel, client, completeFlow, discover, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const BIJZONDERE_BIJSTAND = `urn:uuid:${uuid('bijzondere-bijstand')}`;
const JAN_FOR_ANNA = 'a0000000-0000-4000-8000-000000000001';
const JAN_FOR_PIET = 'a0000000-0000-4000-8000-000000000002';
const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const mandateIdsOf = (introspection: client.IntrospectionResponse) =>
  ((introspection.authorization_details ?? []) as unknown as Array<{ mandate_id?: string }>).map((detail) => detail.mandate_id);

describe('flow: tokens for a mandate that has ended since', () => {
  let server: TestServer;
  let api: ReturnType<typeof adminApi>;
  let resourceServer: client.Configuration;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
    // The seeds hold no resource server (the admin API does not register one): an API of Gemeente Enschede, as operators would set it up.
    const clients = createClientRepository(server.app.db);
    const ziekenhuis = (await clients.find('demo-ziekenhuis'))!;
    await clients.save({ ...ziekenhuis, clientId: 'api-gemeente', metadata: { ...ziekenhuis.metadata, client_id: 'api-gemeente', namens_resource_server: true } });
    resourceServer = await discover(server.url, 'api-gemeente', 'demo-ziekenhuis-secret');
  });
  after(async () => server.close());

  it('jan acting for Anna: once the mandate is ended, introspection says inactive, refresh and userinfo refuse; his own login stays active', async () => {
    const params = { scope: `openid offline_access ${BIJZONDERE_BIJSTAND}`, prompt: 'consent' };
    const { flow, tokens } = await completeFlow(server.url, { username: 'jan', params, choose: byLabel('Anna') });
    const self = await completeFlow(server.url, { username: 'jan', params, choose: byLabel('Uzelf') });
    assert.ok(tokens.refresh_token, 'a refresh token was issued');

    const byApp = await client.tokenIntrospection(flow.rp, tokens.access_token);
    assert.equal(byApp.active, true);
    assert.deepEqual(mandateIdsOf(byApp), [JAN_FOR_ANNA]);
    const byApi = await client.tokenIntrospection(resourceServer, tokens.access_token);
    assert.equal(byApi.active, true);
    assert.deepEqual(mandateIdsOf(byApi), [JAN_FOR_ANNA]);
    assert.equal((await client.tokenIntrospection(flow.rp, tokens.refresh_token!, { token_type_hint: 'refresh_token' })).active, true);

    const ended = await api('POST', `/legal-mandates/${JAN_FOR_ANNA}/end`);
    assert.equal(ended.status, 200);
    const refusedSoFar = await server.app.db('audit_log').where({ event: 'decision.refused' }).max({ seq: 'seq' }).first();

    assert.deepEqual(await client.tokenIntrospection(flow.rp, tokens.access_token), { active: false }, 'the app learns nothing more');
    assert.deepEqual(await client.tokenIntrospection(resourceServer, tokens.access_token), { active: false }, 'nor does the API');
    assert.deepEqual(await client.tokenIntrospection(flow.rp, tokens.refresh_token!, { token_type_hint: 'refresh_token' }), { active: false });
    await assert.rejects(client.refreshTokenGrant(flow.rp, tokens.refresh_token!), (error: client.ResponseBodyError) => error.error === 'invalid_grant' && /no longer valid/.test(error.error_description ?? ''));
    await assert.rejects(
      client.fetchUserInfo(flow.rp, tokens.access_token, client.skipSubjectCheck),
      (error: client.WWWAuthenticateChallengeError) => error.status === 401 && error.cause[0]?.parameters.error === 'invalid_token',
    );

    // The refused refresh is in the decision log, once, with its rule; introspection and userinfo refuse without a row.
    const refusals = (await server.app.db('audit_log').where({ event: 'decision.refused' }).where('seq', '>', Number(refusedSoFar?.seq ?? 0))) as Array<{ mandate_id: string; client_id: string; agent_id: string; detail: string }>;
    assert.deepEqual(
      refusals.map((row) => ({ mandate: row.mandate_id, client: row.client_id, requestType: JSON.parse(row.detail).request_type, rule: JSON.parse(row.detail).decisions[0].rule })),
      [{ mandate: JAN_FOR_ANNA, client: flow.rp.clientMetadata().client_id, requestType: 'token', rule: 'mandate_ended' }],
    );

    const own = await client.tokenIntrospection(resourceServer, self.tokens.access_token);
    assert.equal(own.active, true, 'acting for himself is not affected');
    assert.equal((own.authorization_details as unknown as Array<{ basis: string }>)[0]!.basis, 'self');
  });

  it('kees acting for Truus: inactive at introspection once Truus revokes the mandate on /mijn', async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'kees', params: { scope: `openid ${BIJZONDERE_BIJSTAND}` }, choose: byLabel('Truus') });
    const before = await client.tokenIntrospection(flow.rp, tokens.access_token);
    assert.equal(before.active, true);
    assert.deepEqual(mandateIdsOf(before), [KEES_FROM_TRUUS]);

    const truus = (await logInToMijn(server.url, 'truus')).person;
    const revoked = await truus.post(await truus.open(`/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`), '/intrekken');
    assert.equal(textOf(revoked, 'status'), 'Ingetrokken');

    assert.deepEqual(await client.tokenIntrospection(flow.rp, tokens.access_token), { active: false });
    assert.deepEqual(await client.tokenIntrospection(resourceServer, tokens.access_token), { active: false });
  });

  it('a client with JWT access tokens: no new tokens by refresh once the mandate is ended, and namens never introspects a JWT as active', async () => {
    const clients = createClientRepository(server.app.db);
    const demo = (await clients.find('demo-gemeente'))!;
    await clients.save({ ...demo, clientId: 'jwt-app', metadata: { ...demo.metadata, client_id: 'jwt-app', namens_access_token_format: 'jwt' } });
    const rp = await discover(server.url, 'jwt-app', 'demo-gemeente-secret');
    const flow = await loginFlow(server.url, { rp, username: 'jan', params: { scope: `openid offline_access ${BIJZONDERE_BIJSTAND}`, prompt: 'consent', resource: server.url }, choose: byLabel('Piet') });
    const tokens = await client.authorizationCodeGrant(rp, new URL(flow.callback), { pkceCodeVerifier: flow.request.verifier, expectedNonce: flow.request.nonce, expectedState: flow.request.state }, { resource: server.url });
    assert.equal(tokens.access_token.split('.').length, 3, 'a JWT access token');
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!, { resource: server.url });
    assert.equal(refreshed.access_token.split('.').length, 3, 'refresh gives a new JWT while the mandate holds');

    assert.equal((await api('POST', `/legal-mandates/${JAN_FOR_PIET}/end`)).status, 200);

    await assert.rejects(client.refreshTokenGrant(rp, refreshed.refresh_token!, { resource: server.url }), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
    await assert.rejects(client.tokenIntrospection(resourceServer, refreshed.access_token), (error: client.ResponseBodyError) => error.error === 'unsupported_token_type');
  });
});
