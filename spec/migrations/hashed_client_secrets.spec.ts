// The hashed-secrets migration: a database from before it holds client secrets in clear; after it, only their hashes,
// and the same secret still authenticates (the live comparison accepts what the migration hashed).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationSource } from '../../migrations/index.ts';
import { clientSecretMatches } from '../../server/domain/clients.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';

describe('migrations: 20261202090000_hashed_client_secrets', () => {
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

  it('replaces every secret in clear by its hash, leaves public clients alone, and the old secret still matches', async () => {
    const names = await migrationSource.getMigrations([]);
    for (const name of names.slice(0, names.indexOf('20261202090000_hashed_client_secrets'))) await db.migrate.up({ migrationSource, name });
    const metadata = (id: string, secret?: string) => JSON.stringify({ client_id: id, token_endpoint_auth_method: secret ? 'client_secret_basic' : 'none', ...(secret ? { client_secret: secret } : {}) });
    await db('clients').insert([
      { client_id: 'old-app', metadata: metadata('old-app', 'an-old-secret-in-clear'), first_party: false, development: false, created_at: 1 },
      { client_id: 'old-public', metadata: metadata('old-public'), first_party: false, development: false, created_at: 1 },
    ]);
    await migrateLatest(db);
    const rows = (await db('clients').orderBy('client_id')) as Array<{ client_id: string; metadata: string }>;
    const [app, publicApp] = rows.map((row) => JSON.parse(row.metadata) as Record<string, unknown>);
    assert.ok(!rows[0]!.metadata.includes('an-old-secret-in-clear'));
    assert.ok(clientSecretMatches(app!.client_secret, 'an-old-secret-in-clear'));
    assert.ok(!clientSecretMatches(app!.client_secret, 'another-secret'));
    assert.equal(publicApp!.client_secret, undefined);
  });
});
