import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAuditChain } from '../../server/persistence/audit_chain.ts';
import { hotStatementsOf, migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';

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

  it('lets the hot path read while a knex transaction in the same process holds the write lock, and write once it commits', async () => {
    const hot = hotStatementsOf(first);
    const row = (kid: string) => [kid, 'ES256', '{}', 1] as const;
    const insert = 'INSERT INTO signing_keys (kid, alg, private_jwk, created_at) VALUES (?, ?, ?, ?)';
    let write: Promise<void> | undefined;
    let writtenInside = false;
    await first.transaction(async (trx) => {
      await trx('signing_keys').insert({ kid: 'spec-held', alg: 'ES256', private_jwk: '{}', created_at: 1 });
      write = hot.run(insert, [...row('spec-hot')]).then(() => undefined);
      // The event loop goes on (SQLite does not wait inside: busy_timeout 0): reads answer, the write waits.
      const [{ n }] = await hot.all<{ n: number }>("SELECT count(*) AS n FROM signing_keys WHERE kid LIKE 'spec-h%'");
      assert.equal(n, 0, 'the transaction is not committed yet');
      await new Promise((resolve) => setTimeout(resolve, 50));
      writtenInside = (await trx('signing_keys').where({ kid: 'spec-hot' })).length > 0;
    });
    await write;
    assert.equal(writtenInside, false);
    const kids = (await second('signing_keys').where('kid', 'like', 'spec-h%').orderBy('kid').pluck('kid')) as string[];
    assert.deepEqual(kids, ['spec-held', 'spec-hot']);
  });

  it('keeps a statement of the hot path out of its own open transaction, which then rolls back alone', async () => {
    const hot = hotStatementsOf(first);
    const insert = 'INSERT INTO signing_keys (kid, alg, private_jwk, created_at) VALUES (?, ?, ?, ?)';
    let outside: Promise<void> | undefined;
    await assert.rejects(
      hot.transaction(async (tx) => {
        await tx.run(insert, ['spec-rolled-back', 'ES256', '{}', 1]);
        outside = hot.run(insert, ['spec-outside', 'ES256', '{}', 1]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('spec: roll back');
      }),
      /spec: roll back/,
    );
    await outside;
    const kids = (await second('signing_keys').whereIn('kid', ['spec-rolled-back', 'spec-outside']).pluck('kid')) as string[];
    assert.deepEqual(kids, ['spec-outside']);
  });
});
