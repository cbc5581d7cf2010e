import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPostgres, migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';
import { createRateLimiter, sweepExpiredRateLimits } from '../../server/persistence/rate_limit_store.ts';
import { freshDatabase } from '../support/server.ts';

describe('persistence: rate-limit counters', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-limits-'));
    database = await freshDatabase(dir);
    db = openDatabase({ databaseUrl: database.url, poolMax: 2 });
    await migrateLatest(db);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sweeps the counters whose window has passed and keeps the others', async () => {
    const now = Date.now();
    await db('rate_limits').insert([
      { key: 'spec:passed', points: 3, expire: now - 1 },
      { key: 'spec:running', points: 1, expire: now + 60_000 },
      { key: 'spec:no-window', points: 1, expire: null },
    ]);
    assert.equal(await sweepExpiredRateLimits(db, now), 1);
    assert.deepEqual(await db('rate_limits').where('key', 'like', 'spec:%').orderBy('key').pluck('key'), ['spec:no-window', 'spec:running']);
  });

  // Only PostgreSQL keeps counters in this table (SQLite: in memory, or in the WORKERS supervisor).
  if (process.env.TEST_POSTGRES_URL) it('on PostgreSQL, sweeps a real counter once its window is over, and the limiter starts counting afresh', async () => {
    assert.ok(isPostgres(db));
    const limiter = createRateLimiter(db, { keyPrefix: 'spec-sweep', points: 2, durationSeconds: 60 });
    await limiter.consume('kees|127.0.0.1');
    await limiter.consume('kees|127.0.0.1');
    await assert.rejects(limiter.consume('kees|127.0.0.1'));
    const counters = () => db('rate_limits').where('key', 'like', 'spec-sweep%').pluck('key');
    assert.equal((await counters()).length, 1);
    assert.ok((await sweepExpiredRateLimits(db, Date.now() + 61_000)) >= 1);
    assert.deepEqual(await counters(), []);
    assert.equal((await limiter.consume('kees|127.0.0.1')).consumedPoints, 1);
  });

  // Counters only for the next minute: no WAL record and no fdatasync for each (migration 20261204090000).
  if (process.env.TEST_POSTGRES_URL) it('on PostgreSQL, keeps the counters in an unlogged table, and only them', async () => {
    const persistence = async (table: string) =>
      ((await db.raw('SELECT relpersistence FROM pg_class WHERE relname = ? AND relkind = ?', [table, 'r'])).rows as Array<{ relpersistence: string }>)[0]?.relpersistence;
    assert.equal(await persistence('rate_limits'), 'u');
    for (const table of ['oidc_models', 'audit_log', 'legal_mandates']) assert.equal(await persistence(table), 'p', table);
  });
});
