// Token revocation, RP-initiated logout, and first-party apps (no consent screen).
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { formOn } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { client, completeFlow, loginFlow } from '../support/relying_party.ts';

describe('flow: revocation, logout and first-party apps', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('revokes an access token at the app\'s request: userinfo then refuses it', async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'lars' });
    await client.tokenRevocation(flow.rp, tokens.access_token);
    await assert.rejects(client.fetchUserInfo(flow.rp, tokens.access_token, client.skipSubjectCheck), (error: client.WWWAuthenticateChallengeError) => error.status === 401);
  });

  it('logs out at the app\'s request (RP-initiated logout) and returns to its registered post-logout URI', async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'lars' });
    const logoutUrl = client.buildEndSessionUrl(flow.rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://localhost:8080/', state: 'bye' });
    const page = await flow.browser.open(logoutUrl.href, 'http://localhost:8080/');
    assert.match(page.html, /Wilt u ook uitloggen bij namens/);
    const form = formOn(page, '/session/end/confirm');
    const done = await flow.browser.request(new URL(form.action, page.url).href, { form: { ...form.hidden, logout: 'yes' } });
    const back = await flow.browser.follow(done, 'http://localhost:8080/');
    assert.equal(new URL(back.location!).searchParams.get('state'), 'bye');
    // the namens session is gone: the next login asks for the password again
    const again = await flow.browser.open(flow.request.url, 'http://localhost:8080/callback');
    assert.ok(formOn(again, '/login'));
  });

  it('skips the consent screen for a first-party app, and the choice still reaches its ID token', async () => {
    const clients = createClientRepository(server.app.db);
    const demo = (await clients.find('demo-gemeente'))!;
    await clients.save({ ...demo, clientId: 'first-party-app', firstParty: true, metadata: { ...demo.metadata, client_id: 'first-party-app' } });
    const bijzondere = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
    const flow = await loginFlow(server.url, {
      clientId: 'first-party-app',
      secret: 'demo-gemeente-secret',
      username: 'jan',
      params: { scope: `openid urn:uuid:${bijzondere.uuid}` },
      choose: (options) => options.find((option) => option.label.startsWith('Anna'))!.value,
    });
    assert.equal(flow.consentShown, false);
    const tokens = await client.authorizationCodeGrant(flow.rp, new URL(flow.callback), {
      pkceCodeVerifier: flow.request.verifier,
      expectedNonce: flow.request.nonce,
      expectedState: flow.request.state,
    });
    assert.equal((tokens.claims()!.represents as { name: string }).name, 'Anna de Vries');

    // and a plain login (no service) at a first-party app asks no consent either
    const plain = await loginFlow(server.url, { clientId: 'first-party-app', secret: 'demo-gemeente-secret', username: 'lars' });
    assert.equal(plain.consentShown, false);
    const plainTokens = await client.authorizationCodeGrant(plain.rp, new URL(plain.callback), {
      pkceCodeVerifier: plain.request.verifier,
      expectedNonce: plain.request.nonce,
      expectedState: plain.request.state,
    });
    assert.equal(plainTokens.claims()!.sub, '999990196');
  });
});
