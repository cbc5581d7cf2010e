// The three registers for the admin API and for imports: a RegisterWriter per transaction (parties found and created by
// BSN or KvK number, mandates inserted or upserted by source record id in multi-row statements, ended, audited), and
// the admin API's reads. It maps rows and decides nothing: the rules are in server/domain/register_mandates.ts.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { MandateTerms } from '../domain/duplicates.ts';
import type { PartyRef, Register } from '../domain/register_records.ts';
import { partyKey, type CatalogLookup, type KnownParty, type RegisterStore, type RegisterWriter, type ResolvedRecord } from '../domain/register_mandates.ts';
import type { LegalType } from '../domain/services.ts';
import type { Database } from './database.ts';
import { epochSeconds, isPostgres } from './database.ts';
import { appendAudit } from './audit_chain.ts';

type Executor = Knex | Knex.Transaction;

/** Rows per multi-row statement: at most 10 columns x 500 rows stays far below SQLite's 32,766 variables. */
export const ROWS_PER_STATEMENT = 500;

let lastMs = 0;
let sequence = 0;
/**
 * A UUIDv7 (RFC 9562): time-ordered, so a bulk import appends to the primary key index instead of scattering writes
 * over it. A 12-bit sequence keeps ids from one millisecond ordered.
 */
export function uuidv7(now = Date.now()): string {
  if (now <= lastMs) sequence = (sequence + 1) & 0xfff;
  else sequence = 0;
  lastMs = Math.max(now, lastMs);
  if (sequence === 0xfff) lastMs++;
  const time = lastMs.toString(16).padStart(12, '0');
  // The random tail (and variant) of a v4 UUID: node's randomUUID draws from a cached pool, much cheaper than randomBytes.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${(0x7000 | sequence).toString(16)}-${randomUUID().slice(19)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TABLES: Record<Register, { table: string; services: string | null; agent: string; principal: string }> = {
  legal: { table: 'legal_mandates', services: null, agent: 'representative_id', principal: 'represented_id' },
  company: { table: 'company_mandates', services: 'company_mandate_services', agent: 'person_id', principal: 'organisation_id' },
  voluntary: { table: 'voluntary_mandates', services: 'voluntary_mandate_services', agent: 'agent_id', principal: 'principal_id' },
};

export async function loadCatalogLookup(db: Executor): Promise<CatalogLookup> {
  const services = new Map<string, { uuid: string; withdrawn: boolean }>();
  for (const row of await db('services').select('uuid', 'urn_id', 'withdrawn_at')) {
    const entry = { uuid: row.uuid as string, withdrawn: row.withdrawn_at !== null };
    services.set(row.uuid, entry);
    services.set(row.urn_id, entry);
  }
  const sets = new Map<string, { services: string[]; withdrawn: boolean }>();
  const members = await db('service_set_members').select('set_uuid', 'service_uuid');
  for (const row of await db('service_sets').select('uuid', 'urn_id', 'withdrawn_at')) {
    const entry = { services: members.filter((m) => m.set_uuid === row.uuid).map((m) => m.service_uuid as string), withdrawn: row.withdrawn_at !== null };
    sets.set(row.uuid, entry);
    sets.set(row.urn_id, entry);
  }
  return {
    service: (ref) => services.get(UUID.test(ref) ? ref.toLowerCase() : ref),
    serviceSet: (ref) => sets.get(UUID.test(ref) ? ref.toLowerCase() : ref),
  };
}

/**
 * A multi-row insert. On SQLite the rows travel as one JSON parameter expanded by json_each (binding thousands of
 * parameters one by one costs more than the insert); on PostgreSQL as a knex multi-row insert.
 */
async function bulkInsert(trx: Executor, table: string, rows: Array<Record<string, unknown>>, upsert?: { conflict: string; merge: Record<string, string> }): Promise<void> {
  if (!rows.length) return;
  if (isPostgres(trx as Database)) {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const insert = trx(table).insert(rows.slice(i, i + ROWS_PER_STATEMENT));
      if (upsert) await insert.onConflict(upsert.conflict).merge(Object.fromEntries(Object.entries(upsert.merge).map(([column, sql]) => [column, trx.raw(sql)])));
      else await insert;
    }
    return;
  }
  const columns = Object.keys(rows[0]!);
  const values = rows.map((row) => columns.map((column) => (typeof row[column] === 'boolean' ? (row[column] ? 1 : 0) : row[column])));
  const select = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
  const conflict = upsert ? ` ON CONFLICT(${upsert.conflict}) DO UPDATE SET ${Object.entries(upsert.merge).map(([column, sql]) => `${column} = ${sql}`).join(', ')}` : '';
  await trx.raw(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM json_each(?) WHERE true${conflict}`, [JSON.stringify(values)]);
}

interface PartyLookup {
  id: string;
  birthDate: string | null;
}

/**
 * Finds parties by BSN / KvK number and creates the missing ones. A person's id and placeholder name never contain
 * the BSN (ids and names reach logs, audit rows and tokens of pairwise clients); KvK numbers are public.
 */
async function resolveParties(trx: Executor, refs: readonly PartyRef[], created?: Set<string>): Promise<Map<string, KnownParty>> {
  const wanted = new Map<string, PartyRef>();
  for (const ref of refs) if (!wanted.has(partyKey(ref))) wanted.set(partyKey(ref), ref);
  const known = new Map<string, PartyLookup>();
  const bsns = [...wanted.values()].filter((r) => r.kind === 'person').map((r) => (r as { bsn: string }).bsn);
  const kvks = [...wanted.values()].filter((r) => r.kind === 'organisation').map((r) => (r as { kvk: string }).kvk);
  const sqlite = !isPostgres(trx as Database);
  const chunk = sqlite ? Infinity : ROWS_PER_STATEMENT * 2;
  for (let i = 0; i < bsns.length; i += chunk) {
    const some = bsns.slice(i, i + chunk);
    const query = trx('parties').select('id', 'bsn', 'birth_date');
    if (sqlite) query.whereRaw('bsn IN (SELECT value FROM json_each(?))', [JSON.stringify(some)]);
    else query.whereIn('bsn', some);
    for (const row of await query) known.set(`p:${row.bsn}`, { id: row.id, birthDate: row.birth_date });
  }
  for (let i = 0; i < kvks.length; i += ROWS_PER_STATEMENT * 2) {
    for (const row of await trx('parties').select('id', 'kvk').whereIn('kvk', kvks.slice(i, i + ROWS_PER_STATEMENT * 2))) {
      known.set(`o:${row.kvk}`, { id: row.id, birthDate: null });
    }
  }
  const missing = [...wanted.entries()].filter(([key]) => !known.has(key));
  const rows = missing.map(([key, ref]) => {
    const row =
      ref.kind === 'person'
        ? { id: `person-${randomUUID()}`, kind: 'person', bsn: ref.bsn, kvk: null, rsin: null, name: ref.name ?? UNKNOWN_NAME, birth_date: ref.birthDate }
        : { id: `kvk-${ref.kvk}`, kind: 'organisation', bsn: null, kvk: ref.kvk, rsin: ref.rsin, name: ref.name ?? `KvK ${ref.kvk}`, birth_date: null };
    known.set(key, { id: row.id, birthDate: row.birth_date });
    created?.add(row.id);
    return row;
  });
  await bulkInsert(trx, 'parties', rows);
  return known;
}

/** The name of a person known only by number. */
export const UNKNOWN_NAME = 'Naam onbekend';

/** The columns of a resolved record's row. */
function rowOf(resolved: ResolvedRecord, now: number) {
  const { record } = resolved;
  const base = {
    id: resolved.id ?? uuidv7(),
    valid_from: record.validFrom,
    valid_until: resolved.validUntil,
    source_record_id: record.sourceRecordId,
    created_at: now,
    ended_at: resolved.ended ? now : null,
  };
  const { agent, principal } = TABLES[record.register];
  const parties = { [agent]: resolved.agentId, [principal]: resolved.principalId };
  if (record.register === 'legal') return { ...base, ...parties, type: record.type, professional: record.professional };
  if (record.register === 'company') return { ...base, ...parties, all_services: resolved.serviceUuids === null };
  return { ...base, ...parties, status: resolved.ended ? 'revoked' : record.status, registered_by: record.registeredBy };
}

const MERGED: Record<Register, string[]> = {
  legal: ['representative_id', 'represented_id', 'type', 'professional', 'valid_from', 'valid_until'],
  company: ['person_id', 'organisation_id', 'all_services', 'valid_from', 'valid_until'],
  voluntary: ['principal_id', 'agent_id', 'valid_from', 'valid_until', 'status', 'registered_by'],
};

/** Inserts or updates rows by source record id (a record without one is inserted). */
async function upsertRows(trx: Executor, register: Register, resolved: readonly ResolvedRecord[], now: number): Promise<void> {
  const { table, services } = TABLES[register];
  const entries = resolved.map((entry) => ({ row: rowOf(entry, now) as Record<string, unknown>, services: entry.serviceUuids }));
  const merge = Object.fromEntries(MERGED[register].map((column) => [column, `excluded.${column}`]));
  // Ended stays ended at its first moment (a re-import changes nothing); a record without ended_on revives it.
  merge.ended_at = `CASE WHEN excluded.ended_at IS NULL THEN NULL ELSE COALESCE(${table}.ended_at, excluded.ended_at) END`;
  await bulkInsert(trx, table, entries.map((entry) => entry.row), { conflict: 'source_record_id', merge });
  for (let i = 0; i < entries.length && services; i += ROWS_PER_STATEMENT) {
    const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
    const sourceIds = chunk.map((entry) => entry.row.source_record_id as string);
    const ids = new Map<string, string>((await trx(table).select('id', 'source_record_id').whereIn('source_record_id', sourceIds)).map((row) => [row.source_record_id, row.id]));
    await trx(services).whereIn('mandate_id', [...ids.values()]).delete();
    const links = chunk.flatMap((entry) => (entry.services ?? []).map((uuid) => ({ mandate_id: ids.get(entry.row.source_record_id as string)!, service_uuid: uuid })));
    for (let j = 0; j < links.length; j += ROWS_PER_STATEMENT * 4) await trx(services).insert(links.slice(j, j + ROWS_PER_STATEMENT * 4));
  }
}

/** Rows of a register as the duplicate rule compares them, with their listed services. */
async function termsOf(trx: Executor, register: Register, rows: Array<Record<string, unknown>>): Promise<MandateTerms[]> {
  const { services, agent, principal } = TABLES[register];
  const links = new Map<string, string[]>();
  if (services && rows.length) {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT * 2) {
      const ids = rows.slice(i, i + ROWS_PER_STATEMENT * 2).map((row) => row.id as string);
      for (const link of await trx(services).whereIn('mandate_id', ids).select('mandate_id', 'service_uuid')) {
        links.set(link.mandate_id, [...(links.get(link.mandate_id) ?? []), link.service_uuid]);
      }
    }
  }
  return rows.map((row) => ({
    id: row.id as string,
    sourceRecordId: (row.source_record_id as string | null) ?? null,
    register,
    agentId: row[agent] as string,
    principalId: row[principal] as string,
    legalType: register === 'legal' ? (row.type as LegalType) : null,
    serviceUuids: register === 'legal' || (register === 'company' && Boolean(row.all_services)) ? null : (links.get(row.id as string) ?? []),
    validFrom: row.valid_from as string,
    validUntil: (row.valid_until as string | null) ?? null,
    ended: row.ended_at !== null || ['revoked', 'declined'].includes(row.status as string),
  }));
}

/** The register writer of one transaction: finds, creates and writes; every decision is the domain's (register_mandates.ts). */
export function createRegisterWriter(trx: Knex.Transaction, now = epochSeconds): RegisterWriter {
  /** Parties this transaction created: they hold no mandates yet, so their pairs need no lookup. */
  const created = new Set<string>();
  return {
    resolveParties: (refs) => resolveParties(trx, refs, created),
    async termsBetween(register, pairs) {
      const { table, agent, principal } = TABLES[register];
      const unique = [...new Map(pairs.map((pair) => [`${pair.agentId} ${pair.principalId}`, pair])).values()].filter(
        (pair) => !created.has(pair.agentId) && !created.has(pair.principalId),
      );
      const rows: Array<Record<string, unknown>> = [];
      // Looked up by the side with more distinct parties (an indexed column either way: a professional representative
      // or an organisation can hold thousands of mandates, each of their principals few), then narrowed to the pairs.
      for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
        const chunk = unique.slice(i, i + ROWS_PER_STATEMENT);
        const wanted = new Set(chunk.map((pair) => `${pair.agentId} ${pair.principalId}`));
        const agents = [...new Set(chunk.map((pair) => pair.agentId))];
        const principals = [...new Set(chunk.map((pair) => pair.principalId))];
        const found = principals.length >= agents.length ? await trx(table).whereIn(principal, principals) : await trx(table).whereIn(agent, agents);
        rows.push(...found.filter((row: Record<string, unknown>) => wanted.has(`${row[agent]} ${row[principal]}`)));
      }
      return termsOf(trx, register, rows);
    },
    async findTerms(register, id) {
      const row = await trx(TABLES[register].table).where({ id }).first();
      return row ? (await termsOf(trx, register, [row]))[0] : undefined;
    },
    async taken(register, { id, sourceRecordId }) {
      const query = trx(TABLES[register].table).first('id');
      if (id !== undefined) query.where({ id });
      if (sourceRecordId !== undefined) query.where({ source_record_id: sourceRecordId });
      return (await query) !== undefined;
    },
    async insert(resolved) {
      const { register } = resolved.record;
      const row = rowOf(resolved, now());
      await trx(TABLES[register].table).insert(row);
      const servicesTable = TABLES[register].services;
      if (servicesTable && resolved.serviceUuids?.length) await trx(servicesTable).insert(resolved.serviceUuids.map((uuid) => ({ mandate_id: row.id, service_uuid: uuid })));
      return row.id;
    },
    upsert: (register, resolved) => upsertRows(trx, register, resolved, now()),
    async markEnded(register, id, validUntil) {
      const ended = trx.raw('COALESCE(ended_at, ?)', [now()]);
      await trx(TABLES[register].table)
        .where({ id })
        .update({ valid_until: validUntil, ended_at: ended, ...(register === 'voluntary' ? { status: 'revoked' } : {}) });
    },
    async openBrpMandatesOver(minorBsns) {
      const rows = await trx('legal_mandates as m')
        .join('parties as p', 'p.id', 'm.represented_id')
        .whereIn('p.bsn', [...minorBsns])
        .where('m.source_record_id', 'like', 'brp-gezag:%')
        .whereNull('m.ended_at')
        .select('m.id', 'm.source_record_id', 'm.valid_until', 'p.bsn');
      // Only the minor's own BRP records (brp-gezag:<minor>:<holder>).
      return rows
        .filter((row: { source_record_id: string; bsn: string }) => row.source_record_id.startsWith(`brp-gezag:${row.bsn}:`))
        .map((row: { id: string; source_record_id: string; valid_until: string | null }) => ({ id: row.id, sourceRecordId: row.source_record_id, validUntil: row.valid_until }));
    },
    async audit(entry) {
      await appendAudit(trx, {
        event: entry.event,
        at: entry.at,
        agent_id: entry.agentId,
        principal_id: entry.principalId,
        client_id: entry.actor,
        mandate_id: entry.mandateId,
        detail: JSON.stringify(entry.detail),
      });
    },
  };
}

// ---- the admin API's single changes --------------------------------------------------------------------------------

export interface MandateView {
  id: string;
  register: Register;
  [field: string]: unknown;
}

const PARTY_VIEW = (alias: string) => [`${alias}.bsn as ${alias}_bsn`, `${alias}.kvk as ${alias}_kvk`, `${alias}.name as ${alias}_name`];
const party = (row: Record<string, unknown>, alias: string) =>
  row[`${alias}_bsn`] ? { bsn: row[`${alias}_bsn`], name: row[`${alias}_name`] } : { kvk: row[`${alias}_kvk`], name: row[`${alias}_name`] };

export interface MandateFilter {
  /** BSN or KvK number of the agent (representative, person, agent) or of the principal. */
  agent?: string;
  principal?: string;
  limit: number;
  /** Keyset pagination: ids after this one. */
  after?: string;
}

export function createRegisterStore(db: Database): RegisterStore & { find(register: Register, id: string): Promise<MandateView | undefined>; list(register: Register, filter: MandateFilter): Promise<MandateView[]> } {
  async function view(register: Register, query: Knex.QueryBuilder): Promise<MandateView[]> {
    const { table, services, agent, principal } = TABLES[register];
    const rows = await query
      .from(`${table} as m`)
      .join('parties as a', 'a.id', `m.${agent}`)
      .join('parties as p', 'p.id', `m.${principal}`)
      .select('m.*', ...PARTY_VIEW('a'), ...PARTY_VIEW('p'));
    const links = new Map<string, string[]>();
    if (services && rows.length) {
      for (const link of await db(services).whereIn('mandate_id', rows.map((row: { id: string }) => row.id)).orderBy('service_uuid')) {
        links.set(link.mandate_id, [...(links.get(link.mandate_id) ?? []), link.service_uuid]);
      }
    }
    return rows.map((row: Record<string, unknown>) => {
      const common = {
        id: row.id as string,
        register,
        source_record_id: row.source_record_id ?? null,
        valid_from: row.valid_from,
        valid_until: row.valid_until ?? null,
        ended_at: row.ended_at === null ? null : new Date(Number(row.ended_at) * 1000).toISOString(),
      };
      if (register === 'legal') return { ...common, representative: party(row, 'a'), represented: party(row, 'p'), type: row.type, professional: Boolean(row.professional) };
      if (register === 'company') return { ...common, person: party(row, 'a'), organisation: party(row, 'p'), services: row.all_services ? null : (links.get(row.id as string) ?? []) };
      return { ...common, agent: party(row, 'a'), principal: party(row, 'p'), services: links.get(row.id as string) ?? [], status: row.status, registered_by: row.registered_by ?? null };
    });
  }

  return {
    async find(register: Register, id: string): Promise<MandateView | undefined> {
      return (await view(register, db.queryBuilder().where('m.id', id)))[0];
    },

    /** Lists by agent or principal (each an indexed lookup), or pages through the register by id. */
    async list(register: Register, filter: MandateFilter): Promise<MandateView[]> {
      const { agent, principal } = TABLES[register];
      const query = db.queryBuilder().orderBy('m.id').limit(filter.limit);
      const partyIds = (number: string) => db('parties').select('id').where(number.length === 9 ? 'bsn' : 'kvk', number);
      if (filter.agent) query.whereIn(`m.${agent}`, partyIds(filter.agent));
      if (filter.principal) query.whereIn(`m.${principal}`, partyIds(filter.principal));
      if (filter.after) query.where('m.id', '>', filter.after);
      return view(register, query);
    },

    transaction: <T>(work: (writer: RegisterWriter) => Promise<T>) => db.transaction((trx) => work(createRegisterWriter(trx))),
  };
}

export type RegisterReads = ReturnType<typeof createRegisterStore>;
