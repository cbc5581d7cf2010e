// Start-up work that one process at a time must do (migrate, seed, create the first signing keys). On PostgreSQL
// a session-level advisory lock makes processes that start together take turns; SQLite serves one machine, and
// knex's own migration lock covers it.
import { isPostgres, type Database } from './database.ts';

/** An arbitrary, fixed advisory lock key for namens start-up ("namens" in ASCII, as a number). */
const STARTUP_LOCK_KEY = 0x6e616d656e73;

interface PgConnection {
  query(sql: string, values: unknown[]): Promise<unknown>;
}

export async function withStartupLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  // A connection of its own holds the lock while `work` uses the pool's other connections.
  const connection = (await db.client.acquireConnection()) as PgConnection;
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
