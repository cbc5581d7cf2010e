// Fault: PostgreSQL restarts while flows run. Requests in the gap get 503 with a body that names the cause
// (temporarily_unavailable), namens reconnects by itself, and flows after it succeed without restarting namens.
// Always on a private PostgreSQL cluster of its own (also in the SQLite run of the suite): it is stopped and started.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, type Page } from '../support/browser.ts';
import { authorizationRequest, completeFlow, discover, exchangeCode, loginFlow, PASSWORD, REDIRECT_URI, type FlowResult } from '../support/relying_party.ts';
import { eventually } from '../support/processes.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { createPrivatePostgres, type PrivatePostgres } from './private_postgres.ts';

const BIJZONDERE_BIJSTAND = `openid urn:uuid:${SERVICES.find((s) => s.id.endsWith(':bijzondere-bijstand'))!.uuid}`;
const anna = (options: Array<{ value: string; label: string }>) => options.find((o) => o.label.startsWith('Anna'))!.value;
const janForAnna = { username: 'jan', params: { scope: BIJZONDERE_BIJSTAND }, choose: anna };

/** What a failed flow saw, in one line: the status and the error code of the response that stopped it. */
function describeFailure(error: unknown): string {
  const { status, error: code, message } = error as { status?: number; error?: string; message?: string };
  if (status !== undefined || code !== undefined) return `${status} ${code}`; // openid-client's ResponseBodyError
  const text = message ?? String(error);
  const statusMatch = /(?:status |got )(\d{3})/.exec(text);
  const codeMatch = /Foutcode: <code[^>]*>([a-z_]+)<\/code>/.exec(text);
  return `${statusMatch?.[1] ?? '?'} ${codeMatch?.[1] ?? text.slice(0, 300)}`;
}

describe('security: PostgreSQL restarts while flows run', function () {
  this.timeout(240_000);
  let postgres: PrivatePostgres | undefined;
  let server: TestServer | undefined;

  before(async () => {
    postgres = await createPrivatePostgres();
    server = await startServer({ DATABASE_URL: postgres.url });
  });
  after(async () => {
    try {
      await server?.close();
    } finally {
      await postgres?.remove();
    }
  });

  it('answers 503 temporarily_unavailable in the gap, reconnects by itself, and completes flows afterwards', async () => {
    const url = server!.url;
    // Several flows at once, so the pool holds several connections that the restart will break.
    await Promise.all([1, 2, 3, 4].map(() => completeFlow(url, janForAnna)));

    // A flow waiting for its token exchange, and one waiting on the login page, when the database goes away.
    const codeWaiting: FlowResult = await loginFlow(url, janForAnna);
    const rp = await discover(url, 'demo-gemeente');
    const loginWaiting = new Browser();
    const loginPage: Page = await loginWaiting.open((await authorizationRequest(rp, { scope: BIJZONDERE_BIJSTAND })).url, REDIRECT_URI);
    assert.match(loginPage.html, /action="[^"]*\/login"/);

    // Flows keep running throughout, each loop starting a new flow as soon as one ends.
    let running = true;
    const outcomes: Array<{ phase: 'before' | 'gap' | 'after'; result: string }> = [];
    let phase: 'before' | 'gap' | 'after' = 'before';
    const loops = [1, 2, 3].map(async () => {
      while (running) {
        const during = phase;
        try {
          await completeFlow(url, janForAnna);
          outcomes.push({ phase: during === phase ? during : 'gap', result: 'ok' });
        } catch (error) {
          outcomes.push({ phase: 'gap', result: describeFailure(error) });
        }
      }
    });

    try {
      await postgres!.stop();
      phase = 'gap';

      const ready = await fetch(`${url}/health/ready`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'unavailable', database: 'unreachable' });

      const token = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: new URL(codeWaiting.callback).searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: codeWaiting.request.verifier }),
      });
      assert.equal(token.status, 503);
      assert.equal(token.headers.get('retry-after'), '5');
      assert.equal(((await token.json()) as { error: string }).error, 'temporarily_unavailable');

      const authorize = await fetch((await authorizationRequest(rp, { scope: BIJZONDERE_BIJSTAND })).url, { headers: { accept: 'text/html' }, redirect: 'manual' });
      assert.equal(authorize.status, 503);
      assert.equal(authorize.headers.get('location'), null, 'nothing goes back to the app');
      assert.match(await authorize.text(), /Foutcode: <code[^>]*>temporarily_unavailable<\/code>/);

      const login = await loginWaiting.submit(loginPage, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
      assert.equal(login.status, 503);
      assert.match(login.html, /Foutcode: <code[^>]*>temporarily_unavailable<\/code>/);

      const admin = await fetch(`${url}/admin/api/services`, { headers: { authorization: 'Bearer some-token' } });
      assert.equal(admin.status, 503);
      assert.equal(((await admin.json()) as { error: string }).error, 'temporarily_unavailable');

      await postgres!.start();
      await eventually('namens is ready again', async () => (await fetch(`${url}/health/ready`)).status === 200);
      phase = 'after';
      // Let every loop finish at least one flow that began after the restart.
      await eventually('flows succeed again', async () => outcomes.filter((o) => o.phase === 'after' && o.result === 'ok').length >= 6);
    } finally {
      running = false;
      await Promise.all(loops);
    }

    const failures = outcomes.filter((o) => o.result !== 'ok');
    assert.notEqual(failures.length, 0, 'flows running in the gap failed');
    for (const failure of failures) assert.match(failure.result, /^503 temporarily_unavailable$/, `a flow in the gap failed otherwise: ${failure.result}`);
    assert.deepEqual(outcomes.filter((o) => o.phase === 'after' && o.result !== 'ok'), [], 'no flow fails after the restart');

    // The flows that waited through the gap go on where they were.
    const tokens = await exchangeCode(codeWaiting);
    assert.equal(tokens.claims()!.sub, '999993653');
    const resumed = await loginWaiting.submit(loginPage, '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.match(resumed.html, /\/select_mandate"/, 'the login that failed in the gap works when tried again');
    await completeFlow(url, janForAnna);
  });
});
