// The notifications migration on a database that was in use: the uses already in the audit log fill first_used_at
// (so the next use of such a mandate is not told as its first), the audit cursor starts at the newest row (the changes
// made before are not told), and down removes what up added.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationSource } from '../../migrations/index.ts';
import { appendAudit } from '../../server/persistence/audit_chain.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';
import { seedDatabase } from '../../seeds/seed.ts';
import { freshDatabase } from '../support/server.ts';

const NAME = '20261202140000_notifications';
const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const FIRM_FOR_GERRIT = 'a0000000-0000-4000-8000-000000000003';
const FATIMA_FOR_FIRM = 'c0000000-0000-4000-8000-000000000001';

describe(`migrations: ${NAME}`, () => {
  let dir: string;
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-migration-'));
    const database = await freshDatabase(dir);
    drop = database.drop;
    db = openDatabase({ databaseUrl: database.url, poolMax: 1 });
  });
  after(async () => {
    await db.destroy();
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fills first_used_at from the recorded uses (a chain\'s links too), starts the cursor at the newest row, and goes down again', async () => {
    const names = await migrationSource.getMigrations([]);
    for (const name of names.slice(0, names.indexOf(NAME))) await db.migrate.up({ migrationSource, name });
    await seedDatabase(db, { testUserPassword: 'namens-test' });
    await db.transaction(async (trx) => {
      await appendAudit(trx, { event: 'mandate.used', at: 2000, mandate_id: KEES_FROM_TRUUS });
      await appendAudit(trx, { event: 'mandate.used', at: 1000, mandate_id: KEES_FROM_TRUUS });
      await appendAudit(trx, { event: 'mandate.used', at: 3000, mandate_id: `${FIRM_FOR_GERRIT}.${FATIMA_FOR_FIRM}` });
      await appendAudit(trx, { event: 'mandate.revoked', at: 4000, mandate_id: KEES_FROM_TRUUS });
    });
    await migrateLatest(db);
    const firstUse = async (table: string, id: string) => Number((await db(table).where({ id }).first('first_used_at')).first_used_at);
    assert.equal(await firstUse('voluntary_mandates', KEES_FROM_TRUUS), 1000);
    assert.equal(await firstUse('legal_mandates', FIRM_FOR_GERRIT), 3000);
    assert.equal(await firstUse('company_mandates', FATIMA_FOR_FIRM), 3000);
    assert.equal(Number((await db('voluntary_mandates').whereNotNull('first_used_at').count({ n: '*' }).first())!.n), 1);
    const head = await db('audit_log').max({ seq: 'seq' }).first();
    assert.equal((await db('notification_cursors').where({ name: 'audit_seq' }).first()).value, String(head!.seq));

    await db.migrate.down({ migrationSource, name: NAME });
    assert.equal(await db.schema.hasTable('notifications'), false);
    assert.equal(await db.schema.hasTable('person_contacts'), false);
    assert.equal(await db.schema.hasColumn('legal_mandates', 'first_used_at'), false);
    await migrateLatest(db);
  });
});
