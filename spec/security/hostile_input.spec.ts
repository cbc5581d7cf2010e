// Hostile input: every request below is refused with the exact status and error code an attacker should meet, no
// request gets a 5xx, and none changes anything (the row counts of the main tables, and the audit log's newest
// row, are the same before and after each one).
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { logInToMijn, type MijnPerson } from '../support/mijn.ts';
import { authorizationRequest, discover, loginFlow, PASSWORD, REDIRECT_URI, type FlowResult } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { adminToken } from '../admin/admin_client.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const GEMEENTE_SERVICE = uuid('bijzondere-bijstand');
const ZIEKENHUIS_SERVICE = uuid('medisch-dossier-kind');
const TABLES = ['parties', 'clients', 'services', 'service_providers', 'voluntary_mandates', 'legal_mandates', 'company_mandates', 'voluntary_mandate_services', 'test_users', 'audit_log'];
const SQL = "' OR '1'='1'; DROP TABLE parties; --";
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** What a refusal looked like: status, and the OAuth error code from a JSON body, a redirect, or the error page. */
interface Outcome {
  status: number;
  error: string | undefined;
}

async function outcomeOf(response: Response): Promise<Outcome> {
  const text = await response.text();
  const location = response.headers.get('location');
  if (location && response.status >= 300 && response.status < 400) {
    const target = new URL(location, 'http://relative.invalid');
    const error = target.searchParams.get('error') ?? new URLSearchParams(target.hash.slice(1)).get('error');
    return { status: response.status, error: error ?? `redirect:${target.pathname}` };
  }
  // The selection screen shown again with its refusal, for a choice that is not the person's.
  if (text.includes('Deze keuze is niet (meer) geldig voor u en deze dienst')) return { status: response.status, error: 'choice_refused' };
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return { status: response.status, error: (JSON.parse(text) as { error?: string }).error };
    } catch {
      return { status: response.status, error: 'unparsable json' };
    }
  }
  return { status: response.status, error: /Foutcode: <code[^>]*>([^<]+)<\/code>/.exec(text)?.[1] ?? /name="([a-z_]+)"[^>]*aria-invalid/.exec(text)?.[1] };
}

describe('security: hostile input', function () {
  this.timeout(120_000);
  let server: TestServer;
  let base: URL;
  let admin: string;
  let kees: FlowResult; // a code waiting at the app's callback
  let jan: { browser: Browser; page: Page };

  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = Number((await server.app.db(table).count({ n: '*' }).first())?.n);
    const newest = await server.app.db('audit_log').orderBy('seq', 'desc').first();
    return { counts, newestAudit: newest?.hash ?? null };
  };

  /** The authorize URL with some parameters replaced (value) or removed (null), and `extra` ones appended (repeats). */
  function authorize(changes: Record<string, string | null> = {}, extra: Array<[string, string]> = []): string {
    const url = new URL(base);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) url.searchParams.delete(name);
      else url.searchParams.set(name, value);
    }
    for (const [name, value] of extra) url.searchParams.append(name, value);
    return url.href;
  }
  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });
  const token = (body: Record<string, string> | string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/token`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: basic('demo-gemeente', 'demo-gemeente-secret'), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: typeof body === 'string' ? body : new URLSearchParams(body),
    });
  const adminCall = (method: string, path: string, { auth = `Bearer ${admin}`, body, type = 'application/json' }: { auth?: string | null; body?: string; type?: string } = {}) =>
    fetch(`${server.url}/admin/api${path}`, { method, headers: { ...(auth ? { authorization: auth } : {}), ...(body !== undefined ? { 'content-type': type } : {}) }, body });
  /** Posts a form as the given browser, without following redirects. */
  async function post(browser: Browser, url: string, fields: Record<string, string> | string, type = 'application/x-www-form-urlencoded') {
    const cookie = await browser.jar.getCookieString(url);
    return fetch(url, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', 'content-type': type, ...(cookie ? { cookie } : {}) }, body: typeof fields === 'string' ? fields : new URLSearchParams(fields) });
  }

  before(async () => {
    server = await startServer();
    const rp = await discover(server.url, 'demo-gemeente');
    base = new URL((await authorizationRequest(rp, { scope: `openid urn:uuid:${GEMEENTE_SERVICE}` })).url);
    admin = await adminToken(server.url);
    kees = await loginFlow(server.url, { username: 'kees', params: { scope: `openid urn:uuid:${GEMEENTE_SERVICE}` }, choose: (options) => options.find((o) => o.label.startsWith('Truus'))!.value });
    const rpJan = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rpJan, { scope: `openid urn:uuid:${GEMEENTE_SERVICE}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    jan = { browser, page: await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI) };
  });
  after(async () => server.close());

  // name → the request, and the refusal expected
  const cases: Array<{ name: string; expect: Outcome; send: () => Promise<Response> }> = [];
  const refuse = (name: string, status: number, error: string | undefined, send: () => Promise<Response>) => cases.push({ name, expect: { status, error }, send });

  // --- authorize: every parameter malformed or repeated ---
  refuse('authorize without client_id', 400, 'invalid_request', () => get(authorize({ client_id: null })));
  refuse('authorize with an unknown client_id', 400, 'invalid_client', () => get(authorize({ client_id: 'no-such-client' })));
  refuse('authorize with SQL in client_id', 400, 'invalid_client', () => get(authorize({ client_id: SQL })));
  refuse('authorize with client_id repeated', 400, 'invalid_request', () => get(authorize({}, [['client_id', 'demo-gemeente']])));
  refuse('authorize with redirect_uri repeated', 303, 'invalid_request', () => get(authorize({}, [['redirect_uri', REDIRECT_URI]])));
  refuse('authorize with a relative redirect_uri', 400, 'invalid_redirect_uri', () => get(authorize({ redirect_uri: '/callback' })));
  refuse('authorize without response_type', 303, 'invalid_request', () => get(authorize({ response_type: null })));
  refuse('authorize with response_type token', 303, 'unsupported_response_type', () => get(authorize({ response_type: 'token' })));
  refuse('authorize with response_type repeated', 303, 'invalid_request', () => get(authorize({}, [['response_type', 'code']])));
  refuse('authorize without scope', 303, 'invalid_request', () => get(authorize({ scope: null })));
  refuse('authorize with scope repeated', 303, 'invalid_request', () => get(authorize({}, [['scope', 'openid']])));
  refuse('authorize with state repeated', 303, 'invalid_request', () => get(authorize({}, [['state', 'x']])));
  refuse('authorize with nonce repeated', 303, 'invalid_request', () => get(authorize({}, [['nonce', 'x']])));
  refuse('authorize with prompt unknown', 303, 'invalid_request', () => get(authorize({ prompt: 'sudo' })));
  refuse('authorize with max_age not a number', 303, 'invalid_request', () => get(authorize({ max_age: '-1; DROP' })));
  refuse('authorize with response_mode unknown', 303, 'unsupported_response_mode', () => get(authorize({ response_mode: 'evil' })));
  refuse('authorize with a request object that is not a JWT', 303, 'invalid_request_object', () => get(authorize({ request: 'not.a.jwt' })));
  refuse('authorize with a request_uri elsewhere', 303, 'request_uri_not_supported', () => get(authorize({ request_uri: 'https://evil.example/req' })));
  refuse('authorize with claims that are not JSON', 303, 'invalid_request', () => get(authorize({ claims: '{not json' })));
  refuse('authorize with authorization_details that are not JSON', 303, 'invalid_authorization_details', () => get(authorize({ authorization_details: '[{' })));
  refuse('authorize with acr_values repeated', 303, 'invalid_request', () => get(authorize({ acr_values: 'http://eidas.europa.eu/LoA/high' }, [['acr_values', 'x']])));
  // --- PKCE downgrade ---
  refuse('authorize without code_challenge (PKCE downgrade)', 303, 'invalid_request', () => get(authorize({ code_challenge: null, code_challenge_method: null })));
  refuse('authorize with code_challenge_method plain (PKCE downgrade)', 303, 'invalid_request', () => get(authorize({ code_challenge_method: 'plain' })));
  refuse('authorize with a code_challenge too short', 303, 'invalid_request', () => get(authorize({ code_challenge: 'abc' })));
  refuse('authorize with code_challenge repeated', 303, 'invalid_request', () => get(authorize({}, [['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM']])));
  // --- services of another provider, unknown, two, SQL ---
  refuse('authorize with a service of another provider (scope)', 303, 'invalid_scope', () => get(authorize({ scope: `openid urn:uuid:${ZIEKENHUIS_SERVICE}` })));
  refuse('authorize with a service of another provider (authorization_details)', 303, 'invalid_authorization_details', () =>
    get(authorize({ scope: 'openid', authorization_details: JSON.stringify([{ type: 'namens:mandate', service: ZIEKENHUIS_SERVICE }]) })));
  refuse('authorize with two services', 303, 'invalid_request', () => get(authorize({ scope: `openid urn:uuid:${GEMEENTE_SERVICE} urn:uuid:${uuid('bijstand')}` })));
  refuse('authorize with SQL as the service', 303, 'invalid_authorization_details', () =>
    get(authorize({ scope: 'openid', authorization_details: JSON.stringify([{ type: 'namens:mandate', service: SQL }]) })));
  // --- redirect URI variations: an error page, never a redirect ---
  for (const [what, uri] of [
    ['in capitals', 'HTTP://LOCALHOST:8080/CALLBACK'],
    ['with a trailing slash', 'http://localhost:8080/callback/'],
    ['with an extra path', 'http://localhost:8080/callback/evil'],
    ['with a userinfo part', 'http://evil@localhost:8080/callback'],
    ['on another port', 'http://localhost:8081/callback'],
    ['with a query added', 'http://localhost:8080/callback?next=https://evil.example'],
    ['over https', 'https://localhost:8080/callback'],
    ['on another host', 'http://evil.example/callback'],
  ] as const) {
    refuse(`authorize with the redirect URI ${what}`, 400, 'invalid_redirect_uri', () => get(authorize({ redirect_uri: uri })));
  }

  // --- token endpoint ---
  const codeOf = () => new URL(kees.callback).searchParams.get('code')!;
  const exchange = (overrides: Record<string, string | null> = {}, headers: Record<string, string> = {}) => {
    const body: Record<string, string> = { grant_type: 'authorization_code', code: codeOf(), redirect_uri: REDIRECT_URI, code_verifier: kees.request.verifier };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === null) delete body[name];
      else body[name] = value;
    }
    return token(body, headers);
  };
  refuse('token: a code with the wrong PKCE verifier', 400, 'invalid_grant', () => exchange({ code_verifier: 'W'.repeat(43) }));
  refuse('token: a code without its PKCE verifier', 400, 'invalid_grant', () => exchange({ code_verifier: null }));
  refuse('token: a code from another client', 400, 'invalid_grant', () => exchange({}, { authorization: basic('demo-ziekenhuis', 'demo-ziekenhuis-secret') }));
  refuse('token: a code with another redirect_uri', 400, 'invalid_grant', () => exchange({ redirect_uri: 'http://localhost:8080/other' }));
  refuse('token: a wrong client secret', 401, 'invalid_client', () => exchange({}, { authorization: basic('demo-gemeente', 'guess') }));
  refuse('token: SQL as the code', 400, 'invalid_grant', () => exchange({ code: SQL }));
  refuse('token: an unknown grant_type', 400, 'unsupported_grant_type', () => exchange({ grant_type: 'password' }));
  refuse('token: grant_type repeated', 400, 'invalid_request', () => token(`grant_type=authorization_code&grant_type=authorization_code&code=${codeOf()}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`));
  refuse('token: a JSON body', 400, 'invalid_request', () => token(JSON.stringify({ grant_type: 'authorization_code', code: codeOf() }), { 'content-type': 'application/json' }));
  refuse('token: an oversized body', 413, 'payload_too_large', () => token(`grant_type=authorization_code&code=${'A'.repeat(200_000)}`));

  // --- the interaction: CSRF, other browsers, other agents' mandates, sizes and types ---
  const janForm = (action: string) => new URL(formOn(jan.page, action).action, jan.page.url).href;
  const janCsrf = () => formOn(jan.page, '/select_mandate').hidden.csrf!;
  refuse('select_mandate: a mandate of another agent (kees → Truus)', 403, 'choice_refused', () => post(jan.browser, janForm('/select_mandate'), { csrf: janCsrf(), mandate: 'a0000000-0000-4000-8000-000000000010' }));
  refuse('select_mandate: SQL as the mandate', 403, 'choice_refused', () => post(jan.browser, janForm('/select_mandate'), { csrf: janCsrf(), mandate: SQL }));
  refuse('select_mandate: without CSRF token', 403, 'invalid_csrf_token', () => post(jan.browser, janForm('/select_mandate'), { mandate: 'self' }));
  refuse('select_mandate: with a wrong CSRF token', 403, 'invalid_csrf_token', () => post(jan.browser, janForm('/select_mandate'), { csrf: 'A'.repeat(43), mandate: 'self' }));
  refuse('select_mandate: from another browser (no interaction cookie)', 400, 'session_not_found', () => post(new Browser(), janForm('/select_mandate'), { csrf: janCsrf(), mandate: 'self' }));
  refuse('select_mandate: an oversized form', 413, 'payload_too_large', () => post(jan.browser, janForm('/select_mandate'), `csrf=${janCsrf()}&mandate=${'A'.repeat(40_000)}`));
  refuse('select_mandate: a JSON body', 403, 'invalid_csrf_token', () => post(jan.browser, janForm('/select_mandate'), JSON.stringify({ csrf: janCsrf(), mandate: 'self' }), 'application/json'));
  refuse('abort: without CSRF token', 403, 'invalid_csrf_token', () => post(jan.browser, janForm('/select_mandate').replace(/select_mandate$/, 'abort'), {}));
  refuse('consent: without CSRF token', 403, 'invalid_csrf_token', () => post(jan.browser, janForm('/select_mandate').replace(/select_mandate$/, 'consent'), {}));
  refuse('login: to an interaction id of another browser', 400, 'session_not_found', async () => {
    const other = new Browser();
    const page = await other.open((await authorizationRequest(await discover(server.url, 'demo-gemeente'))).url, REDIRECT_URI);
    return post(jan.browser, new URL(formOn(page, '/login').action, page.url).href, { ...formOn(page, '/login').hidden, username: 'jan', password: PASSWORD });
  });
  refuse('login: without CSRF token', 403, 'invalid_csrf_token', async () => {
    const browser = new Browser();
    const page = await browser.open(base.href, REDIRECT_URI);
    return post(browser, new URL(formOn(page, '/login').action, page.url).href, { username: 'jan', password: PASSWORD });
  });
  refuse('login: SQL as the username (the form marks the username field invalid)', 401, 'username', async () => {
    const browser = new Browser();
    const page = await browser.open(base.href, REDIRECT_URI);
    return post(browser, new URL(formOn(page, '/login').action, page.url).href, { ...formOn(page, '/login').hidden, username: SQL, password: SQL });
  });

  // --- /mijn forms without or with a wrong CSRF token ---
  let lars: MijnPerson;
  const mijnPost = (path: string, fields: Record<string, string>) => lars.postRaw(`${server.url}${path}`, new URLSearchParams(fields)).then((page) => new Response(page.html, { status: page.status, headers: { 'content-type': 'text/html' } }));
  const MANDATE = 'a0000000-0000-4000-8000-000000000010';
  for (const [path, fields] of [
    ['/mijn/logout', {}],
    ['/mijn/machtigingen/nieuw', { bsn: '999990111', surname: 'de Boer', services: GEMEENTE_SERVICE }],
    ['/mijn/machtigingen/aanvragen', { bsn: '999990111', birth_date: '1970-01-01', services: GEMEENTE_SERVICE }],
    [`/mijn/machtigingen/${MANDATE}/intrekken`, {}],
    [`/mijn/machtigingen/${MANDATE}/activeren`, { code: 'ABCDEFGHIJ' }],
    [`/mijn/machtigingen/${MANDATE}/goedkeuren`, {}],
    [`/mijn/machtigingen/${MANDATE}/weigeren`, {}],
  ] as const) {
    refuse(`mijn: ${path} without CSRF token`, 403, 'invalid_csrf_token', () => mijnPost(path, fields));
    refuse(`mijn: ${path} with a wrong CSRF token`, 403, 'invalid_csrf_token', () => mijnPost(path, { ...fields, csrf: 'x'.repeat(43) }));
  }

  // --- admin API: authentication, bodies, types, sizes, SQL ---
  refuse('admin: no token', 401, 'invalid_token', () => adminCall('GET', '/clients', { auth: null }));
  refuse('admin: a malformed Authorization header', 401, 'invalid_token', () => adminCall('GET', '/clients', { auth: 'Bearer <script>' }));
  refuse('admin: an unknown token', 401, 'invalid_token', () => adminCall('GET', '/clients', { auth: `Bearer ${'A'.repeat(43)}` }));
  refuse('admin: an expired token', 401, 'invalid_token', async () => {
    const expired = await adminToken(server.url);
    const row = await server.app.db('oidc_models').where({ id: expired }).first();
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    await server.app.db('oidc_models').where({ id: expired }).update({ payload: JSON.stringify({ ...payload, exp: Math.floor(Date.now() / 1000) - 60 }) });
    return adminCall('GET', '/clients', { auth: `Bearer ${expired}` });
  });
  refuse('admin: a token without the admin scope', 403, 'insufficient_scope', async () => {
    const response = await fetch(`${server.url}/token`, { method: 'POST', headers: { authorization: basic('demo-admin', 'demo-admin-secret'), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials' }) });
    const { access_token } = (await response.json()) as { access_token: string };
    return adminCall('GET', '/clients', { auth: `Bearer ${access_token}` });
  });
  refuse('admin: a user access token of an app', 401, 'invalid_token', () => adminCall('GET', '/clients', { auth: 'Bearer ' + 'B'.repeat(43) }));
  refuse('admin: a body that is not JSON', 400, 'invalid_request', () => adminCall('POST', '/service-providers', { body: '{"id": ' }));
  refuse('admin: a form body', 415, 'unsupported_media_type', () => adminCall('POST', '/service-providers', { body: 'id=x', type: 'application/x-www-form-urlencoded' }));
  refuse('admin: an oversized body', 413, 'payload_too_large', () => adminCall('POST', '/service-providers', { body: JSON.stringify({ id: 'x', name: 'A'.repeat(3_000_000) }) }));
  refuse('admin: SQL in a path id', 404, 'not_found', () => adminCall('GET', `/clients/${encodeURIComponent(SQL)}`));
  refuse('admin: SQL in a service uuid', 404, 'not_found', () => adminCall('GET', `/services/${encodeURIComponent(SQL)}`));
  refuse('admin: SQL in a register query', 400, 'invalid_request', () => adminCall('GET', `/legal-mandates?agent=${encodeURIComponent(SQL)}`));
  refuse('admin: a service of an unknown provider', 400, 'invalid_request', () =>
    adminCall('POST', '/services', { body: JSON.stringify({ id: 'urn:namens:service:x', service_provider_id: SQL, name: { nl: 'x', en: 'x' }, domains: ['financial'] }) }));
  refuse('catalog: an oversized header', 431, undefined, () => fetch(`${server.url}/catalog/services`, { headers: { 'x-big': 'A'.repeat(20_000) } }));
  // A path of namens' own in other letter case is namens' own 404 (JSON for the APIs, the page for browsers), not
  // oidc-provider's bare text/plain "Not Found", and not the route itself.
  refuse('decision API: the path in capitals', 404, 'not_found', () => fetch(`${server.url}/ACCESS/v1/evaluation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  refuse('admin: the path in mixed case', 404, 'not_found', () => fetch(`${server.url}/Admin/api/clients`));
  refuse('catalog: the path in capitals', 404, 'not_found', () => fetch(`${server.url}/CATALOG/services`));
  refuse('mijn: the path in capitals, from a browser', 404, 'not_found', () => fetch(`${server.url}/MIJN/machtigingen`, { headers: { accept: 'text/html' } }));

  it(`has at least 60 distinct hostile requests (${cases.length})`, () => {
    assert.ok(cases.length >= 60);
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  });

  it('refuses each with the exact status and error, never a 5xx, changing nothing', async () => {
    ({ person: lars } = await logInToMijn(server.url, 'lars'));
    const failures: string[] = [];
    for (const { name, expect, send } of cases) {
      const before = await snapshot();
      const outcome = await outcomeOf(await send());
      const after = await snapshot();
      if (outcome.status >= 500) failures.push(`${name}: ${outcome.status} ${outcome.error}`);
      else if (outcome.status !== expect.status || outcome.error !== expect.error) failures.push(`${name}: expected ${expect.status} ${expect.error}, got ${outcome.status} ${outcome.error}`);
      try {
        assert.deepEqual(after, before);
      } catch {
        failures.push(`${name}: state changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('lets the code be redeemed once after all that; a replay is refused and changes nothing', async () => {
    const first = await exchange();
    assert.equal(first.status, 200);
    const before = await snapshot();
    const replay = await outcomeOf(await exchange());
    assert.deepEqual(replay, { status: 400, error: 'invalid_grant' });
    assert.deepEqual(await snapshot(), before);
    const options = radioOptions(jan.page);
    assert.ok(options.some((o) => o.label.startsWith('Anna')), 'jan still has his own choices after the attempts');
  });
});
