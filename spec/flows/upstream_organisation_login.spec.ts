// Real login for organisations: namens federates authentication to an eHerkenning broker (a second oidc-provider started
// here, kind "organisation"). The employee is known by the broker's pseudonymous sub, the organisation by the KvK
// number in its claim; the employee may act for that organisation (eHerkenning vouches for it) and, through it, for
// whom the organisation holds mandates. The app receives a pseudonym as sub and the organisation in represents.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { assertClaimsSchema, authorizationRequest, client, discover, REDIRECT_URI, verifyIdToken, type AuthorizationRequest } from '../support/relying_party.ts';
import { DIGID_ACRS, EH_ACRS, listenUpstreamIdp, type UpstreamIdp } from '../support/upstream_idp.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const ZELFSTANDIGEN = { scope: `openid urn:uuid:${uuid('bijstand-zelfstandigen')}` };
const BIJZONDERE_BIJSTAND = { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` };
const PSEUDONYM = 'urn:nl-eid-gdi:1.0:id:Pseudonym';
const KVK = 'urn:nl-eid-gdi:1.0:id:KvKnr';
type Represents = { sub: string; sub_id_type: string; name: string; iss: string; represents?: Represents };
type Detail = { basis: string; source: string; mandate_id: string; representation_type: string | null; summary: { nl: string } };

/** The app sends the browser to namens; the employee presses "Inloggen met eHerkenning" and the broker does the rest. */
async function throughEherkenning(issuer: string, params: Record<string, string> = ZELFSTANDIGEN, clientId = 'demo-gemeente') {
  const rp = await discover(issuer, clientId, `${clientId}-secret`);
  const request = await authorizationRequest(rp, params);
  const browser = new Browser();
  const login = await browser.open(request.url, REDIRECT_URI);
  const page = await browser.submit(login, '/upstream/eherkenning', {}, REDIRECT_URI);
  return { rp, request, browser, login, page };
}

/** Chooses `label` (when a selection screen is shown), agrees, and redeems the code as the app. */
async function chooseAndRedeem(issuer: string, flow: { rp: client.Configuration; request: AuthorizationRequest; browser: Browser; page: Page }, label?: string, clientId = 'demo-gemeente') {
  let page = flow.page;
  if (label) {
    const option = radioOptions(page).find((o) => o.label.startsWith(label));
    assert.ok(option, `"${label}" is offered: ${JSON.stringify(radioOptions(page))}`);
    page = await flow.browser.submit(page, '/select_mandate', { mandate: option.value }, REDIRECT_URI);
  }
  const consent = page;
  if (page.html.includes('/consent"')) page = await flow.browser.submit(page, '/consent', {}, REDIRECT_URI);
  assert.ok(page.location?.startsWith(REDIRECT_URI), `back at the app, got ${page.status}:\n${page.html.slice(0, 1500)}`);
  const tokens = await client.authorizationCodeGrant(flow.rp, new URL(page.location!), {
    pkceCodeVerifier: flow.request.verifier,
    expectedNonce: flow.request.nonce,
    expectedState: flow.request.state,
  });
  const idToken = await verifyIdToken(issuer, tokens.id_token!, clientId);
  return { tokens, idToken, consent };
}

async function backToApp(browser: Browser, page: Page): Promise<URL> {
  const href = /<a class="[^"]*" id="back-to-app" href="([^"]+)"/.exec(page.html)?.[1];
  assert.ok(href, `the page offers a way back to the app:\n${page.html}`);
  const returned = await browser.open(href.replace(/&amp;/g, '&'), REDIRECT_URI);
  assert.ok(returned.location?.startsWith(REDIRECT_URI), `back at the app, got ${returned.status}`);
  return new URL(returned.location!);
}

describe('flow: login for an organisation at an eHerkenning upstream', () => {
  let eherkenning: UpstreamIdp;
  let digid: UpstreamIdp;
  let server: TestServer;
  before(async () => {
    eherkenning = await listenUpstreamIdp();
    digid = await listenUpstreamIdp();
    server = await startServer({
      LOGIN_METHODS: 'oidc-upstream',
      UPSTREAM_PROVIDERS: JSON.stringify([digid.providerEntry(), eherkenning.eherkenningEntry()]),
    });
    await eherkenning.register(`${server.url}/login/callback`);
    await digid.register(`${server.url}/login/callback`);
  });
  after(async () => {
    await server.close();
    await eherkenning.close();
    await digid.close();
  });
  beforeEach(() => {
    eherkenning.next = { account: 'eh-oost-medewerker', acr: EH_ACRS.eh3 };
    digid.next = { account: 'digid-jan', acr: DIGID_ACRS.midden };
  });

  it('the login screen offers a DigiD-style and an eHerkenning-style button, each saying for whom it is', async () => {
    const { login } = await throughEherkenning(server.url);
    assert.match(login.html, /<button type="submit" class="[^"]*upstream-button upstream-person"[^>]*>Inloggen met DigiD<\/button>/);
    assert.match(login.html, /<button type="submit" class="[^"]*upstream-button upstream-organisation"[^>]*>Inloggen met eHerkenning<\/button>/);
    assert.match(login.html, /Voor uzelf, of voor iemand die u vertegenwoordigt/);
    assert.match(login.html, /Namens een bedrijf of organisatie/);
    assert.ok(formOn(login, '/upstream/eherkenning').hidden.csrf, 'the button posts the CSRF token');
    assert.doesNotMatch(login.html, /name="password"/);
  });

  it('app → namens → eHerkenning (EH3) → the organisation and its chain are offered, not "myself" → the app gets a pseudonym, acr substantial, the organisation in represents', async () => {
    const flow = await throughEherkenning(server.url);
    const labels = radioOptions(flow.page).map((o) => o.label);
    assert.ok(labels.some((label) => label.startsWith('Bewindvoering Oost B.V.')), `the organisation is offered: ${labels}`);
    assert.ok(labels.some((label) => label.startsWith('Gerrit Mulder') && label.includes('Bewindvoering Oost B.V.')), `the chain through it is offered: ${labels}`);
    assert.ok(!labels.some((label) => label.startsWith('Uzelf')), 'no option to act for oneself');
    assert.match(flow.page.html, /Mila Medewerker/, 'the employee is greeted by the name the broker gave');

    const { tokens, idToken, consent } = await chooseAndRedeem(server.url, flow, 'Bewindvoering Oost B.V.');
    assert.match(consent.html, /niet uw burgerservicenummer/, 'the consent screen does not claim to share a BSN');
    assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/substantial');
    assert.equal(idToken.sub_id_type, PSEUDONYM);
    assert.match(idToken.sub!, /^[A-Za-z0-9_-]{43}$/, `a pseudonym, not the broker's sub: ${idToken.sub}`);
    assert.notEqual(idToken.sub, 'eh-oost-medewerker');
    assert.deepEqual(idToken.represents, { sub: '68750110', sub_id_type: KVK, iss: server.url, name: 'Bewindvoering Oost B.V.' });
    const [detail, ...more] = idToken.authorization_details as Detail[];
    assert.equal(more.length, 0);
    assert.equal(detail!.basis, 'company');
    assert.equal(detail!.source, 'eherkenning');
    assert.equal(detail!.mandate_id, 'eherkenning:68750110');
    assert.equal(detail!.summary.nl, 'Mila Medewerker handelt namens Bewindvoering Oost B.V. (vertegenwoordiging organisatie) voor Bijstand voor zelfstandigen');

    // Userinfo (findAccount again, with the choice checked once more) says the same.
    const userinfo = await client.fetchUserInfo(flow.rp, tokens.access_token, idToken.sub!);
    assertClaimsSchema(userinfo);
    assert.equal(userinfo.sub, idToken.sub);
    assert.deepEqual(userinfo.represents, idToken.represents);

    // The audit log has the use, by the employee's party (never the broker's sub), for the organisation.
    const audit = await server.app.db('audit_log').where({ mandate_id: 'eherkenning:68750110' }).select('agent_id', 'principal_id');
    assert.equal(audit.length, 1);
    assert.match(audit[0].agent_id, /^employee-/);
    assert.equal(audit[0].principal_id, 'org-bewindvoering-oost');

    // The same employee is the same pseudonym at the next login, also at a pairwise client of the same sector.
    const again = await chooseAndRedeem(server.url, await throughEherkenning(server.url), 'Bewindvoering Oost B.V.');
    assert.equal(again.idToken.sub, idToken.sub);
    const pairwise = await chooseAndRedeem(server.url, await throughEherkenning(server.url, { scope: 'openid' }, 'demo-bibliotheek'), undefined, 'demo-bibliotheek');
    assert.equal(pairwise.idToken.sub, idToken.sub);
    assert.equal(pairwise.idToken.sub_id_type, PSEUDONYM);
    assert.deepEqual(pairwise.idToken.represents, { sub: '68750110', sub_id_type: KVK, iss: server.url, name: 'Bewindvoering Oost B.V.' }, 'a login without a service still says for which organisation');
    assert.equal(pairwise.idToken.authorization_details, undefined);
  });

  it('a chain: the employee acts for Gerrit Mulder through Bewindvoering Oost; one link per hop, the register link checked again at userinfo', async () => {
    const flow = await throughEherkenning(server.url, BIJZONDERE_BIJSTAND);
    const labels = radioOptions(flow.page).map((o) => o.label);
    assert.ok(!labels.some((label) => label.startsWith('Bewindvoering Oost B.V.')), `bijzondere bijstand does not take organisations: ${labels}`);
    const { tokens, idToken } = await chooseAndRedeem(server.url, flow, 'Gerrit Mulder');
    assert.equal(idToken.sub_id_type, PSEUDONYM);
    const represents = idToken.represents as Represents;
    assert.equal(represents.sub, '68750110');
    assert.equal(represents.sub_id_type, KVK);
    assert.equal(represents.represents?.sub, '999990044');
    assert.equal(represents.represents?.name, 'Gerrit Mulder');
    const details = idToken.authorization_details as Detail[];
    assert.deepEqual(details.map((d) => [d.basis, d.source, d.representation_type]), [['company', 'eherkenning', null], ['legal', 'legal-register', 'bewind']]);

    const id = details[1]!.mandate_id;
    await server.app.db('legal_mandates').where({ id }).update({ valid_until: '2000-01-01' });
    try {
      await assert.rejects(
        client.fetchUserInfo(flow.rp, tokens.access_token, idToken.sub!),
        (error: client.WWWAuthenticateChallengeError) => error.status === 401 && error.cause[0]?.parameters.error === 'invalid_token',
      );
    } finally {
      await server.app.db('legal_mandates').where({ id }).update({ valid_until: null });
    }
  });

  it('an organisation namens does not know is created (once), named by the broker; an employee is a party without a BSN', async () => {
    eherkenning.next = { account: 'eh-nieuw', acr: EH_ACRS.eh4 };
    const first = await throughEherkenning(server.url);
    assert.deepEqual(radioOptions(first.page).map((o) => o.label.split(' ').slice(0, 3).join(' ')), ['Nieuwe Zaak B.V.']);
    const { idToken } = await chooseAndRedeem(server.url, first, 'Nieuwe Zaak B.V.');
    assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/high');
    assert.deepEqual(idToken.represents, { sub: '12345670', sub_id_type: KVK, iss: server.url, name: 'Nieuwe Zaak B.V.' });
    await throughEherkenning(server.url);
    assert.deepEqual(await server.app.db('parties').where({ kvk: '12345670' }).select('kind', 'name'), [{ kind: 'organisation', name: 'Nieuwe Zaak B.V.' }]);
    const employees = await server.app.db('parties').where({ upstream_id: 'eherkenning', upstream_subject: 'eh-nieuw' }).select('kind', 'name', 'bsn');
    assert.deepEqual(employees, [{ kind: 'employee', name: 'Olga Ondernemer', bsn: null }]);

    eherkenning.next = { account: 'eh-naamloos', acr: EH_ACRS.eh3 };
    await throughEherkenning(server.url);
    assert.deepEqual(await server.app.db('parties').where({ kvk: '23456780' }).select('name'), [{ name: 'Naam onbekend' }]);
  });

  for (const [account, what] of [['eh-fout', 'a KvK number of 7 digits'], ['eh-zonder-kvk', 'no KvK claim']] as const) {
    it(`${what}: a clear page, access_denied at the app, nobody logged in or created`, async () => {
      eherkenning.next = { account, acr: EH_ACRS.eh3 };
      const parties = Number((await server.app.db('parties').count({ n: '*' }).first())?.n);
      const { browser, page } = await throughEherkenning(server.url);
      assert.equal(page.status, 400);
      assert.match(page.html, /no_organisation/);
      assert.match(page.html, /geen geldig KvK-nummer/);
      const back = await backToApp(browser, page);
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.match(back.searchParams.get('error_description')!, /KvK number/);
      assert.equal(Number((await server.app.db('parties').count({ n: '*' }).first())?.n), parties);
    });
  }

  it('EH2 (low) for a service that needs substantial: the level page, access_denied at the app', async () => {
    eherkenning.next = { account: 'eh-oost-medewerker', acr: EH_ACRS.eh2plus };
    const { browser, page } = await throughEherkenning(server.url);
    assert.equal(page.status, 400);
    assert.match(page.html, /Niveau van inloggen te laag/);
    assert.equal((await backToApp(browser, page)).searchParams.get('error'), 'access_denied');
  });

  it('an organisation with nothing for a service that takes no organisations: the "no mandate" page, as for persons', async () => {
    eherkenning.next = { account: 'eh-bakkerij', acr: EH_ACRS.eh3 };
    const { browser, page } = await throughEherkenning(server.url, BIJZONDERE_BIJSTAND);
    assert.deepEqual(radioOptions(page), []);
    assert.match(page.html, /Geen machtiging gevonden/);
    assert.match(page.html, /Deze dienst kunt u niet namens Bakkerij De Korenschoof gebruiken/);
    const done = await browser.submit(page, '/abort', {}, REDIRECT_URI);
    assert.equal(new URL(done.location!).searchParams.get('error'), 'access_denied');
  });

  it('Mijn machtigingen is for persons: its login screen offers DigiD only, and refuses the eHerkenning route', async () => {
    const browser = new Browser();
    const login = await browser.open(`${server.url}/mijn/login`, 'http://nowhere.invalid/');
    assert.match(login.html, /Inloggen met DigiD/);
    assert.doesNotMatch(login.html, /eHerkenning/);
    const form = formOn(login, '/upstream/digid');
    const refused = await browser.request(new URL(form.action.replace('/digid', '/eherkenning'), login.url).href, { form: form.hidden });
    assert.equal(refused.status, 404);
  });

  it('Mijn machtigingen does not take over an eHerkenning session: the login screen is shown again', async () => {
    const flow = await throughEherkenning(server.url);
    await chooseAndRedeem(server.url, flow, 'Bewindvoering Oost B.V.');
    const login = await flow.browser.open(`${server.url}/mijn/login`, 'http://nowhere.invalid/');
    assert.match(login.html, /Inloggen met DigiD/, `asked to log in again as a person:\n${login.html.slice(0, 1500)}`);
  });
});
