// Benchmark of the mandate index lookup: createMandateIndex(createMandateRegisters(db)).optionsFor(agent, service, today)
// against registers holding 10^4, 10^5 and 10^6 mandates, in SQLite (default) or PostgreSQL.
// For each size: a scratch database, migrated, the seeded catalog, then N generated mandates (~60% legal, ~35% voluntary,
// ~5% company; ~5 per agent), ANALYZE, 200 warm-up lookups and 5,000 timed lookups for random agents and services.
// Prints p50/p99 per size and, for the largest size, the query plans of one lookup (SQLite: EXPLAIN QUERY PLAN, every
// table should be reached by SEARCH; PostgreSQL: EXPLAIN, every table should be read by an Index Scan or Bitmap Index
// Scan, never a Seq Scan).
// The scratch database is removed afterwards, also when the run fails or is interrupted (Ctrl-C, SIGTERM):
//   sqlite    a file in a temp dir (3 connections, as the server opens it)
//   postgres  namens_bench_<random>, made with CREATE DATABASE through the admin URL --postgres (default
//             TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test), opened with poolMax 10, dropped WITH (FORCE)
// On SQLite the secondary indexes are dropped while filling and built afterwards from their own CREATE statements
// (the same indexes, built once in order instead of row by row): 10^7 mandates fill in minutes instead of half an hour.
// The lookups read their agents from the database (outside the timing), so the filling's memory is not in their heap.
//   --file <path>  (SQLite, one size) keep the filled database in <path>; when <path> already holds a filled
//                  database, skip the filling and measure in this fresh process (the day of filling is the lookups'
//                  `today`). Delete the file yourself afterwards (10^7 mandates: ~5.5 GB).
// Run: npm run bench:index                                  (SQLite; 10^4, 10^5, 10^6; ~ a few minutes)
//      npm run bench:index -- --sizes 10000,100000 [--lookups 5000]
//      npm run bench:index -- --sizes 10000000 --file /tmp/index-1e7.sqlite   (fill and keep; run again to measure)
//      npm run bench:index -- --database postgres [--postgres postgres://user@host:5432/db] [--sizes …]
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { PROVIDERS, SERVICES } from '../seeds/personas.ts';
import { addDays, dutchDate, type IsoDate } from '../server/domain/dates.ts';
import { isBsn } from '../server/domain/identifiers.ts';
import { createMandateIndex } from '../server/domain/mandate_index.ts';
import type { Person } from '../server/domain/parties.ts';
import type { LegalType, Service } from '../server/domain/services.ts';
import { serviceRow } from '../server/persistence/catalog_repository.ts';
import { isPostgres, migrateLatest, openDatabase, type Database } from '../server/persistence/database.ts';
import { createMandateRegisters } from '../server/persistence/mandate_registers.ts';

// ---- options -------------------------------------------------------------------------------------------------------

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i]!.startsWith(`--${name}=`)) return args[i]!.slice(name.length + 3);
  }
  return undefined;
}

function positiveIntegers(text: string, name: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
  if (!values.length || values.some((value) => !Number.isInteger(value) || value < 10)) throw new Error(`--${name}: expected integers >= 10, got ${text}`);
  return values;
}

const DATABASE = option('database') ?? 'sqlite';
if (DATABASE !== 'sqlite' && DATABASE !== 'postgres') throw new Error(`--database: expected sqlite or postgres, got ${DATABASE}`);
const POSTGRES_ADMIN_URL = option('postgres') ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = positiveIntegers(option('sizes') ?? '10000,100000,1000000', 'sizes').sort((a, b) => a - b);
const LOOKUPS = positiveIntegers(option('lookups') ?? '5000', 'lookups')[0]!;
const KEEP_FILE = option('file');
if (KEEP_FILE !== undefined && (DATABASE !== 'sqlite' || SIZES.length !== 1)) throw new Error('--file: only with --database sqlite and one size in --sizes');
const WARMUP = 200;
// Bind parameters per statement: SQLite allows 32766, PostgreSQL 65535; 500 rows x at most 10 columns stays far below both.
const ROWS_PER_STATEMENT = 500;
const MANDATES_PER_TRANSACTION = 10_000;

// ---- helpers -------------------------------------------------------------------------------------------------------

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (since: bigint) => (Number(process.hrtime.bigint() - since) / 1e9).toFixed(1);

/** mulberry32: a small seeded generator, so every run fills the same data. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  /** 1 to `most` distinct items. */
  const some = <T>(items: readonly T[], most: number): T[] => {
    const chosen = new Set<T>();
    const want = 1 + int(Math.min(most, items.length));
    while (chosen.size < want) chosen.add(pick(items));
    return [...chosen];
  };
  return { next, int, pick, some };
}

/** Valid-looking BSNs (eleven-test), unique and ascending. */
function* bsns(): Generator<string> {
  for (let prefix = 10_000_000; prefix < 100_000_000; prefix++) {
    let sum = 0;
    for (let i = 0, rest = prefix; i < 8; i++, rest = Math.floor(rest / 10)) sum += (rest % 10) * (2 + i);
    const candidate = `${prefix}${sum % 11}`;
    if (sum % 11 < 10 && isBsn(candidate)) yield candidate;
  }
}

const FIRST = ['Jan', 'Anna', 'Piet', 'Fatima', 'Gerrit', 'Maria', 'Sem', 'Lotte', 'Daan', 'Kees', 'Truus', 'Henk', 'Sophie', 'Bram', 'Ruud', 'Wim', 'Eva', 'Lars', 'Mohamed', 'Noor', 'Emma', 'Lucas', 'Julia', 'Finn', 'Zoë', 'Ömer'];
const LAST = ['Jansen', 'de Vries', 'Bakker', 'El Amrani', 'Mulder', 'de Boer', 'Smit', 'Kok', 'Dijkstra', 'Visser', 'van den Berg', 'Bos', 'Yılmaz', 'Peters', 'Hendriks', "van 't Hof", 'de Jong', 'Meijer', 'Willems', 'Çelik'];
const TRADES = ['Administratie', 'Holding', 'Bakkerij', 'Installatietechniek', 'Transport', 'Advies'];

type Value = string | number | boolean | null;
interface Table {
  name: string;
  columns: readonly string[];
}
const T = {
  parties: { name: 'parties', columns: ['id', 'kind', 'bsn', 'kvk', 'rsin', 'name', 'birth_date'] },
  legal: { name: 'legal_mandates', columns: ['id', 'representative_id', 'represented_id', 'type', 'professional', 'valid_from', 'valid_until', 'source_record_id', 'created_at', 'ended_at'] },
  voluntary: { name: 'voluntary_mandates', columns: ['id', 'principal_id', 'agent_id', 'valid_from', 'valid_until', 'status', 'source_record_id', 'created_at', 'ended_at'] },
  voluntaryServices: { name: 'voluntary_mandate_services', columns: ['mandate_id', 'service_uuid'] },
  company: { name: 'company_mandates', columns: ['id', 'person_id', 'organisation_id', 'all_services', 'valid_from', 'valid_until', 'source_record_id', 'created_at', 'ended_at'] },
  companyServices: { name: 'company_mandate_services', columns: ['mandate_id', 'service_uuid'] },
} satisfies Record<string, Table>;

const insertSql = new Map<string, string>();
function insertStatement(table: Table, rows: number): string {
  const key = `${table.name}:${rows}`;
  let sql = insertSql.get(key);
  if (!sql) {
    const tuple = `(${table.columns.map(() => '?').join(',')})`;
    // Double-quoted identifiers: understood by SQLite and PostgreSQL alike.
    sql = `insert into "${table.name}" (${table.columns.map((c) => `"${c}"`).join(',')}) values ${Array(rows).fill(tuple).join(',')}`;
    insertSql.set(key, sql);
  }
  return sql;
}

/** Rows for several tables, written in one transaction in the order the tables were first added (parents first). */
class Batch {
  private readonly rows = new Map<Table, Value[][]>();
  constructor(private readonly db: Database) {}

  add(table: Table, row: Value[]): void {
    let rows = this.rows.get(table);
    if (!rows) this.rows.set(table, (rows = []));
    rows.push(row);
  }

  async write(): Promise<void> {
    if (!this.rows.size) return;
    await this.db.transaction(async (trx) => {
      for (const [table, rows] of this.rows) {
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
          await trx.raw(insertStatement(table, chunk.length), chunk.flat() as Knex.RawBinding[]);
        }
      }
    });
    this.rows.clear();
  }
}

/** Run `produce(i, batch)` for i < n, writing a transaction every `perTransaction` items. */
async function fillTables(db: Database, n: number, perTransaction: number, produce: (i: number, batch: Batch) => void): Promise<void> {
  const batch = new Batch(db);
  for (let i = 0; i < n; i++) {
    produce(i, batch);
    if ((i + 1) % perTransaction === 0) await batch.write();
  }
  await batch.write();
}

/** The filled tables' secondary indexes (SQLite), dropped before filling; returns what builds them again. */
async function dropSecondaryIndexes(db: Database): Promise<() => Promise<void>> {
  const tables = Object.values(T).map((table) => table.name);
  const indexes = await selectRows<{ name: string; sql: string }>(
    db,
    `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`,
    tables,
  );
  for (const { name } of indexes) await db.raw(`drop index "${name}"`);
  return async () => {
    for (const { sql } of indexes) await db.raw(sql);
  };
}

const AGENT_PREFIX = 'person-a';
const agentId = (i: number) => `${AGENT_PREFIX}${i}`;

/** What a kept database says of its filling (a table of the benchmark's own, not of namens' schema). */
interface FillRecord {
  size: number;
  agent_count: number;
  filled_on: IsoDate;
}

async function recordFill(db: Database, record: FillRecord): Promise<void> {
  await db.raw('create table bench_fill (size integer not null, agent_count integer not null, filled_on text not null)');
  await db.raw('insert into bench_fill (size, agent_count, filled_on) values (?, ?, ?)', [record.size, record.agent_count, record.filled_on]);
}

async function readFill(db: Database): Promise<FillRecord | undefined> {
  const [table] = await selectRows<{ name: string }>(db, "select name from sqlite_master where type = 'table' and name = 'bench_fill'", []);
  if (!table) return undefined;
  const [record] = await selectRows<FillRecord>(db, 'select size, agent_count, filled_on from bench_fill', []);
  return record;
}

/** The agent at `i` as the index gets it at login: a person read from the parties. */
async function readAgent(db: Database, i: number): Promise<Person> {
  const [row] = await selectRows<{ id: string; bsn: string; name: string; birth_date: IsoDate }>(db, 'select id, bsn, name, birth_date from parties where id = ?', [agentId(i)]);
  if (!row) throw new Error(`no agent ${agentId(i)} in the database`);
  return { kind: 'person', id: row.id, bsn: row.bsn, name: row.name, birthDate: row.birth_date };
}

const mandateId = (prefix: string, i: number) => `${prefix}0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

// ---- filling -------------------------------------------------------------------------------------------------------

const LEGAL_MIX: readonly [LegalType, number][] = [
  ['ouderlijk_gezag', 0.4],
  ['bewind', 0.35],
  ['mentorschap', 0.15],
  ['curatele', 0.1],
];
const VOLUNTARY_SERVICE_UUIDS = SERVICES.filter((s) => s.bases.includes('voluntary')).map((s) => s.uuid);

interface Filled {
  agentCount: number;
  counts: { legal: number; voluntary: number; company: number; parties: number };
}

async function fill(db: Database, n: number, today: IsoDate): Promise<Filled> {
  const random = randomSource(n);
  const now = Math.floor(Date.now() / 1000);
  const daysAgo = (most: number) => addDays(today, -random.int(most));
  const personName = () => `${random.pick(FIRST)} ${random.pick(LAST)}`;

  const agentCount = Math.max(2, Math.round(n / 5)); // each agent holds ~5 mandates
  const principalCount = Math.max(8, Math.round(n * 0.4));
  const organisationCount = Math.max(10, Math.round(n / 100));
  const officeCount = Math.max(1, Math.round(organisationCount / 10)); // the first organisations are bewind offices
  const legalCount = Math.round(n * 0.6);
  const voluntaryCount = Math.round(n * 0.35);
  const companyCount = n - legalCount - voluntaryCount;

  await db.transaction(async (trx) => {
    await trx('service_providers').insert(PROVIDERS.map((p) => ({ id: p.id, name: p.name, oin: p.oin, may_receive_bsn: p.mayReceiveBsn })));
    await trx('services').insert(SERVICES.map(serviceRow));
  });

  // Parties: agents (adults), principals (every fourth a minor), organisations.
  const bsn = bsns();
  const principalBirth: IsoDate[] = [];
  const principalId = (i: number) => `person-p${i}`;
  const organisationId = (i: number) => `org-${i}`;
  const partyCount = agentCount + principalCount + organisationCount;
  await fillTables(db, partyCount, MANDATES_PER_TRANSACTION, (i, batch) => {
    if (i < agentCount) {
      const birthDate = addDays(today, -365 * 20 - random.int(365 * 60));
      batch.add(T.parties, [agentId(i), 'person', bsn.next().value!, null, null, personName(), birthDate]);
    } else if (i < agentCount + principalCount) {
      const j = i - agentCount;
      const birth = j % 4 === 0 ? daysAgo(365 * 18 - 30) : addDays(today, -365 * 18 - random.int(365 * 80));
      principalBirth.push(birth);
      batch.add(T.parties, [principalId(j), 'person', bsn.next().value!, null, null, personName(), birth]);
    } else {
      const k = i - agentCount - principalCount;
      const name = k < officeCount ? `Bewindvoering ${random.pick(LAST)} B.V.` : `${random.pick(LAST)} ${random.pick(TRADES)} B.V.`;
      batch.add(T.parties, [organisationId(k), 'organisation', null, String(10_000_000 + k), bsn.next().value!, name, null]);
    }
  });

  const minor = () => 4 * random.int(Math.ceil(principalCount / 4)); // principals j % 4 === 0 are minors
  const adult = () => {
    const j = random.int(principalCount);
    return j % 4 === 0 ? (j + 1) % principalCount : j;
  };
  const legalType = (): LegalType => {
    let r = random.next();
    for (const [type, share] of LEGAL_MIX) if ((r -= share) < 0) return type;
    return 'bewind';
  };

  await fillTables(db, legalCount, MANDATES_PER_TRANSACTION, (i, batch) => {
    const id = mandateId('a', i);
    const type = legalType();
    let represented: number;
    let validFrom: IsoDate;
    let validUntil: IsoDate | null = null;
    if (type === 'ouderlijk_gezag') {
      represented = minor();
      validFrom = principalBirth[represented]!;
    } else {
      represented = adult();
      const since = 1 + random.int(365 * 15);
      validFrom = addDays(today, -since);
      const r = random.next();
      if (r < 0.1) validUntil = addDays(today, 1 + random.int(365 * 5));
      else if (r < 0.15) validUntil = addDays(today, -1 - random.int(since)); // ended
    }
    const byOffice = (type === 'bewind' || type === 'curatele') && random.next() < 0.15;
    const representative = byOffice ? organisationId(random.int(officeCount)) : agentId(random.int(agentCount));
    const professional = byOffice || (type !== 'ouderlijk_gezag' && random.next() < 0.3);
    const ended = validUntil !== null && validUntil < today ? now : null;
    batch.add(T.legal, [id, representative, principalId(represented), type, professional, validFrom, validUntil, `bench:${id}`, now, ended]);
  });

  await fillTables(db, voluntaryCount, MANDATES_PER_TRANSACTION, (i, batch) => {
    const id = mandateId('f', i);
    const r = random.next();
    const status = r < 0.85 ? 'active' : r < 0.95 ? 'revoked' : 'pending';
    const validFrom = status === 'pending' && random.next() < 0.5 ? addDays(today, 1 + random.int(60)) : daysAgo(365 * 3);
    const validUntil = random.next() < 0.85 ? addDays(today, 1 + random.int(365 * 5)) : addDays(today, -1 - random.int(365));
    const ended = status === 'revoked' || validUntil < today ? now : null;
    batch.add(T.voluntary, [id, principalId(random.int(principalCount)), agentId(random.int(agentCount)), validFrom, validUntil, status, `bench:${id}`, now, ended]);
    for (const uuid of random.some(VOLUNTARY_SERVICE_UUIDS, 3)) batch.add(T.voluntaryServices, [id, uuid]);
  });

  await fillTables(db, companyCount, MANDATES_PER_TRANSACTION, (i, batch) => {
    const id = mandateId('c', i);
    const allServices = random.next() < 0.4;
    const validUntil = random.next() < 0.9 ? null : addDays(today, random.next() < 0.5 ? 1 + random.int(365 * 3) : -1 - random.int(365));
    const ended = validUntil !== null && validUntil < today ? now : null;
    batch.add(T.company, [id, agentId(random.int(agentCount)), organisationId(random.int(organisationCount)), allServices, daysAgo(365 * 10), validUntil, `bench:${id}`, now, ended]);
    if (!allServices) for (const uuid of random.some(VOLUNTARY_SERVICE_UUIDS, 3)) batch.add(T.companyServices, [id, uuid]);
  });

  return { agentCount, counts: { legal: legalCount, voluntary: voluntaryCount, company: companyCount, parties: partyCount } };
}

// ---- scratch databases ---------------------------------------------------------------------------------------------

/** A fresh, empty database for one size, and what differs between SQLite and PostgreSQL. */
interface Scratch {
  db: Database;
  /** Bytes the database takes on disk. */
  bytes(): Promise<number>;
  /** The plan of one statement the lookup ran (as the `query` event reports it), one line per plan node. */
  explain(sql: string, bindings: Knex.RawBinding[]): Promise<string[]>;
  /** Plan lines that read a table, and those among them that read a whole table. */
  tableRead: RegExp;
  fullScan: RegExp;
  /** Close the connections and remove the database; safe to call more than once. */
  drop(): Promise<void>;
}

/** Drops of scratch databases still in use, run as well when the benchmark is interrupted. */
const pendingDrops = new Set<() => Promise<void>>();

/** `drop` made idempotent and registered in pendingDrops until it has run. */
function dropOnce(drop: () => Promise<void>): () => Promise<void> {
  let dropping: Promise<void> | undefined;
  const once = () => (dropping ??= drop().finally(() => pendingDrops.delete(once)));
  pendingDrops.add(once);
  return once;
}

function scratchSqlite(keepFile?: string): Scratch {
  const dir = keepFile ? undefined : mkdtempSync(join(tmpdir(), 'namens-bench-'));
  const file = keepFile ?? join(dir!, 'bench.sqlite');
  const db = openDatabase({ databaseUrl: `sqlite:${file}`, poolMax: 10 }); // as the server opens it
  return {
    db,
    bytes: async () => [file, `${file}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0),
    async explain(sql, bindings) {
      const plan = (await db.raw(`explain query plan ${sql}`, bindings)) as PlanRow[];
      const depth = new Map<number, number>([[0, 0]]);
      return plan.map((row) => {
        const level = (depth.get(row.parent) ?? 0) + 1;
        depth.set(row.id, level);
        return `${'  '.repeat(level - 1)}${row.detail}`;
      });
    },
    tableRead: /^(SEARCH|SCAN) /,
    fullScan: /^SCAN /,
    drop: dropOnce(async () => {
      try {
        await db.destroy();
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }),
  };
}

/** The pg connection of knex's pool, enough to run a statement with $1, $2… placeholders as knex hands them over. */
interface PgConnection {
  query(sql: string, bindings: Knex.RawBinding[]): Promise<{ rows: Record<string, string>[] }>;
}

async function scratchPostgres(adminUrl: string): Promise<Scratch> {
  const name = `namens_bench_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ databaseUrl: adminUrl, poolMax: 1 });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.destroy();
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.href, poolMax: 10 });
  return {
    db,
    async bytes() {
      const { rows } = (await db.raw('select pg_database_size(current_database()) as bytes')) as { rows: { bytes: string }[] };
      return Number(rows[0]!.bytes);
    },
    async explain(sql, bindings) {
      // db.raw only binds `?` placeholders, so EXPLAIN goes to a pooled connection directly.
      const connection = (await db.client.acquireConnection()) as PgConnection;
      try {
        // knex reports its statements with $1, $2…, the hot path's (hot_statements.ts) with `?`.
        let n = 0;
        const positional = /\$1\b/.test(sql) ? sql : sql.replace(/\?/g, () => `$${++n}`);
        const { rows } = await connection.query(`EXPLAIN ${positional}`, bindings);
        return rows.map((row) => row['QUERY PLAN']!);
      } finally {
        await db.client.releaseConnection(connection);
      }
    },
    tableRead: /\b(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan) /,
    fullScan: /\bSeq Scan /,
    drop: dropOnce(async () => {
      try {
        await db.destroy();
      } finally {
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.destroy();
      }
    }),
  };
}

const openScratch = (): Promise<Scratch> => (DATABASE === 'postgres' ? scratchPostgres(POSTGRES_ADMIN_URL) : Promise.resolve(scratchSqlite(KEEP_FILE)));

/** The rows of a raw select: knex hands back the rows for SQLite, a result object holding them for PostgreSQL. */
async function selectRows<T>(db: Database, sql: string, bindings: Knex.RawBinding[]): Promise<T[]> {
  const result = await db.raw(sql, bindings);
  return isPostgres(db) ? (result as { rows: T[] }).rows : (result as T[]);
}

// ---- measuring -----------------------------------------------------------------------------------------------------

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

interface Result {
  size: number;
  p50: number;
  p99: number;
  plans?: string;
  reads?: string[];
  scans?: string[];
}

/** The plan of every statement one lookup runs (an agent with a chain through a bewind office, if any). */
async function queryPlans(scratch: Scratch, today: IsoDate): Promise<{ text: string; reads: string[]; scans: string[] }> {
  const { db } = scratch;
  const index = createMandateIndex(createMandateRegisters(db));
  const chained = await selectRows<{ id: string }>(
    db,
    `select c.person_id as id from company_mandates c
      where c.all_services = ? and c.valid_from <= ? and c.valid_until is null
        and exists (select 1 from legal_mandates l where l.representative_id = c.organisation_id) limit 1`,
    [true, today],
  );
  const agent = await readAgent(db, chained[0] ? Number(chained[0].id.slice(AGENT_PREFIX.length)) : 0);
  const service: Service = SERVICES.find((s) => s.id === 'urn:namens:service:bijstand')!;

  const captured: { sql: string; bindings: Knex.RawBinding[] }[] = [];
  let capturing = true;
  db.on('query', (query: { sql: string; bindings?: Knex.RawBinding[] }) => {
    if (capturing) captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
  });
  const options = await index.optionsFor(agent, service, today);
  capturing = false;

  const lines = [`lookup: agent ${agent.id}, service ${service.id}, ${options.length} option(s), ${captured.length} statements`];
  const reads: string[] = [];
  const scans: string[] = [];
  for (const [n, { sql, bindings }] of captured.entries()) {
    const table = /from [`"]?(\w+)[`"]?/i.exec(sql)?.[1] ?? '?';
    lines.push(``, `[${n + 1}] ${table} (${bindings.length} bindings)`, `    ${sql}`);
    for (const line of await scratch.explain(sql, bindings)) {
      lines.push(`    ${line}`);
      const node = line.trim().replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, '');
      if (scratch.tableRead.test(node)) reads.push(`[${n + 1}] ${node}`);
      if (scratch.fullScan.test(node)) scans.push(`[${n + 1}] ${table}: ${node}`);
    }
  }
  return { text: lines.join('\n'), reads, scans };
}

/** Migrates and fills a fresh scratch database; on SQLite with the secondary indexes built after the rows. */
async function migrateAndFill(scratch: Scratch, size: number, today: IsoDate): Promise<FillRecord> {
  const { db } = scratch;
  await migrateLatest(db);
  const rebuildIndexes = isPostgres(db) ? undefined : await dropSecondaryIndexes(db);

  process.stdout.write(`filling ${count(size)} mandates… `);
  let started = process.hrtime.bigint();
  const { agentCount, counts } = await fill(db, size, today);
  console.log(
    `done in ${seconds(started)} s (${count(counts.legal)} legal, ${count(counts.voluntary)} voluntary, ${count(counts.company)} company; ` +
      `${count(counts.parties)} parties, ${count(agentCount)} agents)`,
  );
  if (rebuildIndexes) {
    process.stdout.write('building the indexes… ');
    started = process.hrtime.bigint();
    await rebuildIndexes();
    console.log(`done in ${seconds(started)} s`);
  }

  process.stdout.write('ANALYZE… ');
  started = process.hrtime.bigint();
  await db.raw('analyze');
  console.log(`done in ${seconds(started)} s; ${((await scratch.bytes()) / 2 ** 20).toFixed(0)} MiB on disk`);
  const record: FillRecord = { size, agent_count: agentCount, filled_on: today };
  if (KEEP_FILE) await recordFill(db, record);
  return record;
}

async function measure(size: number, withPlans: boolean): Promise<Result> {
  const kept = KEEP_FILE !== undefined && existsSync(KEEP_FILE);
  const scratch = await openScratch();
  const { db } = scratch;
  try {
    let filled: FillRecord;
    if (kept) {
      const record = await readFill(db);
      if (!record) throw new Error(`--file ${KEEP_FILE}: not a database this benchmark filled (or its filling did not finish); remove it`);
      if (record.size !== size) throw new Error(`--file ${KEEP_FILE}: holds ${count(record.size)} mandates, not ${count(size)}`);
      console.log(`reusing ${KEEP_FILE}: ${count(record.size)} mandates filled on ${record.filled_on}; ${((await scratch.bytes()) / 2 ** 20).toFixed(0)} MiB`);
      filled = record;
    } else {
      filled = await migrateAndFill(scratch, size, dutchDate(new Date()));
    }
    const today = filled.filled_on;

    const index = createMandateIndex(createMandateRegisters(db));
    const random = randomSource(size ^ 0x5eed);
    const lookup = async (timed: Float64Array | undefined, i: number) => {
      const agent = await readAgent(db, random.int(filled.agent_count));
      const service = random.pick(SERVICES);
      const t0 = process.hrtime.bigint();
      const found = await index.optionsFor(agent, service, today);
      if (timed) timed[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      return found.length;
    };
    for (let i = 0; i < WARMUP; i++) await lookup(undefined, i);

    const times = new Float64Array(LOOKUPS);
    let options = 0;
    let started = process.hrtime.bigint();
    for (let i = 0; i < LOOKUPS; i++) options += await lookup(times, i);
    const elapsed = seconds(started);
    times.sort();
    const result: Result = { size, p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
    console.log(
      `  ${count(LOOKUPS)} lookups in ${elapsed} s (each after reading its agent, untimed): p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
        `max ${times[times.length - 1]!.toFixed(2)} ms; ${(options / LOOKUPS).toFixed(2)} options per lookup`,
    );

    // The floor: the same lookup for a person who holds no mandates (one indexed statement that finds nothing).
    const nobody: Person = { ...(await readAgent(db, 0)), id: 'person-nobody' };
    const floor = new Float64Array(1000);
    started = process.hrtime.bigint();
    for (let i = 0; i < floor.length; i++) {
      const t0 = process.hrtime.bigint();
      await index.optionsFor(nobody, random.pick(SERVICES), today);
      floor[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    floor.sort();
    console.log(`  floor (agent holding no mandates, ${count(floor.length)} lookups): p50 ${percentile(floor, 0.5).toFixed(2)} ms, p99 ${percentile(floor, 0.99).toFixed(2)} ms`);

    if (withPlans) {
      const { text, reads, scans } = await queryPlans(scratch, today);
      Object.assign(result, { plans: text, reads, scans });
    }
    return result;
  } finally {
    await scratch.drop();
  }
}

// ---- main ----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  console.log(
    `mandate index lookup benchmark on ${DATABASE === 'postgres' ? 'PostgreSQL' : 'SQLite'}: sizes ${SIZES.map(count).join(', ')}; ` +
      `${count(LOOKUPS)} timed lookups each (after ${WARMUP} warm-up)`,
  );
  const results: Result[] = [];
  for (const [i, size] of SIZES.entries()) results.push(await measure(size, i === SIZES.length - 1));

  console.log('');
  console.log(`${'size'.padEnd(12)}${'p50 (ms)'.padEnd(11)}p99 (ms)`);
  for (const r of results) console.log(`${count(r.size).padEnd(12)}${r.p50.toFixed(2).padEnd(11)}${r.p99.toFixed(2)}`);
  const first = results[0]!;
  const last = results[results.length - 1]!;
  if (results.length > 1) {
    const exponent = (n: number) => (Number.isInteger(Math.log10(n)) ? `10^${Math.log10(n)}` : count(n));
    console.log(`ratio p99(${exponent(last.size)})/p99(${exponent(first.size)}): ${(last.p99 / first.p99).toFixed(1)}`);
  }

  console.log('');
  console.log(`query plans at ${count(last.size)} mandates:`);
  console.log(last.plans);
  console.log('');
  console.log('tables read:');
  for (const read of last.reads ?? []) console.log(`  ${read}`);
  if (last.scans?.length) {
    console.log('WARNING: full table scans in the lookup queries:');
    for (const scan of last.scans) console.log(`  ${scan}`);
  } else if (DATABASE === 'postgres') {
    console.log('every table is read by Index Scan / Index Only Scan / Bitmap Index Scan; no Seq Scan');
  } else {
    console.log('every table is reached by SEARCH (index or primary key); no SCAN');
  }
  console.log(`total ${seconds(started)} s`);
}

// Ctrl-C or SIGTERM: drop the scratch databases still in use (waiting at most 30 s), then exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: removing the scratch database…`);
    const timeout = new Promise((resolve) => setTimeout(resolve, 30_000).unref());
    void Promise.race([Promise.allSettled([...pendingDrops].map((drop) => drop())), timeout]).finally(() => process.exit(130));
  });
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
