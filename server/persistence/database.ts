// Opens the database (an embedded SQLite file by default, PostgreSQL by DATABASE_URL) and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from '../../migrations/index.ts';
import { SqliteClient } from './sqlite_client.ts';
import { openPostgresStatements, openSqliteStatements, type HotStatements, type Param, type StatementRunner } from './hot_statements.ts';

export type Database = Knex;

export interface DatabaseOptions {
  databaseUrl: string;
  poolMax: number;
  /** Where knex's own warnings go (a connection lost or refused); knex prints them on the console otherwise. */
  onWarning?: (message: string) => void;
}

export function isPostgres(db: Database): boolean {
  return db.client.config.client === 'pg';
}

const hot = new WeakMap<Database, HotStatements>();

/** The hot path's statements on this database (opened with it by openDatabase, closed by its destroy()). */
export function hotStatementsOf(db: Database): HotStatements {
  let statements = hot.get(db);
  if (!statements) hot.set(db, (statements = knexStatements(db)));
  return statements;
}

/** Plain SQL through knex (`?` placeholders on both databases), e.g. inside a knex transaction. */
export function knexRunner(runner: Knex | Knex.Transaction): StatementRunner {
  return {
    all: async <T>(sql: string, params: readonly Param[] = []) => rowsOf<T>(await runner.raw(sql, params as Param[])),
    run: async (sql: string, params: readonly Param[] = []) => {
      await runner.raw(sql, params as Param[]);
    },
  };
}

/** The same interface over knex itself: for a database opened elsewhere, and for SQLite's one-connection :memory:. */
function knexStatements(db: Database): HotStatements {
  return { postgres: isPostgres(db), ...knexRunner(db), transaction: (work) => db.transaction((trx) => work(knexRunner(trx))), close: async () => undefined };
}

/** Opens the hot path's statements beside knex, and makes db.destroy() close them first. */
function withHotStatements(db: Database, statements: HotStatements): Database {
  hot.set(db, statements);
  // knex's destroy() is read-only and hands over to its client's: close ours there, before knex's pool.
  const client = db.client as { destroy(callback?: unknown): Promise<void> };
  const destroy = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => {
    await statements.close().catch(() => undefined);
    return destroy(callback);
  };
  return db;
}

export function openDatabase({ databaseUrl, poolMax, onWarning }: DatabaseOptions): Database {
  const log = onWarning ? { log: { warn: onWarning, error: onWarning, deprecate: onWarning, debug: () => {} } } : {};
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    const db = knex({
      client: SqliteClient as unknown as typeof Knex.Client, // knex's own SQLite dialect on node:sqlite (sqlite_client.ts)
      connection: { filename },
      useNullAsDefault: true,
      ...log,
      // A connection per knex transaction under way (it holds its connection across awaits) and one for the rest;
      // statements themselves are synchronous. Writes queue for SQLite's one write lock (transactions begin
      // IMMEDIATE and are retried while busy, see sqlite_client.ts), also across processes on one file (WORKERS).
      pool: { min: 1, max: filename === ':memory:' ? 1 : Math.max(1, poolMax) },
    });
    return filename === ':memory:' ? db : withHotStatements(db, openSqliteStatements(filename, db));
  }
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: poolMax }, ...log });
  return withHotStatements(db, openPostgresStatements(databaseUrl, poolMax, db));
}

export async function migrateLatest(db: Database): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function migrateRollbackAll(db: Database): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}

/** Whether the database holds no parties yet (a fresh install to seed). */
export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db('parties').count({ n: '*' }).first();
  return Number(row?.n ?? 0) === 0;
}

export const epochSeconds = (date = Date.now()): number => Math.floor(date / 1000);

/** The rows of a `db.raw` result: an array on SQLite, `{ rows }` on PostgreSQL. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
