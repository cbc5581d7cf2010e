// Faults: `kill -9` of the command line in the middle of a bulk import leaves all or none of it, and the import runs
// again; `kill -9` of the server between the code and the token exchange leaves the code usable once at most.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/persistence/database.ts';
import { isBsn } from '../../server/domain/identifiers.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { loginFlow, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { eventually, freePort, startProcess } from '../support/processes.ts';
import { freshDatabase } from '../support/server.ts';

const RECORDS = 300_000;

async function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

function* bsns(from: number): Generator<string> {
  for (let prefix = from; ; prefix++) {
    const digits = String(prefix).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    const candidate = `${digits}${sum % 11}`;
    if (sum % 11 < 10 && isBsn(candidate)) yield candidate;
  }
}

describe('security: faults', function () {
  this.timeout(300_000);
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-faults-'));
    database = await freshDatabase(dir);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 in the middle of a bulk import: the database holds none of it, and the import then runs in full', async () => {
    const file = join(dir, 'legal.jsonl');
    const out = createWriteStream(file);
    const representatives = bsns(10_000_000);
    const represented = bsns(30_000_000);
    let agent = representatives.next().value!;
    for (let i = 0; i < RECORDS; i++) {
      if (i % 10 === 0) agent = representatives.next().value!;
      const record = { source_record_id: `fault:${i}`, representative_bsn: agent, represented_bsn: represented.next().value, type: 'bewind', professional: true, valid_from: '2024-01-01' };
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    const migrate = startProcess(['server/cli.ts', 'seed'], env);
    children.push(migrate.child);
    assert.equal((await exited(migrate.child)).code, 0, migrate.output());
    const db = openDatabase({ databaseUrl: database.url, poolMax: 2 });
    try {
      const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n);
      const seeded = { legal: await count('legal_mandates'), parties: await count('parties'), audit: await count('audit_log') };

      const importing = startProcess(['server/cli.ts', 'import', file, '--register', 'legal'], env);
      children.push(importing.child);
      // The command line prints a progress line every 5 s when not on a terminal: then it is in the middle.
      await eventually('the import reports progress', () => /records/.test(importing.output()) || importing.child.exitCode !== null, 60);
      assert.equal(importing.child.exitCode, null, `the import should still run: ${importing.output()}`);
      importing.child.kill('SIGKILL');
      assert.equal((await exited(importing.child)).signal, 'SIGKILL');
      assert.doesNotMatch(importing.output(), /imported \d+ of/);

      assert.deepEqual({ legal: await count('legal_mandates'), parties: await count('parties'), audit: await count('audit_log') }, seeded, 'none of the import');

      const again = startProcess(['server/cli.ts', 'import', file, '--register', 'legal'], env);
      children.push(again.child);
      assert.equal((await exited(again.child)).code, 0, again.output());
      assert.match(again.output(), new RegExp(`imported ${RECORDS} of ${RECORDS} records`));
      assert.equal(await count('legal_mandates'), seeded.legal + RECORDS, 'all of it');
      assert.equal(await count('audit_log'), seeded.audit + 1, 'one audit row for the import');
      const verify = startProcess(['server/cli.ts', 'audit', 'verify'], env);
      children.push(verify.child);
      assert.equal((await exited(verify.child)).code, 0, verify.output());
    } finally {
      await db.destroy();
    }
  });

  it('kill -9 between the code and the token exchange: after restart the code works once, never twice', async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const env = { DATABASE_URL: database.url, ISSUER: url, PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'test', TEST_USER_PASSWORD: PASSWORD };
    const first = startProcess(['server/main.ts'], env);
    children.push(first.child);
    await eventually('namens is up', async () => (await fetch(`${url}/health/ready`)).ok, 60);
    const service = SERVICES.find((s) => s.id.endsWith(':bijzondere-bijstand'))!.uuid;
    const flow = await loginFlow(url, { username: 'jan', params: { scope: `openid urn:uuid:${service}` }, choose: (options) => options.find((o) => o.label.startsWith('Anna'))!.value });
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = startProcess(['server/main.ts'], env);
    children.push(second.child);
    await eventually('namens is up again', async () => (await fetch(`${url}/health/ready`)).ok, 60);
    const redeem = () =>
      fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('demo-gemeente:demo-gemeente-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: new URL(flow.callback).searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: flow.request.verifier }),
      });
    const [a, b] = await Promise.all([redeem(), redeem()]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 400], 'exactly one of two parallel redemptions wins');
    const loser = (await (a.status === 400 ? a : b).json()) as { error: string };
    assert.equal(loser.error, 'invalid_grant');
    const third = await redeem();
    assert.equal(third.status, 400);
    assert.equal(((await third.json()) as { error: string }).error, 'invalid_grant');
  });
});
