// The README's import example works as written: one example file per register under examples/, each imported by
// the command line and over HTTP into a freshly seeded namens.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startServer, type TestServer } from '../support/server.ts';
import { adminApi, adminToken } from './admin_client.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const REGISTERS = ['legal', 'company', 'voluntary'] as const;

describe('README: the example register files', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('the README names each example file with its register', async () => {
    const readme = await readFile(new URL('README.md', `file://${ROOT}`), 'utf8');
    for (const register of REGISTERS) assert.match(readme, new RegExp(`npx namens import examples/${register}\\.jsonl --register ${register}\\b`));
  });

  for (const register of REGISTERS) {
    it(`imports examples/${register}.jsonl over HTTP, and again on the command line without a change`, async () => {
      const api = adminApi(server.url, await adminToken(server.url));
      const body = await readFile(`${ROOT}examples/${register}.jsonl`, 'utf8');
      const first = await api('POST', `/imports?format=jsonl&register=${register}`, body, 'application/x-ndjson');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.status, 'imported');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import', `examples/${register}.jsonl`, '--register', register], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: server.databaseUrl },
      });
      assert.match(stdout, new RegExp(`imported 1 of 1 records into the ${register} register`));
    });
  }
});
