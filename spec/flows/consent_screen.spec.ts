// The consent screen says what the app will receive: the BSN only to an app that gets BSNs (every service provider of
// it may receive them), a pseudonym to every other app, for the person who logs in and for the person they act for.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { adminApi, adminToken } from '../admin/admin_client.ts';
import { Browser, radioOptions, type Page } from '../support/browser.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI, SECRETS } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const secrets: Record<string, string | undefined> = { ...SECRETS, 'demo-bibliotheek': 'demo-bibliotheek-secret' };

/** Logs `username` in at the app, chooses the option starting with `choose` if asked, and returns what the consent screen lists. */
async function consentItems(issuer: string, clientId: string, username: string, params: Record<string, string> = {}, choose?: string, secret = secrets[clientId]): Promise<string[]> {
  const request = await authorizationRequest(await discover(issuer, clientId, secret), params);
  const browser = new Browser();
  let page: Page = await browser.open(request.url, REDIRECT_URI);
  page = await browser.submit(page, '/login', { username, password: PASSWORD }, REDIRECT_URI);
  if (choose) {
    const option = radioOptions(page).find((o) => o.label.startsWith(choose));
    assert.ok(option, `an option for ${choose}`);
    page = await browser.submit(page, '/select_mandate', { mandate: option.value }, REDIRECT_URI);
  }
  assert.ok(page.html.includes('/consent"'), 'the consent screen is shown');
  const list = /<ul class="shared[^"]*">([\s\S]*?)<\/ul>/.exec(page.html)?.[1] ?? '';
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((item) => item[1]!.trim());
}

describe('flow: what the consent screen says is shared', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('jan at demo-bibliotheek (Bibliotheek Oost may not receive BSNs): a pseudonym, not his BSN, in Dutch and in English', async () => {
    const nl = await consentItems(server.url, 'demo-bibliotheek', 'jan');
    assert.ok(nl.includes('Een vast nummer waarmee de app u herkent (niet uw burgerservicenummer)'), JSON.stringify(nl));
    assert.ok(!nl.includes('Uw burgerservicenummer (BSN)'), JSON.stringify(nl));

    const en = await consentItems(server.url, 'demo-bibliotheek', 'jan', { ui_locales: 'en' });
    assert.ok(en.includes('A fixed number by which the app recognises you (not your citizen service number)'), JSON.stringify(en));
    assert.ok(!en.includes('Your citizen service number (BSN)'), JSON.stringify(en));
  });

  it('sophie acting for Bram at demo-bibliotheek: Bram is named with a pseudonym too, not with his BSN', async () => {
    const items = await consentItems(server.url, 'demo-bibliotheek', 'sophie', { scope: `openid urn:uuid:${uuid('lenerspas')}` }, 'Bram');
    assert.ok(items.some((item) => item.startsWith('Namens wie u handelt, met de naam en een vast nummer')), JSON.stringify(items));
    assert.ok(!items.some((item) => /met het burgerservicenummer|Uw burgerservicenummer/.test(item)), JSON.stringify(items));
  });

  it('jan at demo-gemeente (Gemeente Enschede may receive BSNs): his BSN, and Anna\'s', async () => {
    const self = await consentItems(server.url, 'demo-gemeente', 'jan');
    assert.ok(self.includes('Uw burgerservicenummer (BSN)'), JSON.stringify(self));
    const forAnna = await consentItems(server.url, 'demo-gemeente', 'jan', { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, 'Anna');
    assert.ok(forAnna.includes('Uw burgerservicenummer (BSN)'), JSON.stringify(forAnna));
    assert.ok(forAnna.includes('Namens wie u handelt, met het burgerservicenummer of KvK-nummer en de naam'), JSON.stringify(forAnna));
  });

  it('an app of Gemeente Enschede and Bibliotheek Oost: pseudonyms, as in its tokens', async () => {
    const registered = await adminApi(server.url, await adminToken(server.url))('POST', '/clients', {
      client_id: 'gemeente-en-bibliotheek', client_name: 'Gemeente en bibliotheek', service_provider_ids: ['gemeente-enschede', 'bibliotheek-oost'],
      redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic', may_receive_bsn: true,
    });
    assert.equal(registered.status, 201);
    const items = await consentItems(server.url, 'gemeente-en-bibliotheek', 'jan', { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, 'Anna', registered.body.client_secret);
    assert.equal(items[0], 'Een vast nummer waarmee de app u herkent (niet uw burgerservicenummer)');
    assert.ok(!items.some((item) => /met het burgerservicenummer|Uw burgerservicenummer/.test(item)), JSON.stringify(items));
  });
});
