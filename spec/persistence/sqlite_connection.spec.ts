// Several connections opening one new SQLite file at once (knex's pool and the hot path's own connection in one
// server, a CLI or a second worker beside it): each is set up (busy_timeout, WAL, foreign keys) and none fails with
// SQLITE_BUSY, which SQLite gives at once, without waiting, to a connection that switches a new file to WAL while
// another does.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hotStatementsOf, openDatabase } from '../../server/persistence/database.ts';

describe('persistence: SQLite connections opening one new file at once', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-open-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('all open, in WAL mode with foreign keys on, through knex and through the hot path', async () => {
    for (let round = 0; round < 40; round++) {
      const databaseUrl = `sqlite:${join(dir, `round-${round}.sqlite`)}`;
      const databases = [1, 2, 3].map(() => openDatabase({ databaseUrl, poolMax: 2 }));
      try {
        const modes = await Promise.all(
          databases.flatMap((db) => [
            db.raw('PRAGMA journal_mode').then((rows: Array<{ journal_mode: string }>) => rows[0]!.journal_mode),
            hotStatementsOf(db).all<{ journal_mode: string }>('PRAGMA journal_mode').then((rows) => rows[0]!.journal_mode),
            hotStatementsOf(db).all<{ foreign_keys: number }>('PRAGMA foreign_keys').then((rows) => String(rows[0]!.foreign_keys)),
          ]),
        );
        assert.deepEqual(modes, databases.flatMap(() => ['wal', 'wal', '1']), `round ${round}`);
      } finally {
        await Promise.all(databases.map((db) => db.destroy()));
      }
    }
  });
});
