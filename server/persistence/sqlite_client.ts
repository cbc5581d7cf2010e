// knex's SQLite dialect on namens' own SQLite connection (sqlite_connection.ts: node:sqlite, synchronous), with
// two changes that a busy server needs (knex 3.x internals; the version is pinned):
// - Each connection prepares a statement once and reuses it; parsing and planning again costs more than an
//   indexed lookup itself.
// - Transactions begin IMMEDIATE: they take the write lock at once, so that several connections (or processes) on
//   one file queue for it (retryWhileBusy), instead of one failing with SQLITE_BUSY when its read turns into a write.
import { createRequire } from 'node:module';
import { openSqliteConnection, retryWhileBusy, type SqliteConnection as Connection } from './sqlite_connection.ts';

const require = createRequire(import.meta.url);

interface QueryObject {
  sql: string;
  bindings?: unknown[];
  method?: string;
  returning?: unknown;
  response?: unknown;
  context?: unknown;
}

interface KnexClient {
  connectionSettings: { filename: string };
  _query(connection: Connection, obj: QueryObject): Promise<QueryObject>;
}

type ClientClass = new (config: object) => KnexClient;
type TransactionClass = new (client: KnexClient, ...rest: unknown[]) => { query(connection: Connection, sql: string): Promise<unknown> };

const ClientSqlite3 = require('knex/lib/dialects/sqlite3/index.js') as ClientClass;
const TransactionSqlite = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;

/**
 * A statement that held the event loop this long is followed by a turn of it before knex goes on: knex's queries
 * (imports, admin, /mijn) are off the hot path, and a batch of synchronous statements must not keep every other
 * request waiting until its end. Each `await` between statements alone only runs the microtasks.
 */
const YIELD_AFTER_MS = 2;
const turnOfEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class ImmediateTransaction extends TransactionSqlite {
  begin(connection: Connection) {
    return this.query(connection, 'BEGIN IMMEDIATE;');
  }
}

export class SqliteClient extends ClientSqlite3 {
  /** knex requires its driver when it builds the client; ours is node:sqlite, opened by acquireRawConnection. */
  _driver(): object {
    return {};
  }

  transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }

  acquireRawConnection(): Promise<Connection> {
    return openSqliteConnection(this.connectionSettings.filename);
  }

  async destroyRawConnection(connection: Connection): Promise<void> {
    connection.close();
  }

  /** Whether the pool may hand this connection out again. */
  validateConnection(connection: Connection): boolean {
    return connection.isOpen;
  }

  override async _query(connection: Connection, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql) throw new Error('The query is empty'); // knex's own message
    // The same choice of call as knex's own sqlite3 dialect makes: run where knex reads lastID or changes.
    const run = obj.method === 'del' || obj.method === 'counter' || ((obj.method === 'insert' || obj.method === 'update') && !obj.returning);
    const started = performance.now();
    if (run) {
      obj.context = await retryWhileBusy(() => connection.run(obj.sql, obj.bindings));
    } else {
      obj.response = await retryWhileBusy(() => connection.all(obj.sql, obj.bindings));
    }
    if (performance.now() - started > YIELD_AFTER_MS) await turnOfEventLoop();
    return obj;
  }
}
