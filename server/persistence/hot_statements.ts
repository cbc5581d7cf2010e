// The statements of the hot path (oidc-provider's model store, the mandate registers, the audit append, the login's
// user lookup) run here, outside knex's query builder, runner and pool: knex costs more per statement than the
// indexed lookup itself (bench/queries.ts, issue 18). knex stays for migrations, admin, imports and everything else.
// - SQLite: one dedicated connection, synchronous like knex's (sqlite_connection.ts: both on node:sqlite; two SQLite
//   libraries in one process must never open one file: closing either's descriptor drops the other's POSIX locks),
//   each statement prepared once; a statement waits only while a transaction of this connection is open.
// - PostgreSQL: a pool of its own, every statement a named prepared statement (parsed and planned once per
//   connection, not for every execution as an unnamed one is).
// Observers of knex's 'query' event (bench:queries, the statement-count specs) see these statements too.
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { openSqliteConnection, retryWhileBusy, type SqliteConnection } from './sqlite_connection.ts';

export type Param = string | number | null;

export interface StatementRunner {
  /** The rows of a query (or of a write with RETURNING). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** A write without RETURNING (use all() with RETURNING to learn what it changed). */
  run(sql: string, params?: readonly Param[]): Promise<void>;
}

/** Statements inside `immediate`'s synchronous work. */
export interface SyncStatementRunner {
  all<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): T[];
  /** A write; how many rows it changed. */
  run(sql: string, params?: readonly Param[]): { changes: number };
}

export interface HotStatements extends StatementRunner {
  readonly postgres: boolean;
  /** `work` in one transaction (IMMEDIATE on SQLite: the write lock from its start), committed or rolled back. */
  transaction<T>(work: (tx: StatementRunner) => Promise<T>): Promise<T>;
  /**
   * SQLite's own connection only: `work` runs synchronously between BEGIN IMMEDIATE and COMMIT, so it holds the
   * write lock from its first statement and nothing of this process or another runs in between; what it reads it
   * may write on without checking again. When it throws, the transaction is rolled back. Announced as one call.
   */
  immediate?: <T>(work: (tx: SyncStatementRunner) => T) => Promise<T>;
  close(): Promise<void>;
}

/** Tells knex's 'query' observers about a statement, as knex does for its own. */
function announce(observers: EventEmitter, sql: string, params: readonly Param[]): void {
  if (observers.listenerCount('query') > 0) observers.emit('query', { sql, bindings: params });
}

/** `ready`'s statements, each noted in `ran` as it runs (for the 'query' observers). */
function recording(ready: SqliteConnection, ran: Array<{ sql: string; params: readonly Param[] }>): SyncStatementRunner {
  return {
    all<T>(sql: string, params: readonly Param[] = []) {
      ran.push({ sql, params });
      return ready.all(sql, params) as T[];
    },
    run(sql: string, params: readonly Param[] = []) {
      ran.push({ sql, params });
      return ready.run(sql, params);
    },
  };
}

/**
 * Opens on first use; after an open that failed, the next call tries again. Statements run at once (node:sqlite
 * is synchronous), except while a transaction of this connection is open: its `work` awaits between statements,
 * and nothing else may slip into it, so they wait for its end. The wait and the statement are in one synchronous
 * stretch of code, with no await between them.
 */
export function openSqliteStatements(filename: string, observers: EventEmitter): HotStatements {
  let connection: SqliteConnection | undefined;
  let opening: Promise<SqliteConnection> | undefined;
  let closed = false;
  const connected = async (): Promise<SqliteConnection> => {
    if (closed) throw new Error('the database was closed'); // never opened again behind db.destroy()
    if (connection?.isOpen) return connection;
    opening ??= openSqliteConnection(filename).finally(() => (opening = undefined));
    const opened = await opening;
    if (closed) {
      opened.close();
      throw new Error('the database was closed');
    }
    return (connection = opened);
  };

  let transactionEnd: Promise<void> | undefined; // while one of this connection's transactions is open
  let endTransaction = () => {};
  const beginTransaction = () => {
    transactionEnd = new Promise<void>((resolve) => (endTransaction = resolve));
  };

  /** `call` once no transaction is open; again after a pause while another connection holds the write lock. */
  const outside = <T>(call: (ready: SqliteConnection) => T): Promise<T> =>
    retryWhileBusy(async () => {
      const ready = await connected();
      while (transactionEnd) await transactionEnd;
      return call(ready);
    });

  // Inside a transaction, which holds the write lock: at once.
  const inside = (ready: SqliteConnection): StatementRunner => ({
    async all<T>(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      return ready.all(sql, params) as T[];
    },
    async run(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      ready.run(sql, params);
    },
  });

  const rollBack = (ready: SqliteConnection) => {
    try {
      if (ready.inTransaction) ready.exec('ROLLBACK;');
    } catch {
      // SQLite rolled back already
    }
  };

  return {
    postgres: false,
    async all<T>(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      return outside((ready) => ready.all(sql, params) as T[]);
    },
    async run(sql: string, params: readonly Param[] = []) {
      announce(observers, sql, params);
      await outside((ready) => ready.run(sql, params));
    },
    async transaction(work) {
      announce(observers, 'BEGIN IMMEDIATE;', []);
      const ready = await outside((ready) => {
        ready.exec('BEGIN IMMEDIATE;');
        beginTransaction(); // before anything else runs
        return ready;
      });
      try {
        const result = await work(inside(ready));
        announce(observers, 'COMMIT;', []);
        ready.exec('COMMIT;');
        return result;
      } catch (error) {
        rollBack(ready);
        throw error;
      } finally {
        transactionEnd = undefined;
        endTransaction();
      }
    },
    async immediate(work) {
      // One call, announced as one entry once it has run (the statement counts of bench:queries and the specs count
      // calls to the database); its statements are only collected while someone listens.
      const ran: Array<{ sql: string; params: readonly Param[] }> | undefined = observers.listenerCount('query') > 0 ? [] : undefined;
      try {
        return await outside((ready) => {
          ran?.splice(0); // a try again after SQLITE_BUSY starts afresh
          const tx = ran ? recording(ready, ran) : (ready as unknown as SyncStatementRunner);
          ready.exec('BEGIN IMMEDIATE;'); // SQLITE_BUSY here: outside() tries again after a pause
          try {
            const result = work(tx);
            ready.exec('COMMIT;');
            return result;
          } catch (error) {
            rollBack(ready);
            throw error;
          }
        });
      } finally {
        if (ran) announce(observers, ['BEGIN IMMEDIATE', ...ran.map(({ sql }) => sql), 'COMMIT'].map((sql) => `${sql};`).join('\n'), ran.flatMap(({ params }) => params));
      }
    },
    async close() {
      closed = true;
      while (transactionEnd) await transactionEnd; // a transaction under way still ends
      await opening?.catch(() => undefined);
      connection?.close();
      connection = undefined;
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
