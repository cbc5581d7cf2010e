// Every SQLite connection of namens, knex's (sqlite_client.ts) and the hot path's (hot_statements.ts): Node's own
// synchronous SQLite (node:sqlite), one set-up, a capped cache of prepared statements, and errors named as SQLite
// names them (SQLITE_BUSY, SQLITE_CONSTRAINT, ...).
//
// Synchronous on purpose (issue 18): a statement on the hot path is an indexed lookup of a few microseconds, and
// handing it to one of libuv's threads and back (node-sqlite3) cost more than the lookup: ~1.9 ms of CPU per login
// on libuv's threads alone (bench --threads). The price: a statement blocks the event loop while it runs, so
// nothing may wait inside SQLite. busy_timeout is 0 and a statement that finds the write lock taken is retried
// after a pause (retryWhileBusy), on the event loop, where the connection that holds the lock (a knex transaction
// in this process, or another process) can go on and release it.
import { createRequire } from 'node:module';
import type * as NodeSqlite from 'node:sqlite';

const require = createRequire(import.meta.url);

/** node:sqlite, loaded without its one-time ExperimentalWarning (it is stable enough for us; the engine pins Node). */
function loadNodeSqlite(): typeof NodeSqlite {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return require('node:sqlite') as typeof NodeSqlite;
  } finally {
    process.emitWarning = emitWarning;
  }
}

const { DatabaseSync } = loadNodeSqlite();

export type Bindable = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;

export interface RunResult {
  changes: number;
  lastID: number;
}

export interface SqliteConnection {
  /** The rows of one statement (the first of `sql`; the rest is ignored, as SQLite's prepare does). */
  all(sql: string, params?: readonly unknown[]): Row[];
  /** One statement that returns no rows; what it changed. */
  run(sql: string, params?: readonly unknown[]): RunResult;
  /** Several statements without parameters; on a failure, those after it do not run. */
  exec(sql: string): void;
  readonly isOpen: boolean;
  readonly inTransaction: boolean;
  close(): void;
}

/** SQLite's primary result codes by number (https://sqlite.org/rescode.html), as node-sqlite3 named them. */
const RESULT_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
};

/** node:sqlite's error (code ERR_SQLITE_ERROR, errcode a number) with SQLite's name as its code. */
function named(error: unknown): unknown {
  const errcode = (error as { errcode?: unknown })?.errcode;
  if (error instanceof Error && typeof errcode === 'number') {
    const code = RESULT_CODES[errcode & 0xff];
    if (code) Object.defineProperty(error, 'code', { value: code, enumerable: true, configurable: true, writable: true });
  }
  return error;
}

export const isBusy = (error: unknown): boolean => (error as { code?: unknown })?.code === 'SQLITE_BUSY';

/** What SQLite binds: knex hands booleans and dates too (as node-sqlite3 bound them: 1/0 and milliseconds). */
function bindable(value: unknown): Bindable {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value as Bindable;
}

const bound = (params: readonly unknown[] | undefined): Bindable[] => (params ? params.map(bindable) : []);

/** Per connection; the least recently used statement is dropped beyond this (e.g. IN lists of many lengths). */
const MAX_STATEMENTS = 200;

// busy_timeout 0: see the top of this file. Then the rest, which may itself meet a lock and is retried.
const PRAGMAS = 'PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;';
// Switching a new file to WAL takes an exclusive lock: two connections opening a fresh file at once (knex's pool
// and the hot path's connection, or a CLI beside the server) get SQLITE_BUSY. The mode is stored in the file.
const WAL = 'PRAGMA journal_mode = WAL;';

/** Opens `filename` (created when missing) and sets it up; the caller closes it. */
export async function openSqliteConnection(filename: string): Promise<SqliteConnection> {
  let database: NodeSqlite.DatabaseSync;
  try {
    database = new DatabaseSync(filename, { enableForeignKeyConstraints: true });
  } catch (error) {
    throw named(error);
  }
  const statements = new Map<string, NodeSqlite.StatementSync>();
  const prepared = (sql: string): NodeSqlite.StatementSync => {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql); // re-insert: the Map's order is the order of use
    } else {
      statement = database.prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!); // finalized when collected
    }
    statements.set(sql, statement);
    return statement;
  };
  const connection: SqliteConnection = {
    all(sql, params) {
      try {
        // node:sqlite's rows have no prototype; knex and our mappers expect plain objects.
        return prepared(sql).all(...bound(params)).map((row) => ({ ...row }));
      } catch (error) {
        throw named(error);
      }
    },
    run(sql, params) {
      try {
        const result = prepared(sql).run(...bound(params));
        return { changes: Number(result.changes), lastID: Number(result.lastInsertRowid) };
      } catch (error) {
        throw named(error);
      }
    },
    exec(sql) {
      try {
        database.exec(sql);
      } catch (error) {
        throw named(error);
      }
    },
    get isOpen() {
      return database.isOpen;
    },
    get inTransaction() {
      return database.isOpen && database.isTransaction;
    },
    close() {
      statements.clear();
      if (database.isOpen) database.close();
    },
  };
  try {
    connection.exec(PRAGMAS);
    await retryWhileBusy(() => connection.exec(WAL));
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

// Pauses between attempts while the write lock is taken, in ms; then the last one again, up to BUSY_LIMIT_MS in
// all (busy_timeout was 5000 when SQLite waited itself).
const BUSY_PAUSES = [1, 2, 4, 8, 16, 25, 50];
const BUSY_LIMIT_MS = 5000;

/**
 * `attempt` (one statement, or a script that begins a transaction) again after a pause while it fails with SQLITE_BUSY, for up to
 * 5 s; then its SQLITE_BUSY (a 503 to the user, database_unavailable.ts). Safe for a statement outside a
 * transaction, for BEGIN IMMEDIATE, and for a script that begins with it: a busy statement changed nothing.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= BUSY_LIMIT_MS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSES[Math.min(n, BUSY_PAUSES.length - 1)]));
  }
}
