// What operators expect: a request id on every response and in the logs, readiness and Prometheus metrics,
// security headers and cookie flags, and rate limits with 429 and Retry-After.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn } from '../support/browser.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { completeFlow, discover, authorizationRequest, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const anna = (options: Array<{ value: string; label: string }>) => options.find((o) => o.label.startsWith('Anna de Vries'))!.value;

/** A pino logger whose JSON lines the spec can read. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** The value of one sample in Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('security: operations', () => {
  describe('request ids, logs, readiness and metrics', () => {
    let server: TestServer;
    const captured = capturingLogger();
    before(async () => {
      server = await startServer({}, { logger: captured.logger });
    });
    after(async () => server.close());

    it('returns a request id on every response and logs one line per request with it, without the query string', async () => {
      const response = await fetch(`${server.url}/catalog/services?secret=abc`);
      const id = response.headers.get('x-request-id');
      assert.match(id ?? '', /^[0-9a-f-]{36}$/);
      const discovery = await fetch(`${server.url}/.well-known/openid-configuration`);
      assert.match(discovery.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'oidc-provider routes carry one too');
      const line = captured.lines().find((entry) => entry.req_id === id);
      assert.deepEqual({ ...line, time: undefined, pid: undefined, hostname: undefined, ms: undefined }, {
        level: 30, msg: 'request', req_id: id, method: 'GET', path: '/catalog/services', status: 200, time: undefined, pid: undefined, hostname: undefined, ms: undefined,
      });
      const kept = await fetch(`${server.url}/health/live`, { headers: { 'x-request-id': 'proxy-1234abcd' } });
      assert.equal(kept.headers.get('x-request-id'), 'proxy-1234abcd', 'a plain id from a proxy is kept');
      const replaced = await fetch(`${server.url}/health/live`, { headers: { 'x-request-id': '<script>' } });
      assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'anything else is replaced');
    });

    it('is ready when the database answers', async () => {
      const response = await fetch(`${server.url}/health/ready`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', database: 'ok' });
    });

    it('counts flows started and finished, mandate choices by basis, token latency and errors by OAuth code', async () => {
      const before = await (await fetch(`${server.url}/metrics`)).text();
      await completeFlow(server.url, { username: 'jan', params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, choose: anna });
      const refused = await fetch(`${server.url}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
      });
      assert.equal(refused.status, 400);
      const metrics = await fetch(`${server.url}/metrics`);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
      const after = await metrics.text();
      const grew = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
      assert.equal(grew('namens_flows_started_total', { client_id: 'demo-gemeente' }) >= 1, true);
      assert.equal(grew('namens_flows_finished_total', { client_id: 'demo-gemeente' }), 1);
      assert.equal(grew('namens_mandate_choices_total', { basis: 'legal' }), 1);
      assert.equal(grew('namens_token_endpoint_seconds_count', { grant_type: 'authorization_code', status: '200' }), 1);
      assert.equal(grew('namens_token_endpoint_seconds_count', { grant_type: 'authorization_code', status: '400' }), 1);
      assert.equal(grew('namens_errors_total', { code: 'invalid_grant' }), 1);
      assert.ok(sample(after, 'process_resident_memory_bytes') > 0, 'process metrics are there');
    });
  });

  describe('security headers and cookies', () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => server.close());

    it('sends a strict CSP without inline script, frame-ancestors none and a Referrer-Policy on every page; cookies HttpOnly and SameSite', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const request = await authorizationRequest(rp);
      const browser = new Browser();
      const pages = [
        await fetch(request.url, { redirect: 'manual' }),
        await fetch(`${server.url}/mijn/login`, { redirect: 'manual' }),
        await fetch(`${server.url}/catalog/services`),
        await fetch(`${server.url}/no-such-page`, { headers: { accept: 'text/html' } }),
      ];
      const login = await browser.open(request.url, REDIRECT_URI);
      for (const response of pages) {
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
        for (const cookie of response.headers.getSetCookie()) {
          assert.match(cookie, /httponly/i, cookie);
          assert.match(cookie, /samesite=(lax|strict|none)/i, cookie);
        }
      }
      assert.doesNotMatch(login.html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script on the login page');
      assert.match(login.html, /<form/);
    });
  });

  describe('rate limits', () => {
    let server: TestServer;
    let now = Date.now();
    before(async () => {
      server = await startServer({ RATE_LIMIT_LOGIN: '3', RATE_LIMIT_ACTIVATION: '3', RATE_LIMIT_TOKEN: '4' }, { clock: () => new Date(now) });
    });
    after(async () => server.close());

    it('refuses a fourth failed login for one username from one address with 429 and Retry-After; another username still logs in', async () => {
      const rp = await discover(server.url, 'demo-gemeente');
      const browser = new Browser();
      const login = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await browser.submit(login, '/login', { username: 'kees', password: 'wrong-password' }, REDIRECT_URI)).status);
      assert.deepEqual(statuses, [401, 401, 401]);
      const form = formOn(login, '/login');
      const limited = await fetch(new URL(form.action, login.url), {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: await browser.jar.getCookieString(login.url) },
        body: new URLSearchParams({ ...form.hidden, username: 'KEES', password: PASSWORD }),
      });
      assert.equal(limited.status, 429, 'even the right password, and the username in capitals');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.match(await limited.text(), /too many failed logins for this username; wait a few minutes/);
      const other = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.notEqual(other.status, 429);
      assert.notEqual(other.status, 401);
    });

    it('refuses a fourth refused activation code of one person with 429, whatever the mandate', async () => {
      const truus = (await logInToMijn(server.url, 'truus')).person;
      const form = await truus.open('/mijn/machtigingen/nieuw');
      const today = dutchDate(new Date(now));
      const granted = await truus.post(form, '/mijn/machtigingen/nieuw', { bsn: '999990196', surname: 'Visser', services: [uuid('jaaropgave-bijstand')], valid_from: today, valid_until: addYears(today, 1) });
      const id = /href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(granted.html)![1]!;
      const code = textOf(granted, 'activation-code')!;
      const { person: lars, page } = await logInToMijn(server.url, 'lars');
      const csrf = formOn(page, '/mijn/logout').hidden.csrf!;
      const attempt = (mandate: string, typed: string) => lars.postRaw(`${server.url}/mijn/machtigingen/${mandate}/activeren`, new URLSearchParams({ csrf, code: typed }));
      const statuses = [(await attempt(id, 'WRONG0AAAA')).status, (await attempt(id, 'WRONG1AAAA')).status, (await attempt('00000000-0000-4000-8000-000000000000', 'WRONG2AAAA')).status];
      assert.deepEqual(statuses, [400, 400, 400]);
      const limited = await attempt(id, code);
      assert.equal(limited.status, 429);
      assert.match(limited.html, /too many activation codes were refused; wait an hour/);
      assert.equal((await server.app.db('voluntary_mandates').where({ id }).first()).status, 'pending');
    });

    it('refuses token requests of one client beyond its limit per minute with 429 JSON and Retry-After; other clients go on', async () => {
      const post = (auth: string) =>
        fetch(`${server.url}/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post('demo-ziekenhuis:demo-ziekenhuis-secret')).status);
      assert.deepEqual(statuses, [400, 400, 400, 400, 429]);
      const limited = await post('demo-ziekenhuis:demo-ziekenhuis-secret');
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.deepEqual(Object.keys((await limited.json()) as object), ['error', 'error_description']);
      assert.equal((await post('demo-gemeente:demo-gemeente-secret')).status, 400, 'another client is not limited');
      // a public client names itself in the body
      const publicClient = () =>
        fetch(`${server.url}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: 'demo-app', grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
        });
      const publicStatuses: number[] = [];
      for (let i = 0; i < 5; i++) publicStatuses.push((await publicClient()).status);
      assert.deepEqual(publicStatuses, [400, 400, 400, 400, 429]);
    });

    if (process.env.TEST_POSTGRES_URL) {
      it('shares the counters between processes on PostgreSQL', async () => {
        const second = await startServer({ DATABASE_URL: server.databaseUrl, RATE_LIMIT_LOGIN: '3', RATE_LIMIT_ACTIVATION: '3', RATE_LIMIT_TOKEN: '4' });
        try {
          const post = (base: string) =>
            fetch(`${base}/token`, {
              method: 'POST',
              headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
            });
          // demo-gemeente used one request in the test before; three more on the second process, then the first refuses
          const statuses = [(await post(second.url)).status, (await post(second.url)).status, (await post(second.url)).status, (await post(server.url)).status];
          assert.deepEqual(statuses, [400, 400, 400, 429]);
        } finally {
          await second.close();
        }
      });
    }
  });
});
