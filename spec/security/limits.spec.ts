// Limits that hold (issue 15, items 1–4 and 6): each attack below is what an attacker would try, with its variants
// (another spelling of the path, another method, requests sent at once, a second session, another way to name the
// client), and each assertion is what the attacker, or the person or app attacked, sees. The server trusts 127.0.0.1
// as its proxy, so each spec picks the client address it comes from (X-Forwarded-For).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { PKJWT_PRIVATE_JWK, SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, type Page } from '../support/browser.ts';
import { logInToMijn, type MijnPerson } from '../support/mijn.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const LIMITS = { RATE_LIMIT_LOGIN: '3', RATE_LIMIT_LOGIN_ADDRESS: '6', RATE_LIMIT_ACTIVATION: '3', RATE_LIMIT_BSN_CHECKS: '3', RATE_LIMIT_CLIENT_AUTH_FAILURES: '5', RATE_LIMIT_TOKEN: '1000', TRUSTED_PROXIES: '127.0.0.1' };
let addresses = 0;
/** A client address of its own for each attack (the proxy appends it). */
const newAddress = () => `203.0.113.${++addresses}`;

describe('security: limits that hold', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startServer(LIMITS);
  });
  after(async () => server.close());

  // --- item 1 and 2: the login ---------------------------------------------------------------------------------
  describe('the login', () => {
    /** A login screen in a browser, and a raw POST of its form to any path, with the interaction's cookies. */
    async function loginScreen(from: string) {
      const rp = await discover(server.url, 'demo-gemeente');
      const browser = new Browser();
      const page = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
      const form = formOn(page, '/login');
      const action = new URL(form.action, page.url);
      const cookie = await browser.jar.getCookieString(action.href);
      const post = (fields: Record<string, string>, path = action.pathname, method = 'POST') =>
        fetch(`${server.url}${path}`, {
          method,
          redirect: 'manual',
          headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': from },
          body: method === 'HEAD' ? undefined : new URLSearchParams({ ...form.hidden, ...fields }),
        });
      return { page, path: action.pathname, post };
    }
    async function lockOut(username: string, from: string) {
      const screen = await loginScreen(from);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await screen.post({ username, password: 'wrong-password' })).status);
      assert.deepEqual(statuses, [401, 401, 401]);
      return screen;
    }

    for (const [variant, change] of [
      ['with a trailing slash', (path: string) => `${path}/`],
      ['in other case (/Login)', (path: string) => path.replace(/login$/, 'Login')],
      ['in capitals (/LOGIN)', (path: string) => path.replace(/login$/, 'LOGIN')],
      ['with a double slash before login', (path: string) => path.replace(/\/login$/, '//login')],
      ['with login URL-encoded (%6cogin)', (path: string) => path.replace(/login$/, '%6cogin')],
      ['with a trailing slash after /interaction', (path: string) => path.replace('/interaction/', '/interaction//')],
    ] as const) {
      it(`after a lock-out, the right password posted to the login ${variant} does not log in`, async () => {
        const from = newAddress();
        const screen = await lockOut('kees', from);
        const response = await screen.post({ username: 'kees', password: PASSWORD }, change(screen.path));
        assert.equal(response.status, 404, 'not the login action');
        assert.equal(response.headers.get('location'), null);
        const real = await screen.post({ username: 'kees', password: PASSWORD });
        assert.equal(real.status, 429, 'the real path is still refused');
      });
    }

    for (const method of ['HEAD', 'PUT', 'PATCH', 'DELETE']) {
      it(`after a lock-out, the right password sent with ${method} does not log in`, async () => {
        const from = newAddress();
        const screen = await lockOut('kees', from);
        const response = await screen.post({ username: 'kees', password: PASSWORD }, screen.path, method);
        assert.equal(response.status, 404, 'no such action: oidc-provider answers');
        assert.equal(response.headers.get('location'), null);
        assert.equal((await screen.post({ username: 'kees', password: PASSWORD })).status, 429);
      });
    }

    it('after a lock-out, the right password is refused with 429 and Retry-After, also in a new browser and with the username spelt otherwise', async () => {
      const from = newAddress();
      const screen = await lockOut('kees', from);
      for (const username of ['kees', 'KEES', ' Kees ']) {
        const response = await screen.post({ username, password: PASSWORD });
        assert.equal(response.status, 429, username);
        assert.ok(Number(response.headers.get('retry-after')) > 0);
        assert.match(await response.text(), /too many failed logins for this username; wait a few minutes/);
      }
      const second = await loginScreen(from);
      assert.equal((await second.post({ username: 'kees', password: PASSWORD })).status, 429, 'a new interaction');
      const elsewhere = await loginScreen(newAddress());
      assert.equal((await elsewhere.post({ username: 'kees', password: PASSWORD })).status, 303, 'from another address the person logs in');
    });

    it('40 wrong passwords sent at once: at most 3 are checked, the rest get 429', async () => {
      const screen = await loginScreen(newAddress());
      const responses = await Promise.all(Array.from({ length: 40 }, () => screen.post({ username: 'jan', password: 'wrong-password' })));
      const statuses = responses.map((response) => response.status);
      assert.ok(statuses.filter((status) => status === 401).length <= 3, `checked: ${statuses.filter((status) => status === 401).length}`);
      assert.equal(statuses.filter((status) => status === 429).length + statuses.filter((status) => status === 401).length, 40);
      assert.equal((await screen.post({ username: 'jan', password: PASSWORD })).status, 429, 'then the right one too');
    });

    it('password spraying: after 6 wrong pairs from one address, each for another username, every username from there gets 429', async () => {
      const from = newAddress();
      const screen = await loginScreen(from);
      const usernames = ['jan', 'lars', 'kees', 'truus', 'maria', 'sophie'];
      const sprayed = [];
      for (const username of usernames) sprayed.push((await screen.post({ username, password: 'Welkom01!' })).status);
      assert.deepEqual(sprayed, [401, 401, 401, 401, 401, 401]);
      const next = await screen.post({ username: 'anna', password: 'Welkom01!' });
      assert.equal(next.status, 429);
      assert.ok(Number(next.headers.get('retry-after')) > 0);
      assert.match(await next.text(), /too many failed logins from this address/);
      assert.equal((await screen.post({ username: 'lars', password: PASSWORD })).status, 429, 'the right password from there too');
      assert.equal((await (await loginScreen(newAddress())).post({ username: 'lars', password: PASSWORD })).status, 303, 'lars logs in from his own address');
    });
  });

  // --- item 1 and 2: the activation code -----------------------------------------------------------------------
  describe('the activation code', () => {
    /** Truus grants `agent` a mandate; returns its id and code, and the agent at /mijn. */
    async function pendingMandate(agent: { username: string; bsn: string; surname: string }, slug: string) {
      const truus = (await logInToMijn(server.url, 'truus')).person;
      const form = await truus.open('/mijn/machtigingen/nieuw');
      const today = dutchDate(new Date());
      const granted = await truus.post(form, '/mijn/machtigingen/nieuw', { bsn: agent.bsn, surname: agent.surname, services: [uuid(slug)], valid_from: today, valid_until: addYears(today, 1) });
      assert.equal(granted.status, 201);
      const id = /href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(granted.html)![1]!;
      const code = /id="activation-code"[^>]*>([^<]+)</.exec(granted.html)![1]!.trim();
      const { person, page } = await logInToMijn(server.url, agent.username);
      const csrf = formOn(page, '/mijn/logout').hidden.csrf!;
      const attempt = async (path: string, typed: string) => {
        const url = `${server.url}${path}`;
        const response = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: await person.browser.jar.getCookieString(`${server.url}/mijn/`) },
          body: new URLSearchParams({ csrf, code: typed }),
        });
        return response.status;
      };
      const status = async () => (await server.app.db('voluntary_mandates').where({ id }).first()).status as string;
      return { id, code, attempt, status };
    }

    for (const [variant, change, agent] of [
      ['with a trailing slash', (path: string) => `${path}/`, { username: 'lars', bsn: '999990196', surname: 'Visser' }],
      ['in other case (/Activeren)', (path: string) => path.replace(/activeren$/, 'Activeren'), { username: 'sophie', bsn: '999990147', surname: 'Smit' }],
      ['with a double slash', (path: string) => path.replace('/machtigingen/', '/machtigingen//'), { username: 'henk', bsn: '999990135', surname: 'de Boer' }],
      ['URL-encoded (%61ctiveren)', (path: string) => path.replace(/activeren$/, '%61ctiveren'), { username: 'bram', bsn: '999990159', surname: 'Smit' }],
    ] as const) {
      it(`after a lock-out, the right code posted ${variant} does not activate`, async () => {
        const mandate = await pendingMandate(agent, 'jaaropgave-bijstand');
        const path = `/mijn/machtigingen/${mandate.id}/activeren`;
        assert.deepEqual([await mandate.attempt(path, 'WRONG0AAAA'), await mandate.attempt(path, 'WRONG1AAAA'), await mandate.attempt(path, 'WRONG2AAAA')], [400, 400, 400]);
        assert.equal(await mandate.attempt(change(path), mandate.code), 404);
        assert.equal(await mandate.status(), 'pending');
        assert.equal(await mandate.attempt(path, mandate.code), 429);
      });
    }

    it('20 wrong codes sent at once: at most 3 are compared, the rest get 429, and then the right one too', async () => {
      const mandate = await pendingMandate({ username: 'eva', bsn: '999990184', surname: 'Dijkstra' }, 'jaaropgave-bijstand');
      const path = `/mijn/machtigingen/${mandate.id}/activeren`;
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => mandate.attempt(path, `WRONG${String(i).padStart(2, '0')}AAA`)));
      assert.ok(statuses.filter((status) => status === 400).length <= 3, `compared: ${statuses.filter((status) => status === 400).length}`);
      assert.equal(statuses.filter((status) => status === 429).length + statuses.filter((status) => status === 400).length, 20);
      assert.equal(await mandate.attempt(path, mandate.code), 429);
      assert.equal(await mandate.status(), 'pending');
    });
  });

  // --- item 3: the token endpoint ------------------------------------------------------------------------------
  describe('the token endpoint', () => {
    const token = (from: string, headers: Record<string, string>, body: Record<string, string>, path = '/token') =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from, ...headers },
        body: new URLSearchParams(body),
      });
    const adminToken = (from: string) => token(from, { authorization: basic('demo-admin', 'demo-admin-secret') }, { grant_type: 'client_credentials', scope: 'namens:admin' });
    const ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    const assertion = async (key: Parameters<SignJWT['sign']>[0], clientId = 'demo-gemeente-pkjwt') =>
      new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: PKJWT_PRIVATE_JWK.kid }).setIssuer(clientId).setSubject(clientId).setAudience(server.url).setIssuedAt().setExpirationTime('1m').setJti(randomUUID()).sign(key);
    const codeExchange = { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: REDIRECT_URI, code_verifier: 'v'.repeat(43) };

    const attacks: Array<[string, () => Promise<Record<string, string>[]>]> = [
      ['a wrong secret in HTTP Basic (client_secret_basic)', async () => [{ authorization: basic('demo-admin', 'wrong') }]],
      ['the secret in the body (client_secret_post)', async () => [{}, { client_id: 'demo-admin', client_secret: 'wrong' }] as never],
      ['the client id alone in the body', async () => [{}, { client_id: 'demo-admin' }] as never],
      ['a client_assertion signed with another key (private_key_jwt)', async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return [{}, { client_id: 'demo-gemeente-pkjwt', client_assertion_type: ASSERTION, client_assertion: await assertion(privateKey) }] as never;
      }],
    ];
    for (const [variant, make] of attacks) {
      it(`${variant}, 200 times: the attacker's address gets 429 after 5 failures; the real clients still get tokens`, async () => {
        const attacker = newAddress();
        const [headers = {}, body = {}] = (await make()) as [Record<string, string>?, Record<string, string>?];
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) statuses.push((await token(attacker, headers, { grant_type: 'client_credentials', scope: 'namens:admin', ...body })).status);
        assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
        assert.deepEqual(new Set(statuses.slice(5)), new Set([429]));
        const refused = await adminToken(attacker);
        assert.equal(refused.status, 429, 'from the locked address even the right secret is refused');
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.equal(((await refused.json()) as { error: string }).error, 'too_many_requests');

        const real = await adminToken(newAddress());
        assert.equal(real.status, 200, 'demo-admin gets its token');
        assert.ok(((await real.json()) as { access_token?: string }).access_token);
        const pkjwt = await token(newAddress(), {}, { ...codeExchange, client_id: 'demo-gemeente-pkjwt', client_assertion_type: ASSERTION, client_assertion: await assertion(await importJWK(PKJWT_PRIVATE_JWK, 'ES256')) });
        assert.equal(((await pkjwt.json()) as { error: string }).error, 'invalid_grant', 'demo-gemeente-pkjwt authenticates (its made-up code is refused)');
      });
    }

    it('thousands of requests as demo-ziekenhuis with a wrong secret, from many addresses, do not lock the real demo-ziekenhuis out', async () => {
      for (let a = 0; a < 20; a++) {
        const attacker = newAddress();
        await Promise.all(Array.from({ length: 50 }, () => token(attacker, { authorization: basic('demo-ziekenhuis', 'wrong') }, codeExchange)));
      }
      const real = await token(newAddress(), { authorization: basic('demo-ziekenhuis', 'demo-ziekenhuis-secret') }, codeExchange);
      assert.equal(real.status, 400);
      assert.equal(((await real.json()) as { error: string }).error, 'invalid_grant', 'authenticated and served');
    });

    it('40 wrong secrets sent at once: at most 5 are checked, the rest get 429', async () => {
      const attacker = newAddress();
      const statuses = (await Promise.all(Array.from({ length: 40 }, () => token(attacker, { authorization: basic('demo-admin', 'wrong') }, { grant_type: 'client_credentials' })))).map((r) => r.status);
      assert.ok(statuses.filter((status) => status === 401).length <= 5, `checked: ${statuses.filter((status) => status === 401).length}`);
      assert.equal(statuses.filter((status) => status === 401 || status === 429).length, 40);
    });

    it('failures at introspection, revocation and PAR count against the same address', async () => {
      const attacker = newAddress();
      const wrong = { authorization: basic('demo-gemeente', 'wrong') };
      const statuses = [
        (await token(attacker, wrong, { token: 'x' }, '/token/introspection')).status,
        (await token(attacker, wrong, { token: 'x' }, '/token/revocation')).status,
        (await token(attacker, wrong, { response_type: 'code', client_id: 'demo-gemeente', redirect_uri: REDIRECT_URI, scope: 'openid' }, '/request')).status,
        (await token(attacker, wrong, { token: 'x' }, '/token/introspection')).status,
        (await token(attacker, wrong, codeExchange)).status,
        (await token(attacker, { authorization: basic('demo-gemeente', 'demo-gemeente-secret') }, codeExchange)).status,
      ];
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    });
  });

  // --- item 4: the /mijn forms that match a BSN against a name or birth date -----------------------------------
  describe('the BSN checks of /mijn', () => {
    const today = () => dutchDate(new Date());
    const birthDateOf = async (bsn: string) => (await server.app.db('parties').where({ bsn }).first()).birth_date as string;
    const created = async () => Number((await server.app.db('voluntary_mandates').count({ n: '*' }).first())?.n);
    const ask = async (person: MijnPerson, bsn: string, birthDate: string) => {
      const form = await person.open('/mijn/machtigingen/aanvragen');
      return person.post(form, '/mijn/machtigingen/aanvragen', { bsn, birth_date: birthDate, services: [uuid('jaaropgave-bijstand')], valid_from: today(), valid_until: addYears(today(), 1) });
    };
    const grant = async (person: MijnPerson, bsn: string, surname: string) => {
      const form = await person.open('/mijn/machtigingen/nieuw');
      return person.post(form, '/mijn/machtigingen/nieuw', { bsn, surname, services: [uuid('jaaropgave-bijstand')], valid_from: today(), valid_until: addYears(today(), 1) });
    };
    const wrongDates = ['1950-01-01', '1950-01-02', '1950-01-03'];

    it('request form: after 3 wrong birth dates the right one is refused with 429, and nothing is made; also in a second session', async () => {
      const right = await birthDateOf('999990123'); // Truus
      const lars = (await logInToMijn(server.url, 'lars')).person;
      const before = await created();
      const statuses = [];
      for (const date of wrongDates) statuses.push((await ask(lars, '999990123', date)).status);
      assert.deepEqual(statuses, [400, 400, 400]);
      const limited = await ask(lars, '999990123', right);
      assert.equal(limited.status, 429);
      assert.match(limited.html, /too many BSNs did not match the name or birth date given; wait an hour/);
      const again = (await logInToMijn(server.url, 'lars')).person;
      assert.equal((await ask(again, '999990123', right)).status, 429, 'a second session of the same person');
      assert.equal((await ask(again, '999990135', await birthDateOf('999990135'))).status, 429, 'and another BSN: the person is spent');
      assert.equal(await created(), before);
    });

    it('request form: another person asking about the same BSN (written otherwise) is refused too: the BSN is spent', async () => {
      const right = await birthDateOf('999990172'); // Wim
      const piet = (await logInToMijn(server.url, 'piet')).person;
      for (const date of wrongDates) assert.equal((await ask(piet, '999990172', date)).status, 400);
      const sophie = (await logInToMijn(server.url, 'sophie')).person;
      assert.equal((await ask(sophie, '999 990 172', right)).status, 429);
      assert.equal((await ask(sophie, '999.990.172', right)).status, 429);
    });

    it('grant form: after 3 wrong surnames the right one is refused with 429, and nothing is made', async () => {
      const gerrit = (await logInToMijn(server.url, 'gerrit')).person;
      const before = await created();
      for (const surname of ['Visser', 'Bakker', 'Smit']) assert.equal((await grant(gerrit, '999990056', surname)).status, 400);
      const limited = await grant(gerrit, '999990056', 'Jansen'); // Maria Jansen
      assert.equal(limited.status, 429);
      assert.equal(await created(), before);
    });

    it('20 wrong birth dates sent at once: at most 3 are matched, the rest get 429', async () => {
      const daan = (await logInToMijn(server.url, 'daan')).person;
      const form = await daan.open('/mijn/machtigingen/aanvragen');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => daan.post(form, '/mijn/machtigingen/aanvragen', { bsn: '999990044', birth_date: `1940-02-${String(i + 1).padStart(2, '0')}`, services: [uuid('jaaropgave-bijstand')], valid_from: today(), valid_until: addYears(today(), 1) })),
      );
      const statuses = responses.map((page: Page) => page.status);
      assert.ok(statuses.filter((status) => status === 400).length <= 3, `matched: ${statuses.filter((status) => status === 400).length}`);
      assert.equal(statuses.filter((status) => status === 400 || status === 429).length, 20);
    });

    it('request form: a wrong BSN and a wrong birth date get the same answer, byte for byte', async () => {
      const fatima = (await logInToMijn(server.url, 'fatima')).person;
      const form = await fatima.open('/mijn/machtigingen/aanvragen');
      const post = (bsn: string, birthDate: string) => fatima.post(form, '/mijn/machtigingen/aanvragen', { bsn, birth_date: birthDate, services: [uuid('jaaropgave-bijstand')], valid_from: today(), valid_until: addYears(today(), 1) });
      const wrongBsn = await post('999990214', await birthDateOf('999990081')); // an RSIN, no person; Lotte's birth date
      const wrongDate = await post('999990081', '1990-05-05'); // Lotte's BSN, not her birth date
      assert.equal(wrongBsn.status, 400);
      assert.equal(wrongDate.status, 400);
      assert.equal(wrongBsn.html, wrongDate.html);
      assert.doesNotMatch(wrongDate.html, /999990081/, 'the BSN typed is not shown back');
    });

    it('grant form: a wrong BSN and a wrong surname get the same answer, byte for byte', async () => {
      const anna = (await logInToMijn(server.url, 'anna')).person;
      const form = await anna.open('/mijn/machtigingen/nieuw');
      const post = (bsn: string, surname: string) => anna.post(form, '/mijn/machtigingen/nieuw', { bsn, surname, services: [uuid('jaaropgave-bijstand')], valid_from: today(), valid_until: addYears(today(), 1) });
      const wrongBsn = await post('999990214', 'Kok');
      const wrongSurname = await post('999990160', 'Jansen'); // Ruud Kok's BSN
      assert.equal(wrongBsn.status, 400);
      assert.equal(wrongBsn.html, wrongSurname.html);
    });
  });

  // --- item 6: bodies that are too large or malformed ----------------------------------------------------------
  describe('oversized and malformed bodies', () => {
    const usual = (response: Response, type: RegExp) => {
      assert.match(response.headers.get('content-type') ?? '', type);
      assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    };
    const big = `grant_type=client_credentials&scope=${'A'.repeat(70 * 1024)}`;

    for (const [variant, headers] of [
      ['without client authentication', {}],
      ['with HTTP Basic', { authorization: basic('demo-admin', 'demo-admin-secret') }],
    ] as const) {
      it(`a token request over 64 KiB ${variant} gets 413 JSON with the usual headers`, async () => {
        const response = await fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: big });
        assert.equal(response.status, 413);
        usual(response, /application\/json/);
        assert.deepEqual(await response.json(), { error: 'payload_too_large', error_description: 'the request body is too large' });
      });
    }

    it('an oversized introspection request gets the same 413 JSON', async () => {
      const response = await fetch(`${server.url}/token/introspection`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${'A'.repeat(100 * 1024)}` });
      assert.equal(response.status, 413);
      usual(response, /application\/json/);
      assert.equal(((await response.json()) as { error: string }).error, 'payload_too_large');
    });

    it('an oversized login form gets the 413 page with the usual headers', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const browser = new Browser();
      const page = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
      const action = new URL(formOn(page, '/login').action, page.url).href;
      const response = await fetch(action, {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: await browser.jar.getCookieString(action) },
        body: `username=kees&password=${'A'.repeat(40_000)}`,
      });
      assert.equal(response.status, 413);
      usual(response, /text\/html/);
      assert.match(await response.text(), /payload_too_large/);
    });

    it('after an oversized token request is refused, the same connection carries the next request', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const send = (method: string, path: string, body?: string) =>
        new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
          const req = http.request(`${server.url}${path}`, { method, agent, headers: body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
          });
          req.on('error', reject);
          req.end(body);
        });
      try {
        assert.deepEqual(await send('POST', '/token', big), { status: 413, reused: false });
        assert.deepEqual(await send('GET', '/health/live'), { status: 200, reused: true });
      } finally {
        agent.destroy();
      }
    });

    it('a malformed admin JSON body gets 400 JSON with the usual headers', async () => {
      const response = await fetch(`${server.url}/admin/api/service-providers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": ' });
      assert.ok([400, 401].includes(response.status), String(response.status));
      usual(response, /application\/json/);
    });
  });
});
