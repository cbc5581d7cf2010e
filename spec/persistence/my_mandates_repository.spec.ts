// Every read that /mijn makes is an indexed lookup: the queries the repository really runs, explained by SQLite.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';
import { createMyMandatesRepository } from '../../server/persistence/my_mandates_repository.ts';
import { seedDatabase } from '../../seeds/seed.ts';

describe('persistence: my mandates repository', () => {
  let dir: string;
  let db: Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-mijn-'));
    db = openDatabase({ databaseUrl: `sqlite:${join(dir, 'mijn.sqlite')}`, poolMax: 1 });
    await migrateLatest(db);
    await seedDatabase(db, { testUserPassword: 'namens-test' });
  });
  after(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a person\'s mandates, one mandate, its uses and the duplicates check through indexes only', async () => {
    const queries: Array<{ sql: string; bindings: readonly unknown[] }> = [];
    const record = (query: { sql: string; bindings?: readonly unknown[] }) => {
      if (/^select/i.test(query.sql)) queries.push({ sql: query.sql, bindings: query.bindings ?? [] });
    };
    db.on('query', record);
    const repository = createMyMandatesRepository(db);
    try {
      assert.ok((await repository.listFor('person-truus')).length >= 2);
      assert.ok(await repository.findFor('person-kees', 'f0000000-0000-4000-8000-000000000001'));
      await repository.usesOf('person-truus', 'f0000000-0000-4000-8000-000000000001');
      // The duplicates check reads the pair's voluntary mandates inside the transaction; refused here, so nothing is written.
      const mandate = { id: 'f0000000-0000-4000-8000-0000000000ff', principalId: 'person-truus', agentId: 'person-kees', serviceUuids: ['29970f86-f67b-5b31-b93b-8192021cba29'], validFrom: '2026-01-01', validUntil: '2026-12-31', status: 'requested' as const, by: 'person-kees', at: Date.now() };
      let seen = 0;
      assert.deepEqual(await repository.create(mandate, (existing) => ((seen = existing.length), ['29970f86-f67b-5b31-b93b-8192021cba29'])), { covered: ['29970f86-f67b-5b31-b93b-8192021cba29'] });
      assert.ok(seen >= 2, 'the pair\'s voluntary mandates, ended ones included, reach the rule');
      assert.ok(await repository.findPerson('person-lars'));
    } finally {
      db.removeListener('query', record);
    }
    assert.ok(queries.length >= 10, `${queries.length} queries recorded`);
    for (const { sql, bindings } of queries) {
      const plan = ((await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as readonly string[] as string[])) as Array<{ detail: string }>).map((row) => row.detail);
      const scans = plan.filter((detail) => /^SCAN /.test(detail) && !/USING (COVERING )?INDEX/.test(detail));
      assert.deepEqual(scans, [], `${sql}\n${plan.join('\n')}`);
    }
  });
});
