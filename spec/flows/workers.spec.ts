// WORKERS=2: one namens on one port, served by two worker processes under a supervising process (node:cluster).
// A whole login works; failed logins are counted together whichever worker answers; a worker that dies is
// replaced; SIGTERM stops them all cleanly. SQLite in the first CI run (two processes on one file), PostgreSQL in
// the second.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn } from '../support/browser.ts';
import { authorizationRequest, client, discover, PASSWORD, REDIRECT_URI, verifyIdToken } from '../support/relying_party.ts';
import { eventually, freePort, startProcess } from '../support/processes.ts';
import { freshDatabase } from '../support/server.ts';


/** The processes whose parent is `pid` (Linux /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

/** A POST on a connection of its own, so that the cluster may hand it to either worker. */
function postOnNewConnection(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('flow: WORKERS=2, one port served by two processes', function () {
  this.timeout(120_000);
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let url: string;
  let supervisor: ChildProcess;
  let output: () => string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-workers-'));
    database = await freshDatabase(dir);
    const port = await freePort();
    url = `http://localhost:${port}`;
    const started = startProcess(['server/main.ts'], { WORKERS: '2', PORT: String(port), ISSUER: url, DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'info', TEST_USER_PASSWORD: PASSWORD, RATE_LIMIT_LOGIN: '3' });
    supervisor = started.child;
    output = started.output;
    await eventually('namens says it runs', async () => output().includes('namens is running in 2 worker processes'));
  });

  after(async () => {
    if (supervisor.exitCode === null) {
      supervisor.kill('SIGKILL');
      for (const pid of await childrenOf(supervisor.pid!)) process.kill(pid, 'SIGKILL');
    }
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs two worker processes under the supervisor, and seeds the new database once', async () => {
    assert.equal((await childrenOf(supervisor.pid!)).length, 2);
    assert.equal(output().match(/database seeded with development data/g)?.length, 1);
  });

  it('completes a mandate login through the shared port, and the ID token verifies', async () => {
    const bijzondere = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
    const rp = await discover(url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${bijzondere.uuid}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    const consent = await browser.submit(selection, '/select_mandate', { mandate: 'a0000000-0000-4000-8000-000000000001' }, REDIRECT_URI);
    const done = await browser.submit(consent, '/consent', {}, REDIRECT_URI);
    const tokens = await client.authorizationCodeGrant(rp, new URL(done.location!), { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
    const idToken = await verifyIdToken(url, tokens.id_token!, 'demo-gemeente');
    assert.equal((idToken.represents as { name: string }).name, 'Anna de Vries');
  });

  it('counts failed logins together: spread over both workers, the fourth is refused with 429', async () => {
    const rp = await discover(url, 'demo-gemeente');
    const browser = new Browser();
    const login = await browser.open((await authorizationRequest(rp)).url, REDIRECT_URI);
    const form = formOn(login, '/login');
    const cookie = await browser.jar.getCookieString(login.url);
    const attempt = (n: number, password: string) =>
      postOnNewConnection(
        new URL(form.action, login.url).href,
        { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-request-id': `workers-spec-login-${n}` },
        new URLSearchParams({ ...form.hidden, username: 'kees', password }).toString(),
      );
    const statuses = [await attempt(1, 'wrong-password'), await attempt(2, 'wrong-password'), await attempt(3, 'wrong-password'), await attempt(4, PASSWORD)];
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    // Which process answered each attempt: every request's log line carries its id and pino's pid.
    await eventually('the attempts are logged', async () => output().includes('workers-spec-login-4'));
    const pids = new Set(
      output()
        .split('\n')
        .filter((line) => line.includes('"req_id":"workers-spec-login-'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    assert.equal(pids.size, 2, 'the attempts were answered by both workers');
  });

  it('replaces a worker that dies, and goes on serving', async () => {
    const [victim] = await childrenOf(supervisor.pid!);
    process.kill(victim!, 'SIGKILL');
    await eventually('a new worker runs', async () => {
      const now = await childrenOf(supervisor.pid!);
      return now.length === 2 && !now.includes(victim!);
    });
    for (let i = 0; i < 4; i++) assert.equal((await fetch(`${url}/health/ready`)).status, 200);
  });

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const workers = await childrenOf(supervisor.pid!);
    supervisor.kill('SIGTERM');
    const code = await new Promise((resolve) => supervisor.once('exit', resolve));
    assert.equal(code, 0);
    for (const pid of workers) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} is gone`);
  });
});
