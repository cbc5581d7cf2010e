import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { checkProfile } from '../../server/conformance/check_profile.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('conformance: the NL GOV provider checklist', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('passes every check against a running namens', async () => {
    const results = await checkProfile({ issuer: server.url, clientId: 'demo-gemeente', redirectUri: 'http://localhost:8080/callback' });
    assert.ok(results.length >= 30);
    assert.deepEqual(results.filter((result) => !result.pass), []);
  });

  it('as `npm run conformance`: prints PASS lines with their clause and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/conformance/main.ts', server.url], { cwd: new URL('../..', import.meta.url).pathname });
    const run = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk) => (run.stdout += chunk));
    child.stderr.on('data', (chunk) => (run.stderr += chunk));
    run.status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^PASS {2}private_key_jwt supported {2}\[NL GOV OIDC, Client Authentication\]$/m);
    assert.doesNotMatch(run.stdout, /^FAIL/m);
  });

  it('fails, naming the requirement, against something that is not a compliant provider', async () => {
    const results = await checkProfile({ issuer: `${server.url}/catalog`, clientId: 'demo-gemeente', redirectUri: 'http://localhost:8080/callback' });
    assert.ok(results.some((result) => !result.pass && /discovery document/.test(result.requirement)));
  });
});
