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

  it('passes every check but the strict-mode ones against a relaxed namens, and fails those', async () => {
    const all = await checkProfile({ issuer: server.url, clientId: 'demo-gemeente', redirectUri: 'http://localhost:8080/callback' });
    assert.deepEqual(all.filter((result) => !result.pass).map((result) => result.clause), [
      'NL GOV OIDC, Discovery document (token_endpoint_auth_methods_supported)',
      'NL GOV OIDC, Discovery document (grant_types_supported)',
    ]);
    const results = await checkProfile({ issuer: server.url, clientId: 'demo-gemeente', redirectUri: 'http://localhost:8080/callback', strict: false });
    assert.ok(results.length >= 30);
    assert.deepEqual(results.filter((result) => !result.pass), []);
  });

  it('as `npm run conformance`: prints PASS lines with their clause and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/conformance/main.ts', server.url, '--relaxed'], { cwd: new URL('../..', import.meta.url).pathname });
    const run = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk) => (run.stdout += chunk));
    child.stderr.on('data', (chunk) => (run.stderr += chunk));
    run.status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^PASS {2}private_key_jwt supported {2}\[NL GOV OIDC, Client Authentication\]$/m);
    assert.doesNotMatch(run.stdout, /^FAIL/m);
    assert.match(run.stdout, /^not checked here:$/m);
    assert.match(run.stdout, /access tokens in JWT form {2}\[ProviderProfile, Access Tokens\]: deviation/);
  });

  it('fails, naming the requirement, against something that is not a compliant provider', async () => {
    const results = await checkProfile({ issuer: `${server.url}/catalog`, clientId: 'demo-gemeente', redirectUri: 'http://localhost:8080/callback' });
    assert.ok(results.some((result) => !result.pass && /discovery document/.test(result.requirement)));
  });
});
