// The audit log is append-only and hash-chained: every row carries the sha256 of the previous row's hash and its
// own canonical content, and audit_chain_head holds the last row's seq and hash (so removing the newest rows shows
// too, unless the head is set back with them: the signed checkpoints of server/audit/ anchor it outside the database). EVERY append goes through appendAudit, inside the caller's transaction; appends are serialized by locking
// the head row (PostgreSQL) or by SQLite's write lock, which an IMMEDIATE transaction takes at its start.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres, knexRunner } from './database.ts';
import type { HotStatements, Param, StatementRunner } from './hot_statements.ts';

export interface AuditEntry {
  event: string;
  /** Epoch milliseconds. */
  at: number;
  agent_id?: string | null;
  principal_id?: string | null;
  service_uuid?: string | null;
  client_id?: string | null;
  mandate_id?: string | null;
  /** JSON text. */
  detail?: string | null;
}

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

const FIELDS = ['event', 'at', 'agent_id', 'principal_id', 'service_uuid', 'client_id', 'mandate_id', 'detail'] as const;

/** The canonical text of a row's content: its fields in a fixed order, numbers as decimal text, null as null. */
export function canonicalRow(row: Record<string, unknown>): string {
  return JSON.stringify(FIELDS.map((field) => (row[field] === null || row[field] === undefined ? null : String(row[field]))));
}

export function chainHash(previousHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalRow(row)).digest('hex');
}

const READ_HEAD = 'SELECT hash FROM audit_chain_head WHERE id = 1';
const INSERT_ROW = `INSERT INTO audit_log (${FIELDS.join(', ')}, prev_hash, hash) VALUES (${FIELDS.map(() => '?').join(', ')}, ?, ?) RETURNING seq`;
const UPDATE_HEAD = 'UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1';
// The head row exists since migration 20261129090000_reliability; without it an append would break the chain.
const NO_HEAD = 'the audit log has no head row (audit_chain_head id 1); nothing was written';

/** Appends one entry to the audit log within `trx`. */
export async function appendAudit(trx: Knex.Transaction, entry: AuditEntry): Promise<void> {
  await appendAuditWith(knexRunner(trx), isPostgres(trx), entry);
}

/** Appends one entry within the transaction that `tx` runs in (knex's, or the hot path's where it has no `immediate`); its seq. */
export async function appendAuditWith(tx: StatementRunner, postgres: boolean, entry: AuditEntry): Promise<number> {
  const [head] = await tx.all<{ hash: string }>(postgres ? `${READ_HEAD} FOR UPDATE` : READ_HEAD);
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row = rowOf(entry);
  const hash = chainHash(prevHash, row);
  const [inserted] = await tx.all<{ seq: number | string }>(INSERT_ROW, [...FIELDS.map((field) => row[field]), prevHash, hash]);
  await tx.run(UPDATE_HEAD, [inserted!.seq, hash]);
  return Number(inserted!.seq);
}

type Row = Record<(typeof FIELDS)[number], Param>;

/**
 * The row of an entry. Text with a NUL is refused on both databases, before anything is written: PostgreSQL's text
 * holds none, and node:sqlite reads text only up to the first one, so the row read back would not match its hash.
 * (Every entry point refuses NUL in its input already: forms, JSON bodies, imports, oidc-provider's ids.)
 */
function rowOf(entry: AuditEntry): Row {
  for (const field of FIELDS) {
    const value = entry[field];
    if (typeof value === 'string' && value.includes('\u0000')) throw new TypeError(`the audit log holds no NUL character (in ${field} of ${JSON.stringify(entry.event)})`);
  }
  return {
    event: entry.event,
    at: entry.at,
    agent_id: entry.agent_id ?? null,
    principal_id: entry.principal_id ?? null,
    service_uuid: entry.service_uuid ?? null,
    client_id: entry.client_id ?? null,
    mandate_id: entry.mandate_id ?? null,
    detail: entry.detail ?? null,
  };
}

/**
 * The hot path's append (issue 18): one call to the database instead of five (begin, read the head, insert, move the
 * head, commit), which holds the write lock from its start, so appends from any number of requests and processes
 * queue for it and none is ever turned away.
 * - PostgreSQL: one statement that locks the head row, hashes the new row onto it and moves it.
 * - SQLite (no sha256 in SQL): the hot connection's synchronous transaction (BEGIN IMMEDIATE: the write lock first),
 *   which reads the head, hashes in JavaScript and writes, with nothing in between.
 */
export function createAuditAppender(hot: HotStatements): (entry: AuditEntry) => Promise<void> {
  if (hot.postgres) {
    return async (entry) => {
      const row = rowOf(entry);
      const appended = await hot.all(APPEND_ON_POSTGRES, [canonicalRow(row), ...FIELDS.map((field) => row[field])]);
      if (appended.length !== 1) throw new Error(NO_HEAD);
    };
  }
  const immediate = hot.immediate;
  if (!immediate) return async (entry) => { await hot.transaction((tx) => appendAuditWith(tx, false, entry)); }; // SQLite :memory:
  return async (entry) => {
    const row = rowOf(entry);
    // The statements of appendAuditWith, without an await between them.
    await immediate((tx) => {
      const prevHash = tx.all<{ hash: string }>(READ_HEAD)[0]?.hash ?? GENESIS_HASH;
      const hash = chainHash(prevHash, row);
      const [inserted] = tx.all<{ seq: number }>(INSERT_ROW, [...FIELDS.map((field) => row[field]), prevHash, hash]);
      if (tx.run(UPDATE_HEAD, [inserted!.seq, hash]).changes !== 1) throw new Error(NO_HEAD);
    });
  };
}

// PostgreSQL: one statement. The head row is locked (FOR UPDATE: a second append waits here for the first to
// commit), the row's hash computed from the head as chainHash does (sha256 of the head's hash, a line break and the
// row's canonical text, as UTF-8, in hex), the row inserted and the head moved to it.
const APPEND_ON_POSTGRES = `WITH head AS (SELECT hash FROM audit_chain_head WHERE id = 1 FOR UPDATE),
  hashed AS (SELECT head.hash AS prev_hash, encode(sha256(convert_to(head.hash || E'\\n' || ?::text, 'UTF8')), 'hex') AS hash FROM head),
  appended AS (INSERT INTO audit_log (${FIELDS.join(', ')}, prev_hash, hash)
    SELECT ${FIELDS.map((field) => (field === 'at' ? '?::bigint' : '?')).join(', ')}, hashed.prev_hash, hashed.hash FROM hashed RETURNING seq, hash)
  UPDATE audit_chain_head SET seq = appended.seq, hash = appended.hash FROM appended WHERE audit_chain_head.id = 1 RETURNING appended.seq`;

/** The newest row of the chain, as audit_chain_head holds it. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The chain's head, or undefined while the log is empty. */
export async function readAuditHead(db: Knex): Promise<AuditHead | undefined> {
  const head = (await db('audit_chain_head').where({ id: 1 }).first()) as { seq: string | number | null; hash: string } | undefined;
  return head && head.seq !== null ? { seq: Number(head.seq), hash: head.hash } : undefined;
}

/** The hash of the row `seq`, or undefined when there is no such row. */
export async function readAuditHash(db: Knex, seq: number): Promise<string | undefined> {
  const row = (await db('audit_log').where({ seq }).first('hash')) as { hash: string } | undefined;
  return row?.hash;
}

export interface ChainBreak {
  seq: string;
  problem: string;
}

export interface ChainReport {
  rows: number;
  /** The seq of the chain's last row, or null when it is empty. */
  lastSeq: number | null;
  breaks: ChainBreak | null;
}

/** Walks the chain in seq order and names the first row that was changed, removed or inserted. */
export async function verifyAuditChain(db: Knex, batchSize = 5000): Promise<ChainReport> {
  let previous = GENESIS_HASH;
  let lastSeq: string | null = null;
  let rows = 0;
  let after = -1;
  const report = (breaks: ChainBreak | null): ChainReport => ({ rows, lastSeq: lastSeq === null ? null : Number(lastSeq), breaks });
  for (;;) {
    const batch = (await db('audit_log').where('seq', '>', after).orderBy('seq').limit(batchSize)) as Array<Record<string, unknown>>;
    for (const row of batch) {
      const seq = String(row.seq);
      if (row.prev_hash !== previous) {
        return report({ seq, problem: lastSeq === null ? 'the chain does not start here: earlier rows were removed' : `its previous hash does not match row ${lastSeq}: a row before it was removed or inserted` });
      }
      if (chainHash(previous, row) !== row.hash) return report({ seq, problem: 'its content was changed after it was written' });
      previous = row.hash as string;
      lastSeq = seq;
      rows += 1;
    }
    if (batch.length < batchSize) break;
    after = Number(batch[batch.length - 1]!.seq);
  }
  const head = (await db('audit_chain_head').where({ id: 1 }).first()) as { seq: string | number | null; hash: string } | undefined;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headHash !== previous) {
    return report({ seq: String(head?.seq ?? '?'), problem: `the chain ends at row ${lastSeq ?? '(none)'}, but the last row written was ${head?.seq}: rows at the end were removed` });
  }
  return report(null);
}
