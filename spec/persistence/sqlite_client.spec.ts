import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAuditChain } from '../../server/persistence/audit_chain.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';

describe('persistence: the SQLite client (prepared statements, IMMEDIATE transactions)', () => {
  let dir: string;
  let first: Database;
  let second: Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-sqlite-'));
    const databaseUrl = `sqlite:${join(dir, 'shared.sqlite')}`;
    first = openDatabase({ databaseUrl, poolMax: 1 });
    await migrateLatest(first);
    // A second connection on the same file, as a second process (WORKERS) has.
    second = openDatabase({ databaseUrl, poolMax: 1 });
  });
  after(async () => {
    await first.destroy();
    await second.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets two connections append to the audit chain at the same time without SQLITE_BUSY, and the chain stays whole', async () => {
    const append = (db: Database, n: number) =>
      db.transaction((trx) => appendAudit(trx, { event: 'spec.append', at: Date.now(), detail: JSON.stringify({ n }) }));
    await Promise.all(Array.from({ length: 40 }, (_, n) => append(n % 2 ? first : second, n)));
    const report = await verifyAuditChain(first);
    assert.equal(report.rows, 40);
    assert.equal(report.breaks, null);
  });

  it('keeps a reused statement working after it failed once (a unique violation), and reads what the other connection wrote', async () => {
    const row = (kid: string) => ({ kid, alg: 'ES256', private_jwk: '{}', created_at: 1 });
    await first('signing_keys').insert(row('spec-a'));
    await assert.rejects(first('signing_keys').insert(row('spec-a')), /UNIQUE constraint failed/);
    await first('signing_keys').insert(row('spec-b'));
    const kids = (await second('signing_keys').whereIn('kid', ['spec-a', 'spec-b']).orderBy('kid').pluck('kid')) as string[];
    assert.deepEqual(kids, ['spec-a', 'spec-b']);
  });

  it('rejects SQL that cannot be prepared with SQLite\'s error, and the connection goes on serving', async () => {
    await assert.rejects(first.raw('SELECT * FROM no_such_table WHERE id = ?', [1]), /no such table: no_such_table/);
    await assert.rejects(first('no_such_table').where({ id: 1 }), /no such table: no_such_table/);
    const [row] = (await first.raw('SELECT count(*) AS n FROM signing_keys WHERE kid LIKE ?', ['spec-%'])) as { n: number }[];
    assert.equal(row!.n, 2);
  });
});
