// The reliability migration chains the audit rows written before it with its own copy of the chain's hash (a
// migration imports no live code): the live verifier must accept what it chained.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationSource } from '../../migrations/index.ts';
import { verifyAuditChain } from '../../server/persistence/audit_chain.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';

describe('migrations: 20261129090000_reliability', () => {
  let dir: string;
  let db: Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-migration-'));
    db = openDatabase({ databaseUrl: `sqlite:${join(dir, 'migrate.sqlite')}`, poolMax: 1 });
  });
  after(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('chains the audit rows written before it so that the live verifier accepts them', async () => {
    const names = await migrationSource.getMigrations([]);
    for (const name of names.slice(0, names.indexOf('20261129090000_reliability'))) await db.migrate.up({ migrationSource, name });
    await db('audit_log').insert([
      { event: 'mandate.chosen', at: 1_764_000_000_000, agent_id: 'p-1', principal_id: 'p-2', service_uuid: null, client_id: 'app', mandate_id: 'legal:1', detail: '{"n":1}' },
      { event: 'mandate.chosen', at: 1_764_000_000_001, agent_id: 'p-1', principal_id: null, service_uuid: null, client_id: null, mandate_id: null, detail: null },
    ]);
    await migrateLatest(db);
    const report = await verifyAuditChain(db);
    assert.equal(report.rows, 2);
    assert.equal(report.breaks, null);
  });
});
