// Property: an authorization request with any parameters (client_id, redirect_uri, scope, response_type, claims and
// authorization_details JSON, prompt, max_age, ui_locales, junk request objects, PKCE) at /auth is
// answered without a 5xx or a stack trace, as is the interaction page it may lead to; none changes the registers,
// parties, clients, catalog or audit log.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SERVICES } from '../../seeds/personas.ts';
import { authorizationRequest, discover, REDIRECT_URI } from '../support/relying_party.ts';
import type { TestServer } from '../support/server.ts';
import { assertAnswered, changed, fuzz, smallJson, send, shortHostileString, snapshot, startFuzzServer } from './fuzz.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const GEMEENTE = uuid('bijzondere-bijstand');
const ZIEKENHUIS = uuid('medisch-dossier-kind');
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const json = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => JSON.stringify(value) ?? 'null');
const mandateDetail = fc.record(
  { type: fc.oneof(fc.constant('namens:mandate'), shortHostileString), service: fc.oneof(fc.constantFrom(GEMEENTE, ZIEKENHUIS, `urn:uuid:${GEMEENTE}`, 'urn:namens:service:bijzondere-bijstand'), shortHostileString, smallJson), actions: smallJson, locations: smallJson },
  { requiredKeys: ['type'] },
);

/** Per parameter: the values a careless or hostile app would send. */
const VALUES: Record<string, fc.Arbitrary<string>> = {
  client_id: fc.oneof(fc.constantFrom('demo-gemeente', 'demo-ziekenhuis', 'demo-app', 'demo-admin', 'namens-mijn', 'nobody', ''), shortHostileString),
  redirect_uri: fc.oneof(fc.constantFrom(REDIRECT_URI, 'http://localhost:8080/callback/', 'HTTP://LOCALHOST:8080/callback', 'https://evil.example/cb', '/callback', 'javascript:alert(1)', 'http://localhost:8080/callback#x', ''), shortHostileString),
  scope: fc.oneof(
    fc.subarray(['openid', `urn:uuid:${GEMEENTE}`, `urn:uuid:${ZIEKENHUIS}`, 'profile', 'email', 'offline_access', 'namens:admin', 'urn:uuid:00000000-0000-4000-8000-000000000000']).map((scopes) => scopes.join(' ')),
    shortHostileString,
  ),
  response_type: fc.oneof(fc.constantFrom('code', 'token', 'id_token', 'code id_token', 'none', 'CODE', ''), shortHostileString),
  response_mode: fc.oneof(fc.constantFrom('query', 'fragment', 'form_post', 'jwt', 'query.jwt', 'web_message'), shortHostileString),
  claims: fc.oneof(
    json(smallJson),
    json(fc.record({ id_token: fc.dictionary(fc.oneof(fc.constantFrom('sub', 'acr', 'namens', 'name', '__proto__'), fc.string({ maxLength: 8 })), smallJson), userinfo: smallJson }, { requiredKeys: [] })),
    shortHostileString,
  ),
  authorization_details: fc.oneof(json(fc.array(mandateDetail, { maxLength: 3 })), json(smallJson), shortHostileString),
  prompt: fc.oneof(fc.subarray(['none', 'login', 'consent', 'select_account', 'create']).map((p) => p.join(' ')), shortHostileString),
  max_age: fc.oneof(fc.integer({ min: -5, max: 2 ** 40 }).map(String), fc.constantFrom('0', '-1', '1.5', '1e3', 'NaN', '9'.repeat(40)), shortHostileString),
  ui_locales: fc.oneof(fc.constantFrom('nl', 'en', 'de', 'en-US nl', 'fy', '*', 'nl;q=0.5'), shortHostileString),
  request: fc.oneof(
    fc.constantFrom('not.a.jwt', 'a.b.c', '...', 'eyJ9.eyJ9.', `${b64({ alg: 'none' })}.${b64({})}.`),
    fc.tuple(smallJson, smallJson, shortHostileString).map(([header, payload, signature]) => `${b64(header)}.${b64(payload)}.${b64(signature)}`),
    fc.tuple(smallJson, smallJson).map(([header, payload]) => `${b64(header)}.${b64(payload)}`),
    shortHostileString,
  ),
  request_uri: fc.oneof(fc.constantFrom('urn:ietf:params:oauth:request_uri:abc', 'https://evil.example/req'), shortHostileString),
  code_challenge: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.stringMatching(/^[A-Za-z0-9_-]{0,200}$/), shortHostileString),
  code_challenge_method: fc.oneof(fc.constantFrom('S256', 'plain', 's256', ''), shortHostileString),
  state: shortHostileString,
  nonce: shortHostileString,
  acr_values: fc.oneof(fc.constantFrom('http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high', 'http://eidas.europa.eu/LoA/low'), shortHostileString),
  login_hint: shortHostileString,
  id_token_hint: shortHostileString,
};
const NAMES = Object.keys(VALUES);

type Change = { kind: 'set'; name: string; value: string } | { kind: 'delete'; name: string } | { kind: 'repeat'; name: string; value: string };
const change: fc.Arbitrary<Change> = fc.constantFrom(...NAMES).chain((name) =>
  fc.oneof(
    { weight: 6, arbitrary: VALUES[name]!.map((value): Change => ({ kind: 'set', name, value })) },
    { weight: 1, arbitrary: fc.constant<Change>({ kind: 'delete', name }) },
    { weight: 1, arbitrary: VALUES[name]!.map((value): Change => ({ kind: 'repeat', name, value })) },
  ),
);
const input = fc.record({
  changes: fc.array(change, { minLength: 1, maxLength: 5 }),
  /** Raw bytes after the encoded query: broken percent-encoding, stray separators. */
  tail: fc.option(fc.constantFrom('&%ZZ=1', '&scope=%E0%A4%A', '&&&', '&=', '&client_id', '&%00=%00', '&a[b]=c', '&__proto__[x]=1'), { freq: 5 }),
});

describe('fuzz: authorization request parameters', function () {
  this.timeout(300_000);
  let server: TestServer;
  let base: URLSearchParams;
  before(async () => {
    server = await startFuzzServer();
    const rp = await discover(server.url, 'demo-gemeente');
    base = new URL((await authorizationRequest(rp, { scope: `openid urn:uuid:${GEMEENTE}` })).url).searchParams;
  });
  after(async () => server?.close());

  // Found by the property below on PostgreSQL (shrunk): a NUL character in client_id got 500 there (the client lookup
  // queried by it, and PostgreSQL cannot store U+0000 in text).
  it('an authorization request with a NUL character in client_id is refused as an unknown client', async () => {
    const params = new URLSearchParams(base);
    params.set('client_id', '\u0000');
    const answer = await send(`${server.url}/auth?${params}`, { headers: { accept: 'text/html' } });
    assert.equal(answer.status, 400, answer.text.slice(0, 300));
    assertAnswered(answer, 'GET /auth?client_id=%00');
    assert.match(answer.text, /invalid_client/);
  });

  it('any parameters at /auth: no 5xx, no stack trace, nothing written', async () => {
    // GET only: POST /auth is off (oidc-provider's enableHttpPostMethods, false by default) and answers 404.
    await fuzz('authorization request parameters', input, async ({ changes, tail }) => {
      const params = new URLSearchParams(base);
      for (const item of changes) {
        if (item.kind === 'set') params.set(item.name, item.value);
        else if (item.kind === 'delete') params.delete(item.name);
        else params.append(item.name, item.value);
      }
      const query = `${params}${tail ?? ''}`;
      // Node itself answers a request line over 16 KiB with a bare 431, before namens sees it.
      fc.pre(query.length < 12_000);
      const before = await snapshot(server);
      const answer = await send(`${server.url}/auth?${query}`, { headers: { accept: 'text/html' } });
      assertAnswered(answer, `GET /auth?${query.slice(0, 600)}`);
      // Where namens sends the browser next on its own site (the login screen), that page too.
      let shown = false;
      if (answer.location && answer.status >= 300 && answer.status < 400) {
        const next = new URL(answer.location, server.url);
        if (next.origin === new URL(server.url).origin) {
          const cookies = answer.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
          const page = await send(next.href, { headers: { accept: 'text/html', ...(cookies ? { cookie: cookies } : {}) } });
          assertAnswered(page, `GET ${next.pathname} after /auth?${query.slice(0, 600)}`);
          shown = page.status === 200;
        }
      }
      assert.deepEqual(changed(before, await snapshot(server)), [], `an authorization request changed the database: /auth?${query.slice(0, 600)}`);
      return shown ? 'accepted' : 'refused';
    });
  });
});
