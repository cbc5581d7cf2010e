// The heart of namens, persona by persona: after login the person picks on whose behalf they act, and the app's
// ID token and userinfo say so, field by field and valid against the shipped JSON Schema. Then every refusal.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, byLabel, client, completeFlow, discover, exchangeCode, loginFlow, PASSWORD, REDIRECT_URI, SECRETS } from '../support/relying_party.ts';
import { shown } from '../support/option_labels.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const scopeFor = (slug: string) => ({ scope: `openid urn:uuid:${uuid(slug)}` });
const labels = (options: Array<{ label: string }> | undefined) => (options ?? []).map((option) => option.label);

/** Opens the selection screen for `username` at a service, for the refusal specs. */
async function selectionScreen(issuer: string, username: string, params: Record<string, string>, clientId = 'demo-gemeente') {
  const rp = await discover(issuer, clientId);
  const request = await authorizationRequest(rp, params);
  const browser = new Browser();
  const login = await browser.open(request.url, REDIRECT_URI);
  const page = await browser.submit(login, '/login', { username, password: PASSWORD }, REDIRECT_URI);
  return { rp, request, browser, page };
}

async function auditCount(server: TestServer): Promise<number> {
  const row = await server.app.db('audit_log').count({ n: '*' }).first();
  return Number(row?.n);
}

describe('flow: acting on behalf of someone else', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  describe('what each persona sees and what the app receives', () => {
    it('jan at bijzondere-bijstand sees himself, Anna and Piet; acting for Anna the ID token says bewind, professional', async () => {
      const before = await auditCount(server);
      const { flow, tokens, idToken, userinfo } = await completeFlow(server.url, { username: 'jan', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Anna de Vries') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Jan Jansen)', `${shown('anna')}`, `${shown('piet')}`]);

      assert.equal(idToken.sub, '999993653');
      assert.equal(idToken.sub_id_type, 'urn:nl-eid-gdi:1.0:id:legacy-BSN');
      assert.equal(idToken.acr, 'http://eidas.europa.eu/LoA/substantial');
      assert.deepEqual(idToken.represents, { sub: '999990019', sub_id_type: 'urn:nl-eid-gdi:1.0:id:legacy-BSN', iss: server.url, name: 'Anna de Vries' });
      const [detail, ...more] = idToken.authorization_details as Array<Record<string, unknown>>;
      assert.equal(more.length, 0);
      assert.deepEqual(detail!.service, { uuid: uuid('bijzondere-bijstand'), id: 'urn:namens:service:bijzondere-bijstand', name: 'Bijzondere bijstand aanvragen' });
      assert.equal(detail!.type, 'namens:mandate');
      assert.equal(detail!.mandate_id, 'a0000000-0000-4000-8000-000000000001');
      assert.equal(detail!.basis, 'legal');
      assert.equal(detail!.representation_type, 'bewind');
      assert.equal(detail!.professional, true);
      assert.equal(detail!.source, 'legal-register');
      assert.match(String(detail!.valid_from), /^\d{4}-\d{2}-\d{2}$/);
      assert.match(String(detail!.valid_until), /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(detail!.summary, {
        nl: 'Jan Jansen handelt namens Anna de Vries (bewind, professioneel) voor Bijzondere bijstand aanvragen',
        en: 'Jan Jansen acts for Anna de Vries (administration, professional) for the service Apply for special assistance',
      });

      assert.deepEqual(userinfo.represents, idToken.represents);
      assert.deepEqual(userinfo.authorization_details, idToken.authorization_details);
      assert.ok(tokens.scope?.split(' ').includes(`urn:uuid:${uuid('bijzondere-bijstand')}`), 'the granted scope names the service');
      assert.equal(await auditCount(server), before + 1, 'one audit row for the ID token');
      const row = await server.app.db('audit_log').orderBy('seq', 'desc').first();
      assert.equal(row.agent_id, 'person-jan');
      assert.equal(row.principal_id, 'person-anna');
      assert.equal(row.service_uuid, uuid('bijzondere-bijstand'));
      assert.equal(row.client_id, 'demo-gemeente');
      assert.equal(row.mandate_id, 'a0000000-0000-4000-8000-000000000001');
    });

    it('jan acting for himself: basis self, no represents, and no audit row for a mandate', async () => {
      const before = await auditCount(server);
      const { idToken } = await completeFlow(server.url, { username: 'jan', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Uzelf') });
      assert.equal(idToken.represents, undefined);
      const details = idToken.authorization_details as Array<Record<string, unknown>>;
      assert.equal(details.length, 1);
      assert.equal(details[0]!.basis, 'self');
      assert.equal(details[0]!.mandate_id, undefined);
      assert.equal((details[0]!.summary as { nl: string }).nl, 'Jan Jansen handelt voor zichzelf voor Bijzondere bijstand aanvragen');
      assert.equal(await auditCount(server), before);
    });

    it('fatima acts for Gerrit through Bewindvoering Oost B.V.: represents nests, and each link is listed', async () => {
      const { flow, idToken } = await completeFlow(server.url, { username: 'fatima', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Gerrit Mulder') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Fatima El Amrani)', `${shown('gerrit')} via Bewindvoering Oost B.V.`]);
      assert.deepEqual(idToken.represents, {
        sub: '68750110',
        sub_id_type: 'urn:nl-eid-gdi:1.0:id:KvKnr',
        iss: server.url,
        name: 'Bewindvoering Oost B.V.',
        represents: { sub: '999990044', sub_id_type: 'urn:nl-eid-gdi:1.0:id:legacy-BSN', iss: server.url, name: 'Gerrit Mulder' },
      });
      const details = idToken.authorization_details as Array<Record<string, unknown>>;
      assert.deepEqual(details.map((d) => [d.basis, d.source, d.mandate_id]), [
        ['company', 'company-register', 'c0000000-0000-4000-8000-000000000001'],
        ['legal', 'legal-register', 'a0000000-0000-4000-8000-000000000003'],
      ]);
      assert.equal((details[1]!.summary as { nl: string }).nl, 'Fatima El Amrani handelt namens Gerrit Mulder via Bewindvoering Oost B.V. (bewind, professioneel) voor Bijzondere bijstand aanvragen');
    });

    it('maria at medisch-dossier-kind (Ziekenhuis Oost) sees Sem only: not herself, not Lotte (17), not Daan (20)', async () => {
      const { flow, idToken } = await completeFlow(server.url, { clientId: 'demo-ziekenhuis', username: 'maria', params: scopeFor('medisch-dossier-kind'), choose: byLabel('Sem') });
      assert.deepEqual(labels(flow.options), [`${shown('sem')}`]);
      assert.equal((idToken.represents as { name: string }).name, 'Sem Jansen');
      assert.equal((idToken.authorization_details as Array<{ representation_type: string }>)[0]!.representation_type, 'ouderlijk_gezag');
    });

    it('maria at wmo-ondersteuning sees herself, Lotte and Sem, but not Daan who is of age', async () => {
      const { flow } = await completeFlow(server.url, { username: 'maria', params: scopeFor('wmo-ondersteuning'), choose: byLabel('Lotte') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Maria Jansen)', `${shown('lotte')}`, `${shown('sem')}`]);
    });

    it('kees: Truus (voluntary, valid now) at bijzondere-bijstand; only himself where his mandates are expired, future or revoked', async () => {
      const { flow, idToken } = await completeFlow(server.url, { username: 'kees', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Truus') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Kees de Boer)', `${shown('truus')}`]);
      const [detail] = idToken.authorization_details as Array<Record<string, unknown>>;
      assert.deepEqual([detail!.basis, detail!.source, detail!.representation_type, detail!.professional], ['voluntary', 'voluntary-register', null, null]);
      for (const slug of ['uitkeringsspecificatie', 'bijstand', 'schuldhulpverlening']) {
        const { flow: only } = await completeFlow(server.url, { username: 'kees', params: scopeFor(slug), choose: byLabel('Uzelf') });
        assert.deepEqual(labels(only.options), ['Uzelf (Kees de Boer)'], slug);
      }
    });

    it('sophie sees Bram (mentorschap, care) at wmo-ondersteuning but not at bijzondere-bijstand (money)', async () => {
      const { flow } = await completeFlow(server.url, { username: 'sophie', params: scopeFor('wmo-ondersteuning'), choose: byLabel('Bram') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Sophie Smit)', `${shown('bram')}`]);
      const { flow: money } = await completeFlow(server.url, { username: 'sophie', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Uzelf') });
      assert.deepEqual(labels(money.options), ['Uzelf (Sophie Smit)']);
    });

    it('ruud acts for Wim under curatele both for money and for care', async () => {
      for (const slug of ['bijzondere-bijstand', 'wmo-ondersteuning']) {
        const { idToken } = await completeFlow(server.url, { username: 'ruud', params: scopeFor(slug), choose: byLabel('Wim') });
        assert.equal((idToken.represents as { name: string }).name, 'Wim Kok', slug);
        assert.equal((idToken.authorization_details as Array<{ representation_type: string }>)[0]!.representation_type, 'curatele');
      }
    });

    it('eva acts for Bakkerij De Korenschoof at bijstand-zelfstandigen: represents carries the KvK number', async () => {
      const { flow, idToken } = await completeFlow(server.url, { username: 'eva', params: scopeFor('bijstand-zelfstandigen'), choose: byLabel('Bakkerij') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Eva Dijkstra)', 'Bakkerij De Korenschoof (KvK 90001234)']);
      assert.deepEqual(idToken.represents, { sub: '90001234', sub_id_type: 'urn:nl-eid-gdi:1.0:id:KvKnr', iss: server.url, name: 'Bakkerij De Korenschoof' });
      assert.equal((idToken.authorization_details as Array<{ basis: string }>)[0]!.basis, 'company');
    });

    it('lars, who holds nothing, sees only himself', async () => {
      const { flow } = await completeFlow(server.url, { username: 'lars', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Uzelf') });
      assert.deepEqual(labels(flow.options), ['Uzelf (Lars Visser)']);
    });

    it('accepts the service as a rich authorization request (by URN id) and returns the choice in the token response too', async () => {
      const params = { authorization_details: JSON.stringify([{ type: 'namens:mandate', service: 'urn:namens:service:bijzondere-bijstand' }]) };
      const { tokens, idToken } = await completeFlow(server.url, { username: 'jan', params, choose: byLabel('Piet') });
      assert.equal((idToken.represents as { name: string }).name, 'Piet Bakker');
      const inResponse = tokens.authorization_details as Array<{ mandate_id: string }> | undefined;
      assert.equal(inResponse?.[0]?.mandate_id, 'a0000000-0000-4000-8000-000000000002');
    });

    it('without a service, logs in for oneself without the selection screen', async () => {
      const { flow, idToken } = await completeFlow(server.url, { username: 'jan' });
      assert.equal(flow.options, undefined);
      assert.equal(idToken.authorization_details, undefined);
      assert.equal(idToken.represents, undefined);
    });

    it('lists the catalog at /catalog/services as public JSON', async () => {
      const response = await fetch(`${server.url}/catalog/services`);
      assert.equal(response.status, 200);
      const { services } = (await response.json()) as { services: Array<{ uuid: string; id: string; scope: string; service_provider: { name: string } }> };
      assert.equal(services.length, 9);
      const bijzondere = services.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!;
      assert.equal(bijzondere.scope, `urn:uuid:${uuid('bijzondere-bijstand')}`);
      assert.equal(bijzondere.service_provider.name, 'Gemeente Enschede');
    });
  });

  describe('refusals', () => {
    async function refusedOnCallback(params: Record<string, string>, clientId = 'demo-gemeente') {
      const rp = await discover(server.url, clientId);
      const request = await authorizationRequest(rp, params);
      const page = await new Browser().request(request.url);
      assert.equal(page.status, 303, page.html.slice(0, 500));
      const callback = new URL(page.location!);
      assert.equal(callback.origin + callback.pathname, REDIRECT_URI);
      assert.equal(callback.searchParams.get('state'), request.state);
      return { error: callback.searchParams.get('error'), description: callback.searchParams.get('error_description') ?? '' };
    }

    it('refuses a service of another provider with invalid_scope on the app\'s callback', async () => {
      const { error, description } = await refusedOnCallback(scopeFor('medisch-dossier-kind'));
      assert.equal(error, 'invalid_scope');
      assert.match(description, /belongs to another service provider/);
    });

    it('refuses two services in one request with invalid_request', async () => {
      const { error, description } = await refusedOnCallback({ scope: `openid urn:uuid:${uuid('bijstand')} urn:uuid:${uuid('bijzondere-bijstand')}` });
      assert.equal(error, 'invalid_request');
      assert.match(description, /one service per request/);
      const mixed = await refusedOnCallback({
        scope: `openid urn:uuid:${uuid('bijstand')}`,
        authorization_details: JSON.stringify([{ type: 'namens:mandate', service: uuid('bijzondere-bijstand') }]),
      });
      assert.equal(mixed.error, 'invalid_request');
    });

    it('refuses an unknown service, as a scope and as an authorization detail', async () => {
      const scoped = await refusedOnCallback({ scope: 'openid urn:uuid:00000000-0000-4000-8000-000000000000' });
      assert.equal(scoped.error, 'invalid_scope');
      assert.match(scoped.description, /unknown service/);
      const detailed = await refusedOnCallback({ authorization_details: JSON.stringify([{ type: 'namens:mandate', service: 'urn:namens:service:nope' }]) });
      assert.equal(detailed.error, 'invalid_authorization_details');
      const malformed = await refusedOnCallback({ authorization_details: JSON.stringify([{ type: 'namens:mandate' }]) });
      assert.equal(malformed.error, 'invalid_authorization_details');
    });

    it('refuses a posted mandate id that is not this agent\'s, and issues nothing', async () => {
      const { browser, page } = await selectionScreen(server.url, 'jan', scopeFor('bijzondere-bijstand'));
      const ruudsMandate = 'a0000000-0000-4000-8000-000000000008';
      const refused = await browser.submit(page, '/select_mandate', { mandate: ruudsMandate }, REDIRECT_URI);
      assert.equal(refused.status, 403);
      assert.equal(refused.location, undefined, 'no redirect to the app');
      assert.match(refused.html, /Deze keuze is niet \(meer\) geldig/);
      assert.deepEqual(radioOptions(refused).map((o) => o.label), ['Uzelf (Jan Jansen)', `${shown('anna')}`, `${shown('piet')}`]);
    });

    it('refuses mandates that are expired, not yet valid, or for another service when posted directly', async () => {
      const cases: Array<[string, string, string]> = [
        ['kees', 'uitkeringsspecificatie', 'f0000000-0000-4000-8000-000000000002'], // expired
        ['kees', 'bijstand', 'f0000000-0000-4000-8000-000000000003'], // starts next month
        ['kees', 'schuldhulpverlening', 'f0000000-0000-4000-8000-000000000004'], // revoked
        ['sophie', 'bijzondere-bijstand', 'a0000000-0000-4000-8000-000000000007'], // mentorschap is not for money
        ['maria', 'wmo-ondersteuning', 'a0000000-0000-4000-8000-000000000006'], // Daan is of age
      ];
      for (const [username, slug, mandateId] of cases) {
        const { browser, page } = await selectionScreen(server.url, username, scopeFor(slug));
        const refused = await browser.submit(page, '/select_mandate', { mandate: mandateId }, REDIRECT_URI);
        assert.equal(refused.status, 403, `${username} ${slug}`);
      }
    });

    it('refuses "myself" where the service does not allow it', async () => {
      const { browser, page } = await selectionScreen(server.url, 'maria', scopeFor('medisch-dossier-kind'), 'demo-ziekenhuis');
      const refused = await browser.submit(page, '/select_mandate', { mandate: 'self' }, REDIRECT_URI);
      assert.equal(refused.status, 403);
    });

    it('says in plain words when nothing is usable, and goes back to the app with access_denied', async () => {
      const { browser, page, request } = await selectionScreen(server.url, 'lars', scopeFor('medisch-dossier-kind'), 'demo-ziekenhuis');
      assert.match(page.html, /Geen machtiging gevonden/);
      assert.equal(radioOptions(page).length, 0);
      const back = await browser.submit(page, '/abort', {}, REDIRECT_URI);
      const callback = new URL(back.location!);
      assert.equal(callback.searchParams.get('error'), 'access_denied');
      assert.match(callback.searchParams.get('error_description')!, /no mandate for this service/);
      assert.equal(callback.searchParams.get('state'), request.state);
    });

    it('returns access_denied when the person cancels on the selection screen', async () => {
      const { browser, page } = await selectionScreen(server.url, 'jan', scopeFor('bijzondere-bijstand'));
      const back = await browser.submit(page, '/abort', {}, REDIRECT_URI);
      assert.equal(new URL(back.location!).searchParams.get('error'), 'access_denied');
    });

    it('gives no tokens when the mandate is revoked between the choice and the token exchange', async () => {
      const before = await auditCount(server);
      const flow = await loginFlow(server.url, { username: 'kees', params: scopeFor('jaaropgave-bijstand'), choose: byLabel('Truus') });
      const id = 'f0000000-0000-4000-8000-000000000001';
      await server.app.db('voluntary_mandates').where({ id }).update({ status: 'revoked' });
      try {
        await assert.rejects(exchangeCode(flow), (error: client.ResponseBodyError) => error.error === 'invalid_grant' && /no longer valid/.test(error.error_description ?? ''));
        // No use is written without a token; the refusal is, as the decision log's one entry with its rule.
        const written = (await server.app.db('audit_log').orderBy('seq').offset(before)) as Array<{ event: string; mandate_id: string; detail: string }>;
        assert.deepEqual(written.map((row) => [row.event, row.mandate_id, JSON.parse(row.detail).decisions[0].rule]), [['decision.refused', id, 'mandate_revoked']]);
      } finally {
        await server.app.db('voluntary_mandates').where({ id }).update({ status: 'active' });
      }
    });

    it('gives no tokens when the mandate expired between the choice and the token exchange', async () => {
      const flow = await loginFlow(server.url, { username: 'jan', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Piet') });
      const id = 'a0000000-0000-4000-8000-000000000002';
      await server.app.db('legal_mandates').where({ id }).update({ valid_until: '2000-01-01' });
      try {
        await assert.rejects(exchangeCode(flow), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
      } finally {
        await server.app.db('legal_mandates').where({ id }).update({ valid_until: null });
      }
    });

    it('stops answering userinfo for a mandate revoked after the tokens were issued', async () => {
      const { flow, tokens } = await completeFlow(server.url, { username: 'jan', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Anna') });
      const id = 'a0000000-0000-4000-8000-000000000001';
      const original = await server.app.db('legal_mandates').where({ id }).first();
      await server.app.db('legal_mandates').where({ id }).update({ valid_until: '2000-01-01' });
      try {
        await assert.rejects(client.fetchUserInfo(flow.rp, tokens.access_token, client.skipSubjectCheck), (error: client.WWWAuthenticateChallengeError) => error.status === 401);
      } finally {
        await server.app.db('legal_mandates').where({ id }).update({ valid_until: original.valid_until });
      }
    });

    it('re-checks the choice at consent: a mandate revoked while the consent screen shows yields access_denied', async () => {
      const { browser, page } = await selectionScreen(server.url, 'kees', scopeFor('bijzondere-bijstand'));
      const consent = await browser.submit(page, '/select_mandate', { mandate: 'f0000000-0000-4000-8000-000000000001' }, REDIRECT_URI);
      assert.ok(formOn(consent, '/consent'));
      assert.match(consent.html, /Kees de Boer handelt namens Truus de Boer/);
      const id = 'f0000000-0000-4000-8000-000000000001';
      await server.app.db('voluntary_mandates').where({ id }).update({ status: 'revoked' });
      try {
        const back: Page = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
        assert.equal(new URL(back.location!).searchParams.get('error'), 'access_denied');
      } finally {
        await server.app.db('voluntary_mandates').where({ id }).update({ status: 'active' });
      }
    });
  });

  it('a confidential client cannot use another client\'s code (client mismatch)', async () => {
    const flow = await loginFlow(server.url, { username: 'jan', params: scopeFor('bijzondere-bijstand'), choose: byLabel('Anna') });
    const other = await discover(server.url, 'demo-ziekenhuis', SECRETS['demo-ziekenhuis']);
    await assert.rejects(
      client.authorizationCodeGrant(other, new URL(flow.callback), { pkceCodeVerifier: flow.request.verifier, expectedNonce: flow.request.nonce, expectedState: flow.request.state }),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
  });
});
