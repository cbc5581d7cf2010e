// A choice belongs to one login (issue 14, defect 1): a mandate reaches a code, a token or userinfo only through the
// authorization request in which the person chose it. A later request of the same app in the same browser that names
// no service is a login for oneself; one that names a service asks again (with prompt=none: interaction_required).
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { adminApi, adminToken } from '../admin/admin_client.ts';
import type { Browser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, client, completeFlow, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { shown } from '../support/option_labels.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
const ANNA_BEWIND = 'a0000000-0000-4000-8000-000000000001';

async function mandateUses(server: TestServer): Promise<number> {
  const row = await server.app.db('audit_log').where({ event: 'mandate.used' }).count({ n: '*' }).first();
  return Number(row?.n);
}

/** A second authorization request of the app in the same browser; returns the page or the callback it ends on. */
async function again(browser: Browser, rp: client.Configuration, params: Record<string, string>) {
  const request = await authorizationRequest(rp, params);
  const page = await browser.open(request.url, REDIRECT_URI);
  return { request, page };
}

async function tokensFrom(rp: client.Configuration, request: Awaited<ReturnType<typeof authorizationRequest>>, callback: string) {
  return client.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
}

describe('flow: a choice belongs to one login', () => {
  let server: TestServer;
  let first: Awaited<ReturnType<typeof completeFlow>>;
  before(async () => {
    server = await startServer();
    first = await completeFlow(server.url, {
      username: 'jan',
      params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` },
      choose: (options) => options.find((option) => option.label.startsWith(shown('anna')))!.value,
    });
    assert.equal((first.idToken.represents as { name: string }).name, 'Anna de Vries');
  });
  after(async () => server.close());

  for (const prompt of [undefined, 'none']) {
    it(`a later request without a service${prompt ? ' and with prompt=none' : ''} is a login for oneself: no represents, no mandate, no use recorded`, async () => {
      const uses = await mandateUses(server);
      const { request, page } = await again(first.flow.browser, first.flow.rp, { scope: 'openid', ...(prompt ? { prompt } : {}) });
      assert.ok(page.location?.startsWith(REDIRECT_URI), `the session skips the login and the app gets a code (got ${page.status})`);
      assert.ok(new URL(page.location!).searchParams.get('code'), `a code, not ${page.location}`);
      const tokens = await tokensFrom(first.flow.rp, request, page.location!);
      const idToken = await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente');
      assert.equal(idToken.sub, '999993653');
      assert.equal(idToken.represents, undefined, 'nobody represented');
      assert.equal(idToken.authorization_details, undefined, 'no mandate details');
      const userinfo = await client.fetchUserInfo(first.flow.rp, tokens.access_token, idToken.sub!);
      assert.equal(userinfo.represents, undefined);
      assert.equal(userinfo.authorization_details, undefined);
      assert.equal(tokens.authorization_details, undefined, 'the token response carries no mandate either');
      assert.equal(await mandateUses(server), uses, 'no mandate.used row that nobody chose');
    });
  }

  it('a later request naming the service shows the selection screen again, and with prompt=none answers interaction_required', async () => {
    const { page } = await again(first.flow.browser, first.flow.rp, { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` });
    assert.equal(page.status, 200);
    assert.match(page.html, /\/select_mandate"/, 'the selection screen, not a code');

    const { page: none } = await again(first.flow.browser, first.flow.rp, { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}`, prompt: 'none' });
    assert.ok(none.location?.startsWith(REDIRECT_URI), `back at the app (got ${none.status})`);
    assert.equal(new URL(none.location!).searchParams.get('error'), 'interaction_required');
    assert.equal(new URL(none.location!).searchParams.get('code'), null);
  });

  it('once the chosen mandate is ended, a plain login for oneself in the same session still works', async () => {
    const api = adminApi(server.url, await adminToken(server.url));
    assert.equal((await api('POST', `/legal-mandates/${ANNA_BEWIND}/end`, {})).status, 200);
    const { request, page } = await again(first.flow.browser, first.flow.rp, { scope: 'openid' });
    assert.ok(page.location?.startsWith(REDIRECT_URI));
    const tokens = await tokensFrom(first.flow.rp, request, page.location!);
    const idToken = await verifyIdToken(server.url, tokens.id_token!, 'demo-gemeente');
    assert.equal(idToken.sub, '999993653');
    assert.equal(idToken.represents, undefined);
    // The ended mandate itself no longer yields tokens (the refresh/userinfo re-check).
    await assert.rejects(client.fetchUserInfo(first.flow.rp, first.tokens.access_token, '999993653'));
  });
});
