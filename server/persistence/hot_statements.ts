// The statements of the hot path (oidc-provider's model store, the mandate registers, the audit append, the login's
// user lookup) run here, outside knex's query builder, runner and pool: knex costs more per statement than the
// indexed lookup itself (bench/queries.ts, issue 18). knex stays for migrations, admin, imports and everything else.
// - SQLite: one dedicated connection of the same library as knex's (two SQLite libraries in one process must never
//   open one file: closing either's descriptor drops the other's POSIX locks), each statement prepared once, and
//   ONE queue: a statement or a whole transaction at a time, so that the connection holds at most one of libuv's
//   threads and no other statement slips into a transaction. knex's pool leaves a thread for it (database.ts).
// - PostgreSQL: a pool of its own, every statement a named prepared statement (parsed and planned once per
//   connection, not for every execution as an unnamed one is).
// Observers of knex's 'query' event (bench:queries, the statement-count specs) see these statements too.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import pg from 'pg';
import { finalizeStatements, preparedStatement, setUpSqliteConnection, type SqliteConnection } from './sqlite_connection.ts';

export type Param = string | number | null;

export interface StatementRunner {
  /** The rows of a query (or of a write with RETURNING). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** A write without RETURNING (use all() with RETURNING to learn what it changed). */
  run(sql: string, params?: readonly Param[]): Promise<void>;
}

export interface HotStatements extends StatementRunner {
  readonly postgres: boolean;
  /** `work` in one transaction (IMMEDIATE on SQLite: the write lock from its start), committed or rolled back. */
  transaction<T>(work: (tx: StatementRunner) => Promise<T>): Promise<T>;
  /**
   * SQLite's own connection only: several statements without parameters in ONE call (one hand-off to libuv's thread
   * instead of one per statement); when one fails, the rest are not run and an open transaction is rolled back.
   */
  script?: (sql: string) => Promise<void>;
  close(): Promise<void>;
}

interface SqliteDatabase extends SqliteConnection {
  close(done: (error: Error | null) => void): void;
}

const require = createRequire(import.meta.url);
const sqlite3 = require('sqlite3') as { Database: new (filename: string, done: (error: Error | null) => void) => SqliteDatabase };

/** Tells knex's 'query' observers about a statement, as knex does for its own. */
function announce(observers: EventEmitter, sql: string, params: readonly Param[]): void {
  if (observers.listenerCount('query') > 0) observers.emit('query', { sql, bindings: params });
}

/** Opens on first use; after an open that failed, the next call tries again. */
export function openSqliteStatements(filename: string, observers: EventEmitter): HotStatements {
  let connection: SqliteDatabase | undefined;
  let closed = false;
  const open = () =>
    new Promise<SqliteDatabase>((resolve, reject) => {
      const opened: SqliteDatabase = new sqlite3.Database(filename, (error) => {
        if (error) return reject(error);
        setUpSqliteConnection(opened).then(() => resolve(opened), (failed: unknown) => opened.close(() => reject(failed)));
      });
    });
  const connected = async (): Promise<SqliteDatabase> => {
    if (closed) throw new Error('the database was closed'); // never opened again behind db.destroy()
    return (connection ??= await open());
  };
  const exec = (sql: string) => new Promise<void>((resolve, reject) => connection!.exec(sql, (error) => (error ? reject(error) : resolve())));

  // Direct calls, for use inside the queue only.
  const direct: StatementRunner = {
    async all<T>(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      const prepared = await preparedStatement(connection!, sql);
      return new Promise<T[]>((resolve, reject) => prepared.all(params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
    },
    async run(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      const prepared = await preparedStatement(connection!, sql);
      return new Promise<void>((resolve, reject) => prepared.run(params, (error) => (error ? reject(error) : resolve())));
    },
  };

  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(connected).then(work);
    tail = result.catch(() => undefined);
    return result;
  };

  return {
    postgres: false,
    all: (sql, params) => enqueue(() => direct.all(sql, params)),
    run: (sql, params) => enqueue(() => direct.run(sql, params)),
    transaction: (work) =>
      enqueue(async () => {
        announce(observers, 'BEGIN IMMEDIATE;', []);
        await exec('BEGIN IMMEDIATE;');
        try {
          const result = await work(direct);
          announce(observers, 'COMMIT;', []);
          await exec('COMMIT;');
          return result;
        } catch (error) {
          await exec('ROLLBACK;').catch(() => undefined); // SQLite may have rolled back already
          throw error;
        }
      }),
    script: (sql) =>
      enqueue(async () => {
        announce(observers, sql, []);
        try {
          await exec(sql);
        } catch (error) {
          await exec('ROLLBACK;').catch(() => undefined); // none open: the failure came before BEGIN or after COMMIT
          throw error;
        }
      }),
    async close() {
      await tail; // what was asked before close() still runs; anything asked after it fails
      closed = true;
      const closing = connection;
      connection = undefined;
      if (!closing) return;
      await finalizeStatements(closing);
      await new Promise<void>((resolve, reject) => closing.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

const MAX_NAMED = 200;

export function openPostgresStatements(connectionString: string, poolMax: number, observers: EventEmitter): HotStatements {
  const pool = new pg.Pool({ connectionString, max: poolMax, allowExitOnIdle: true });
  pool.on('error', () => undefined); // an idle connection lost: the next query opens another (knex's pool warns)
  // Each pooled connection keeps every named statement it has prepared, so only the first MAX_NAMED texts get a
  // name (the hot path has a few dozen); any beyond (IN lists of many lengths) go unnamed, parsed each time.
  const names = new Map<string, { name?: string; text: string }>();
  const named = (sql: string) => {
    let hit = names.get(sql);
    if (!hit) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      hit = names.size < MAX_NAMED ? { name: `namens_${names.size}`, text } : { text };
      if (hit.name) names.set(sql, hit);
    }
    return hit;
  };
  const on = (client: pg.Pool | pg.PoolClient): StatementRunner => ({
    async all<T>(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      const result = await client.query({ ...named(sql), values: params as Param[] });
      return result.rows as T[];
    },
    async run(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      await client.query({ ...named(sql), values: params as Param[] });
    },
  });
  const pooled = on(pool);
  return {
    postgres: true,
    all: pooled.all,
    run: pooled.run,
    async transaction(work) {
      const client = await pool.connect();
      try {
        announce(observers, 'BEGIN;', []);
        await client.query('BEGIN');
        const result = await work(on(client));
        announce(observers, 'COMMIT;', []);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
