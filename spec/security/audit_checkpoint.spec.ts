// The audit chain's anchor outside the database: namens signs checkpoints (seq and hash of the newest row) with
// AUDIT_CHECKPOINT_KEY, logs them as `audit checkpoint` and appends them to AUDIT_CHECKPOINT_FILE, on a schedule and
// on shutdown. Someone who can write the database removes the newest rows and sets the head back: `audit verify`
// still passes (the shorter chain is whole), `audit verify --checkpoint` does not; nor does a forged checkpoint.
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { SERVICES } from '../../seeds/personas.ts';
import { DEVELOPMENT_AUDIT_CHECKPOINT_KEY } from '../../server/config/checkpoint_key.ts';
import { createLogger } from '../../server/logger.ts';
import { chainHash } from '../../server/persistence/audit_chain.ts';
import { isPostgres, openDatabase } from '../../server/persistence/database.ts';
import { completeFlow, PASSWORD } from '../support/relying_party.ts';
import { eventually, freePort, startProcess } from '../support/processes.ts';
import { freshDatabase, startServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const bijzondereBijstand = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!.uuid;
const anna = { username: 'jan', params: { scope: `openid urn:uuid:${bijzondereBijstand}` }, choose: (options: Array<{ label: string; value: string }>) => options.find((o) => o.label.startsWith('Anna de Vries'))!.value };

interface LogLine {
  msg: string;
  checkpoint?: string;
  seq?: number;
  hash?: string;
  at?: string;
}

describe('security: signed checkpoints of the audit log', function () {
  this.timeout(120_000); // the command line starts a process each time
  let dir: string;
  let server: TestServer;
  let lines: LogLine[];
  const file = () => join(dir, 'checkpoints.jsonl');
  const namens = (...args: string[]) =>
    run(process.execPath, [join(import.meta.dirname, '../../bin/namens.mjs'), ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const db = () => server.app.db;
  const checkpointLines = () => lines.filter((line) => line.msg === 'audit checkpoint');
  /** What an attacker with the database owner's rights does first. */
  async function dropTriggers() {
    if (isPostgres(db())) await db().raw('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    else await db().raw('DROP TRIGGER IF EXISTS audit_log_no_update').then(() => db().raw('DROP TRIGGER IF EXISTS audit_log_no_delete'));
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-checkpoint-'));
    lines = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    server = await startServer({ AUDIT_CHECKPOINT_FILE: file() }, { logger: createLogger('info', sink) });
    for (let i = 0; i < 3; i++) await completeFlow(server.url, anna);
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs a signed checkpoint of the newest row as one JSON line, appends it to the file, and signs again only when the log grew', async () => {
    const rows = await db()('audit_log').orderBy('seq');
    const taken = await server.app.checkpointAudit();
    assert.ok(taken);
    const [logged] = checkpointLines();
    assert.equal(logged!.seq, Number(rows[2].seq));
    assert.equal(logged!.hash, rows[2].hash);
    assert.equal(logged!.checkpoint, taken.checkpoint);
    assert.deepEqual(decodeProtectedHeader(logged!.checkpoint!).alg, 'EdDSA');
    const written = (await readFile(file(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as LogLine);
    assert.deepEqual(written.map((line) => line.checkpoint), [taken.checkpoint]);

    assert.equal(await server.app.checkpointAudit(), undefined, 'the head did not move');
    await completeFlow(server.url, anna);
    const next = await server.app.checkpointAudit();
    assert.equal(next?.seq, Number(rows[2].seq) + 1);
    assert.equal(checkpointLines().length, 2);
  });

  it('passes an untouched log with its checkpoints: from the file, from a log line, and as the bare JWS, with the public key given or derived', async () => {
    const taken = (await server.app.checkpointAudit())!;
    const fromFile = await namens('audit', 'verify', '--checkpoint', file());
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, new RegExp(`audit log verified: 3 rows, hash chain intact; holds the signed checkpoint \\(key [\\w-]+\\), the latest of ${taken.at} at row ${taken.seq}`));
    assert.equal((await namens('audit', 'verify', '--checkpoint', JSON.stringify(checkpointLines()[0]))).code, 0);
    const publicJwk = JSON.stringify({ ...JSON.parse(DEVELOPMENT_AUDIT_CHECKPOINT_KEY), d: undefined });
    const bare = await namens('audit', 'verify', '--checkpoint', taken.checkpoint, '--public-key', publicJwk);
    assert.equal(bare.code, 0, bare.stderr);
  });

  it('fails a log whose newest rows were removed and whose head was set back, though the chain alone still verifies', async () => {
    await server.app.checkpointAudit();
    await dropTriggers();
    const rows = await db()('audit_log').orderBy('seq');
    await db()('audit_log').where('seq', '>', rows[0].seq).del();
    await db()('audit_chain_head').where({ id: 1 }).update({ seq: rows[0].seq, hash: rows[0].hash });

    const chainOnly = await namens('audit', 'verify');
    assert.equal(chainOnly.code, 0, 'the hash chain alone cannot tell');
    assert.match(chainOnly.stdout, /audit log verified: 1 rows, hash chain intact/);
    const anchored = await namens('audit', 'verify', '--checkpoint', file());
    assert.equal(anchored.code, 1);
    assert.match(anchored.stderr, new RegExp(`tampered with: the chain ends at row ${rows[0].seq}, but the checkpoint of \\S+ was signed at row ${rows[2].seq}: rows at the end were removed`));
  });

  it('fails a log rewritten below the checkpoint with every hash recomputed', async () => {
    await server.app.checkpointAudit();
    await dropTriggers();
    const rows = await db()('audit_log').orderBy('seq');
    let previous = rows[0].hash;
    for (const row of rows.slice(1)) {
      const changed = { ...row, client_id: row.seq === rows[1].seq ? 'demo-ziekenhuis' : row.client_id };
      const hash = chainHash(previous, changed);
      await db()('audit_log').where({ seq: row.seq }).update({ client_id: changed.client_id, prev_hash: previous, hash });
      previous = hash;
    }
    await db()('audit_chain_head').where({ id: 1 }).update({ hash: previous });

    assert.equal((await namens('audit', 'verify')).code, 0, 'the rewritten chain is whole');
    const anchored = await namens('audit', 'verify', '--checkpoint', file());
    assert.equal(anchored.code, 1);
    assert.match(anchored.stderr, new RegExp(`tampered with: row ${rows[2].seq} does not have the hash the checkpoint of \\S+ signed`));
  });

  it('fails a forged checkpoint: signed with another key, or with its payload changed', async () => {
    const taken = (await server.app.checkpointAudit())!;
    const other = generateKeyPairSync('ed25519');
    const payload = new TextEncoder().encode(JSON.stringify({ seq: taken.seq, hash: taken.hash, at: taken.at }));
    const foreign = await new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'namens-audit-checkpoint' }).sign(other.privateKey);
    const [header, , signature] = taken.checkpoint.split('.');
    const changed = [header, Buffer.from(JSON.stringify({ seq: 1, hash: taken.hash, at: taken.at })).toString('base64url'), signature].join('.');
    for (const forged of [foreign, changed]) {
      const verified = await namens('audit', 'verify', '--checkpoint', forged);
      assert.equal(verified.code, 1);
      assert.match(verified.stderr, /a checkpoint does not verify with the checkpoint key [\w-]+: it was not signed by namens with that key, or was changed since/);
    }
    // A file with one forged line among good ones fails too.
    await writeFile(file(), `${JSON.stringify({ checkpoint: taken.checkpoint })}\n${JSON.stringify({ checkpoint: foreign })}\n`);
    assert.equal((await namens('audit', 'verify', '--checkpoint', file())).code, 1);
    // And the real checkpoint fails under another public key.
    const otherPublic = JSON.stringify(other.publicKey.export({ format: 'jwk' }));
    assert.equal((await namens('audit', 'verify', '--checkpoint', taken.checkpoint, '--public-key', otherPublic)).code, 1);
  });

  it('says so when --checkpoint holds none', async () => {
    await writeFile(file(), '{"msg":"namens listening"}\n');
    const none = await namens('audit', 'verify', '--checkpoint', file());
    assert.equal(none.code, 1);
    assert.match(none.stderr, /holds no audit checkpoint/);
  });
});

describe('security: audit checkpoints on a schedule and on shutdown', function () {
  this.timeout(120_000);
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let child: ChildProcess | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-checkpoint-process-'));
    database = await freshDatabase(dir);
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });
  const checkpointsIn = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);

  it('signs a checkpoint on its schedule once the log grew', async () => {
    const file = join(dir, 'scheduled.jsonl');
    const server = await startServer({ AUDIT_CHECKPOINT_FILE: file, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' });
    try {
      await completeFlow(server.url, anna);
      const head = await server.app.db('audit_chain_head').where({ id: 1 }).first();
      await eventually('the schedule signed the new row', async () => (await checkpointsIn(file)).some((line) => line.seq === Number(head.seq) && line.hash === head.hash));
    } finally {
      await server.close();
    }
  });

  it('signs a last checkpoint when the process is stopped (SIGTERM), in its log and in the file', async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const file = join(dir, 'shutdown.jsonl');
    // An hour between scheduled checkpoints: only the shutdown signs one here.
    const env = { PORT: String(port), ISSUER: url, DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'info', TEST_USER_PASSWORD: PASSWORD, AUDIT_CHECKPOINT_FILE: file, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '3600' };
    const started = startProcess(['server/main.ts'], env);
    child = started.child;
    await eventually('namens is up', async () => (await fetch(`${url}/health/live`)).ok);
    await completeFlow(url, anna);
    await completeFlow(url, anna);
    assert.deepEqual(await checkpointsIn(file), [], 'none before the shutdown');

    child.kill('SIGTERM');
    assert.equal(await new Promise((resolve) => child!.once('exit', resolve)), 0);
    const db = openDatabase({ databaseUrl: database.url, poolMax: 1 });
    const head = await db('audit_chain_head').where({ id: 1 }).first().finally(() => db.destroy());
    const written = await checkpointsIn(file);
    assert.deepEqual(written.map((line) => [line.seq, line.hash]), [[Number(head.seq), head.hash]], 'the newest row is anchored by the time the process ends');
    const logged = started
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.msg === 'audit checkpoint');
    assert.deepEqual(logged.map((line) => line.checkpoint), [written[0]!.checkpoint], 'one log line `audit checkpoint`');
  });
});
