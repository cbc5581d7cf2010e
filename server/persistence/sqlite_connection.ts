// What every SQLite connection of namens shares, knex's (sqlite_client.ts) and the hot path's (hot_statements.ts):
// its set-up, and a capped cache of prepared statements.
export interface SqliteStatement {
  all(params: readonly unknown[], done: (this: SqliteStatement, error: Error | null, rows?: unknown[]) => void): void;
  run(params: readonly unknown[], done: (this: SqliteStatement, error: Error | null) => void): void;
  finalize(done?: () => void): void;
}

export interface SqliteConnection {
  prepare(sql: string, done: (error: Error | null) => void): SqliteStatement;
  exec(sql: string, done: (error: Error | null) => void): void;
}

// busy_timeout first: whatever follows may wait for a lock that another connection holds for a moment.
const PRAGMAS = 'PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;';
// Switching a new file to WAL takes an exclusive lock without SQLite's busy handler: two connections opening a
// fresh file at once (knex's pool and the hot path's connection, or a CLI beside the server) fail with SQLITE_BUSY.
// The mode is stored in the file, so it is set again only until one connection has managed it.
const WAL = 'PRAGMA journal_mode = WAL;';
const WAL_ATTEMPTS = 100;
const WAL_RETRY_MS = 20;

const exec = (connection: SqliteConnection, sql: string) =>
  new Promise<void>((resolve, reject) => connection.exec(sql, (error) => (error ? reject(error) : resolve())));

const isBusy = (error: unknown) => (error as { code?: unknown })?.code === 'SQLITE_BUSY';

/** Sets a newly opened connection up: busy_timeout, WAL (retried while another connection switches it), foreign keys. */
export async function setUpSqliteConnection(connection: SqliteConnection): Promise<void> {
  await exec(connection, PRAGMAS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await exec(connection, WAL);
    } catch (error) {
      if (!isBusy(error) || attempt >= WAL_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, WAL_RETRY_MS));
    }
  }
}

/** Per connection; the least recently used statement is finalized beyond this (e.g. IN lists of many lengths). */
const MAX_STATEMENTS = 200;
const statements = new WeakMap<SqliteConnection, Map<string, Promise<SqliteStatement>>>();

/** `sql` prepared once on `connection` and reused (node-sqlite3 otherwise parses and plans every query again). */
export function preparedStatement(connection: SqliteConnection, sql: string): Promise<SqliteStatement> {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map()));
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql); // re-insert: the Map's order is the order of use
    cache.set(sql, hit);
    return hit;
  }
  // Wait for the prepare itself: node-sqlite3 never calls back a query on a statement that failed to prepare.
  const statement = new Promise<SqliteStatement>((resolve, reject) => {
    const created = connection.prepare(sql, (error) => (error ? reject(error) : resolve(created)));
  });
  cache.set(sql, statement);
  statement.catch(() => cache.delete(sql));
  if (cache.size > MAX_STATEMENTS) {
    const [oldest, evicted] = cache.entries().next().value as [string, Promise<SqliteStatement>];
    cache.delete(oldest);
    evicted.then((s) => s.finalize(), () => {});
  }
  return statement;
}

/** Finalizes the statements prepared on `connection` (before it closes: SQLite refuses to close over open ones). */
export async function finalizeStatements(connection: SqliteConnection): Promise<void> {
  const cache = statements.get(connection);
  statements.delete(connection);
  if (!cache) return;
  const settled = await Promise.allSettled(cache.values());
  await Promise.all(settled.map((result) => (result.status === 'fulfilled' ? new Promise<void>((resolve) => result.value.finalize(resolve)) : undefined)));
}
