// The audit log is append-only and hash-chained: `npx namens audit verify` accepts an untouched log and names the
// first row that was changed or removed directly in the database (by someone who first dropped the triggers).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVICES } from '../../seeds/personas.ts';
import { isPostgres } from '../../server/persistence/database.ts';
import { verifyAuditChain } from '../../server/persistence/audit_chain.ts';
import { completeFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const bijzondereBijstand = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!.uuid;

describe('security: the hash-chained audit log', function () {
  this.timeout(90_000); // the command line starts a process each time
  let server: TestServer;
  const namens = (...args: string[]) =>
    run(process.execPath, [join(import.meta.dirname, '../../bin/namens.mjs'), ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const db = () => server.app.db;
  /** What an attacker with the database owner's rights does first. */
  async function dropTriggers() {
    if (isPostgres(db())) await db().raw('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    else await db().raw('DROP TRIGGER IF EXISTS audit_log_no_update').then(() => db().raw('DROP TRIGGER IF EXISTS audit_log_no_delete'));
  }

  beforeEach(async () => {
    server = await startServer();
    for (const who of ['Anna de Vries', 'Piet Bakker', 'Anna de Vries']) {
      await completeFlow(server.url, { username: 'jan', params: { scope: `openid urn:uuid:${bijzondereBijstand}` }, choose: (options) => options.find((o) => o.label.startsWith(who))!.value });
    }
  });
  afterEach(async () => server.close());

  it('chains every row to the one before it, and verify accepts the untouched log', async () => {
    const rows = await db()('audit_log').orderBy('seq');
    assert.equal(rows.length, 3);
    assert.equal(rows[0].prev_hash, '0'.repeat(64));
    assert.equal(rows[1].prev_hash, rows[0].hash);
    assert.equal(rows[2].prev_hash, rows[1].hash);
    const verified = await namens('audit', 'verify');
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /audit log verified: 3 rows, hash chain intact/);
  });

  it('refuses UPDATE and DELETE of audit rows in the database itself', async () => {
    const [first] = await db()('audit_log').orderBy('seq').limit(1);
    await assert.rejects(db()('audit_log').where({ seq: first.seq }).update({ client_id: 'someone-else' }), /append-only/);
    await assert.rejects(db()('audit_log').where({ seq: first.seq }).del(), /append-only/);
    assert.equal((await db()('audit_log').where({ seq: first.seq }).first()).client_id, 'demo-gemeente');
  });

  it('names the row whose content was changed', async () => {
    await dropTriggers();
    const rows = await db()('audit_log').orderBy('seq');
    await db()('audit_log').where({ seq: rows[1].seq }).update({ principal_id: 'person-anna' });
    const verified = await namens('audit', 'verify');
    assert.equal(verified.code, 1);
    assert.match(verified.stderr, new RegExp(`tampered with at row ${rows[1].seq}: its content was changed`));
  });

  it('names the row after one that was removed, and a removed newest row', async () => {
    await dropTriggers();
    const rows = await db()('audit_log').orderBy('seq');
    await db()('audit_log').where({ seq: rows[1].seq }).del();
    const middle = await namens('audit', 'verify');
    assert.equal(middle.code, 1);
    assert.match(middle.stderr, new RegExp(`at row ${rows[2].seq}: its previous hash does not match row ${rows[0].seq}: a row before it was removed`));

    await db()('audit_log').where({ seq: rows[1].seq }).insert(rows[1]); // put it back: whole again
    assert.equal((await verifyAuditChain(db())).breaks, null);
    await db()('audit_log').where({ seq: rows[2].seq }).del();
    const newest = await verifyAuditChain(db());
    assert.match(newest.breaks?.problem ?? '', new RegExp(`the chain ends at row ${rows[1].seq}, but the last row written was ${rows[2].seq}`));
  });
});
