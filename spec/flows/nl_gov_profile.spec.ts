// The NL GOV Assurance profile for OpenID Connect, feature by feature, with openid-client as the app.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn } from '../support/browser.ts';
import { authorizationRequest, client, discover, loginFlow, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const LOW = 'http://eidas.europa.eu/LoA/low';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const HIGH = 'http://eidas.europa.eu/LoA/high';
const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;

describe('flow: NL GOV Assurance profile', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  describe('levels of assurance', () => {
    it('asks again when the login reached less than the service needs, and issues at the level reached', async () => {
      await server.app.db('services').where({ uuid: uuid('schuldhulpverlening') }).update({ loa: HIGH });
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid('schuldhulpverlening')}` });
      const browser = new Browser();
      const login = await browser.open(request.url, REDIRECT_URI);
      const again = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD, level: SUBSTANTIAL }, REDIRECT_URI);
      assert.ok(formOn(again, '/login'), 'the login screen again, not a code');
      assert.match(again.html, /Deze dienst vraagt inloggen op niveau <strong>hoog<\/strong>; u bent ingelogd op niveau substantieel/);
      const selection = await browser.submit(again, '/login', { username: 'jan', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      const consent = await browser.submit(selection, '/select_mandate', { mandate: 'self' }, REDIRECT_URI);
      const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
      assert.equal(tokens.claims()!.acr, HIGH);
    });

    it('takes acr_values as a request for at least that level', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp, { acr_values: HIGH });
      const browser = new Browser();
      const login = await browser.open(request.url, REDIRECT_URI);
      const again = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD, level: LOW }, REDIRECT_URI);
      assert.ok(formOn(again, '/login'));
      const consent = await browser.submit(again, '/login', { username: 'lars', password: PASSWORD, level: HIGH }, REDIRECT_URI);
      const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
      assert.equal(tokens.claims()!.acr, HIGH);
    });

    it('honours prompt=login and max_age=0 by asking for the password again in a live session', async () => {
      const first = await loginFlow(server.url, { username: 'lars' });
      for (const params of [{ prompt: 'login' }, { max_age: '0' }] as Array<Record<string, string>>) {
        const rp = await discover(server.url, 'demo-gemeente');
        const request = await authorizationRequest(rp, params);
        const page = await first.browser.open(request.url, REDIRECT_URI);
        assert.ok(formOn(page, '/login'), JSON.stringify(params));
      }
      const rp = await discover(server.url, 'demo-gemeente');
      const silent = await first.browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
      assert.equal(silent.location?.startsWith(REDIRECT_URI), true, 'without them the live session is used');
    });
  });
});
