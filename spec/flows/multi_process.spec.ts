// Two namens processes on one PostgreSQL behave as one server: they start together (one migrates and seeds), a
// login may hop between them, a code is redeemed once whichever process is asked, a /mijn session made on one works
// and ends on the other, and a key rotation made by another process is published by both.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn } from '../support/browser.ts';
import { logInToMijn } from '../support/mijn.ts';
import { authorizationRequest, client, discover, PASSWORD, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { eventually, freePort, startProcess } from '../support/processes.ts';
import { freshDatabase } from '../support/server.ts';

// PostgreSQL in both CI runs: this is the load-balancer deployment. (Processes sharing one SQLite file, WORKERS,
// are covered by workers.spec.ts.)
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A namens process that prints what it said when it fails. */
function run(args: string[], env: Record<string, string>): ChildProcess {
  const { child, output } = startProcess(args, env);
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`process ${args.join(' ')} exited ${code}:\n${output()}`);
  });
  return child;
}

const kidsOf = async (url: string) => ((await (await fetch(`${url}/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid).sort();

describe('flow: two processes on one PostgreSQL', function () {
  this.timeout(120_000);
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let a: string;
  let b: string;
  const children: ChildProcess[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-two-'));
    database = await freshDatabase(dir, POSTGRES);
    const [portA, portB] = [await freePort(), await freePort()];
    a = `http://localhost:${portA}`;
    b = `http://localhost:${portB}`;
    // Behind one load balancer both answer for the same issuer.
    const env = { DATABASE_URL: database.url, ISSUER: a, LOG_LEVEL: 'warn', KEY_REFRESH_SECONDS: '1', NODE_ENV: 'test', TEST_USER_PASSWORD: PASSWORD };
    children.push(run(['server/main.ts'], { ...env, PORT: String(portA) }), run(['server/main.ts'], { ...env, PORT: String(portB) }));
    for (const url of [a, b]) await eventually(`${url} is up`, async () => (await fetch(`${url}/health/live`)).ok);
  });

  after(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve)))));
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('started together, migrated and seeded once', async () => {
    const db = knex({ client: 'pg', connection: database.url });
    try {
      const migrations = await db('knex_migrations').select('name');
      assert.equal(migrations.length, new Set(migrations.map((m) => m.name)).size, 'each migration ran once');
      const [{ n }] = await db('parties').where({ kind: 'person', name: 'Jan Jansen' }).count({ n: '*' });
      assert.equal(Number(n), 1, 'seeded once');
      const [{ keys }] = await db('signing_keys').count({ keys: '*' });
      assert.equal(Number(keys), 6, 'one key of each algorithm, made by one of the two');
    } finally {
      await db.destroy();
    }
    assert.deepEqual(await kidsOf(a), await kidsOf(b));
  });

  it('authorizes on the first, logs in and picks a mandate on the second, and exchanges the code on the first', async () => {
    const bijzondere = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
    const rp = await discover(a, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${bijzondere.uuid}` });
    const browser = new Browser();
    browser.route = (url) => (url.startsWith(`${a}/interaction/`) ? url.replace(a, b) : url);
    const login = await browser.open(request.url, REDIRECT_URI);
    assert.ok(login.url.startsWith(`${b}/interaction/`), 'the login screen came from the second process');
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.ok(selection.url.startsWith(`${b}/interaction/`));
    const consent = await browser.submit(selection, '/select_mandate', { mandate: 'a0000000-0000-4000-8000-000000000001' }, REDIRECT_URI);
    const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
    const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
    const idToken = await verifyIdToken(a, tokens.id_token!, 'demo-gemeente');
    assert.equal((idToken.represents as { name: string }).name, 'Anna de Vries');
  });

  it('redeems a code exchanged on both processes at once exactly once', async () => {
    const rp = await discover(a, 'demo-gemeente');
    const request = await authorizationRequest(rp);
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const consent = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
    const code = new URL(done.location!).searchParams.get('code')!;
    const exchange = (url: string) =>
      fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: request.verifier }),
      });
    const statuses = (await Promise.all([exchange(a), exchange(b), exchange(a), exchange(b)])).map((response) => response.status);
    assert.deepEqual(statuses.filter((status) => status === 200).length, 1, `statuses ${statuses.join(', ')}`);
    assert.ok(statuses.filter((status) => status !== 200).every((status) => status === 400));
  });

  it('keeps a /mijn session in the database: made on the first, used and logged out on the second, then gone on both', async () => {
    const { person, page } = await logInToMijn(a, 'truus');
    const cookie = await person.browser.jar.getCookieString(`${a}/mijn`);
    const loggedIn = async (url: string) => /Ingelogd als/.test(await (await fetch(`${url}/mijn`, { headers: { cookie } })).text());
    assert.ok(await loggedIn(b), 'the second process knows the session made on the first');
    const out = await fetch(`${b}/mijn/logout`, {
      method: 'POST',
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: formOn(page, '/mijn/logout').hidden.csrf! }).toString(),
      redirect: 'manual',
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('location')!, /\/session\/end\?/, 'logged out on the second process');
    assert.equal(await loggedIn(a), false, 'the first process no longer knows it');
    assert.equal(await loggedIn(b), false);
  });

  it('publishes a key rotation made by another process on both, within the refresh interval', async () => {
    const before = await kidsOf(a);
    const rotation = run(['server/cli.ts', 'keys', 'rotate'], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    const code = await new Promise((resolve) => rotation.once('exit', resolve));
    assert.equal(code, 0);
    for (const url of [a, b]) {
      await eventually(`${url} publishes the new keys`, async () => {
        const now = await kidsOf(url);
        return now.length === 2 * before.length && before.every((kid) => now.includes(kid));
      });
    }
  });
});
