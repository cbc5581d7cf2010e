// Writes the three registers for the admin API and for imports: parties resolved (and created) by BSN or KvK number,
// services by UUID or URN id, mandates upserted by their source record id in multi-row statements.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { dutchDate, type IsoDate } from '../domain/dates.ts';
import { lastDayWhenEnded, type PartyRef, type Register, type RegisterRecord, type Violation } from '../domain/register_records.ts';
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
const MINOR_TYPES = new Set(['ouderlijk_gezag', 'voogdij']);

export const TABLES: Record<Register, { table: string; services: string | null; agent: string; principal: string }> = {
  legal: { table: 'legal_mandates', services: null, agent: 'representative_id', principal: 'represented_id' },
  company: { table: 'company_mandates', services: 'company_mandate_services', agent: 'person_id', principal: 'organisation_id' },
  voluntary: { table: 'voluntary_mandates', services: 'voluntary_mandate_services', agent: 'agent_id', principal: 'principal_id' },
};

/** The catalog in memory for the length of an import: service and service-set references to UUIDs. */
export interface CatalogLookup {
  service(ref: string): { uuid: string; withdrawn: boolean } | undefined;
  serviceSet(ref: string): { services: string[]; withdrawn: boolean } | undefined;
}

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
 * parameters one by one is the bulk of the cost in node-sqlite3); on PostgreSQL as a knex multi-row insert.
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

const partyKey = (ref: PartyRef) => (ref.kind === 'person' ? `p:${ref.bsn}` : `o:${ref.kvk}`);

interface KnownParty {
  id: string;
  birthDate: string | null;
}

/**
 * Finds parties by BSN / KvK number and creates the missing ones. A person's id and placeholder name never contain
 * the BSN (ids and names reach logs, audit rows and tokens of pairwise clients); KvK numbers are public.
 */
async function resolveParties(trx: Executor, refs: PartyRef[]): Promise<Map<string, KnownParty>> {
  const wanted = new Map<string, PartyRef>();
  for (const ref of refs) if (!wanted.has(partyKey(ref))) wanted.set(partyKey(ref), ref);
  const known = new Map<string, KnownParty>();
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
    return row;
  });
  await bulkInsert(trx, 'parties', rows);
  return known;
}

/** The name of a person known only by number. */
export const UNKNOWN_NAME = 'Naam onbekend';

export interface RecordProblem {
  index: number;
  violations: Violation[];
}

/** Service references of a record as UUIDs, or the violations that stop it. */
function serviceUuids(record: RegisterRecord, catalog: CatalogLookup): { uuids: string[] | null; violations: Violation[] } {
  if (record.register === 'legal') return { uuids: null, violations: [] };
  const violations: Violation[] = [];
  const uuids = new Set<string>();
  (record.services ?? []).forEach((ref, i) => {
    const service = catalog.service(ref);
    if (!service) violations.push({ pointer: `/services/${i}`, message: `unknown service ${JSON.stringify(ref)}` });
    else if (service.withdrawn && record.endedOn === null) violations.push({ pointer: `/services/${i}`, message: `service ${JSON.stringify(ref)} has been withdrawn` });
    else uuids.add(service.uuid);
  });
  if (record.register === 'voluntary') {
    record.serviceSets.forEach((ref, i) => {
      const set = catalog.serviceSet(ref);
      if (!set) violations.push({ pointer: `/service_sets/${i}`, message: `unknown service set ${JSON.stringify(ref)}` });
      else if (set.withdrawn && record.endedOn === null) violations.push({ pointer: `/service_sets/${i}`, message: `service set ${JSON.stringify(ref)} has been withdrawn` });
      else for (const uuid of set.services) uuids.add(uuid);
    });
  }
  if (record.register === 'company' && record.services === null) return { uuids: null, violations };
  return { uuids: [...uuids].sort(), violations };
}

/** The columns of a record's row, its parties resolved. */
function rowOf(record: RegisterRecord, parties: Map<string, KnownParty>, now: number) {
  const validUntil = record.endedOn === null ? record.validUntil : lastDayWhenEnded(record.validUntil, record.endedOn);
  const base = {
    id: record.id ?? uuidv7(),
    valid_from: record.validFrom,
    valid_until: validUntil,
    source_record_id: record.sourceRecordId,
    created_at: now,
    ended_at: record.endedOn === null ? null : now,
  };
  if (record.register === 'legal') {
    return {
      ...base,
      representative_id: parties.get(partyKey(record.representative))!.id,
      represented_id: parties.get(partyKey(record.represented))!.id,
      type: record.type,
      professional: record.professional,
    };
  }
  if (record.register === 'company') {
    return {
      ...base,
      person_id: parties.get(partyKey(record.person))!.id,
      organisation_id: parties.get(partyKey(record.organisation))!.id,
      all_services: record.services === null,
    };
  }
  return {
    ...base,
    principal_id: parties.get(partyKey(record.principal))!.id,
    agent_id: parties.get(partyKey(record.agent))!.id,
    status: record.endedOn === null ? record.status : 'revoked',
    registered_by: record.registeredBy,
  };
}

const partiesOf = (record: RegisterRecord): PartyRef[] =>
  record.register === 'legal'
    ? [record.representative, record.represented]
    : record.register === 'company'
      ? [record.person, record.organisation]
      : [record.principal, record.agent];

const MERGED: Record<Register, string[]> = {
  legal: ['representative_id', 'represented_id', 'type', 'professional', 'valid_from', 'valid_until'],
  company: ['person_id', 'organisation_id', 'all_services', 'valid_from', 'valid_until'],
  voluntary: ['principal_id', 'agent_id', 'valid_from', 'valid_until', 'status', 'registered_by'],
};

/**
 * Upserts a batch of records of one register by source record id (a later line wins over an earlier one with the same
 * id). Returns the records that could not be written, with why; the rest are written in `trx`.
 */
export async function upsertRecords(trx: Executor, register: Register, batch: Array<{ index: number; record: RegisterRecord }>, catalog: CatalogLookup, now = epochSeconds()): Promise<RecordProblem[]> {
  const problems: RecordProblem[] = [];
  const parties = await resolveParties(trx, batch.flatMap(({ record }) => partiesOf(record)));
  const bySource = new Map<string, { row: Record<string, unknown>; services: string[] | null }>();
  for (const { index, record } of batch) {
    const violations: Violation[] = [];
    const { uuids, violations: serviceViolations } = serviceUuids(record, catalog);
    violations.push(...serviceViolations);
    if (record.register === 'legal' && MINOR_TYPES.has(record.type) && !parties.get(partyKey(record.represented))!.birthDate) {
      violations.push({ pointer: '/represented_birth_date', message: `${record.type} holds until the minor turns 18: give the birth date of ${record.represented.bsn}` });
    }
    if (violations.length) {
      problems.push({ index, violations });
      continue;
    }
    bySource.set(record.sourceRecordId ?? `no-source:${index}`, { row: rowOf(record, parties, now), services: uuids });
  }
  const { table, services } = TABLES[register];
  const entries = [...bySource.values()];
  const merge = Object.fromEntries(MERGED[register].map((column) => [column, `excluded.${column}`]));
  // Ended stays ended at its first moment (a re-import changes nothing); a record without ended_on revives it.
  merge.ended_at = `CASE WHEN excluded.ended_at IS NULL THEN NULL ELSE COALESCE(${table}.ended_at, excluded.ended_at) END`;
  await bulkInsert(trx, table, entries.map((entry) => entry.row), { conflict: 'source_record_id', merge });
  for (let i = 0; i < entries.length && services; i += ROWS_PER_STATEMENT) {
    const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
    if (services) {
      const sourceIds = chunk.map((entry) => entry.row.source_record_id as string);
      const ids = new Map<string, string>((await trx(table).select('id', 'source_record_id').whereIn('source_record_id', sourceIds)).map((row) => [row.source_record_id, row.id]));
      await trx(services).whereIn('mandate_id', [...ids.values()]).delete();
      const links = chunk.flatMap((entry) => (entry.services ?? []).map((uuid) => ({ mandate_id: ids.get(entry.row.source_record_id as string)!, service_uuid: uuid })));
      for (let j = 0; j < links.length; j += ROWS_PER_STATEMENT * 4) await trx(services).insert(links.slice(j, j + ROWS_PER_STATEMENT * 4));
    }
  }
  return problems;
}

/** A BRP document states a minor's gezag in full: end their earlier BRP mandates it no longer lists. */
export async function endUnlistedBrpMandates(trx: Executor, minors: string[], keep: Set<string>, today: IsoDate, now = epochSeconds()): Promise<void> {
  for (const bsn of minors) {
    const rows = await trx('legal_mandates as m')
      .join('parties as p', 'p.id', 'm.represented_id')
      .where('p.bsn', bsn)
      .where('m.source_record_id', 'like', `brp-gezag:${bsn}:%`)
      .whereNull('m.ended_at')
      .select('m.id', 'm.source_record_id', 'm.valid_until');
    for (const row of rows) {
      if (keep.has(row.source_record_id)) continue;
      await trx('legal_mandates').where({ id: row.id }).update({ valid_until: lastDayWhenEnded(row.valid_until, today), ended_at: now });
    }
  }
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

export function createRegisterStore(db: Database) {
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

    /**
     * Adds one mandate (admin API): 409 when its id or source record id is taken, or when an identical mandate
     * (same parties, same type or services) overlaps it in time. Returns the new id, or the problems with it.
     */
    async add(record: RegisterRecord, catalog: CatalogLookup, actor: string): Promise<{ id: string } | { conflict: string } | { violations: Violation[] }> {
      const { table, agent, principal } = TABLES[record.register];
      return db.transaction(async (trx) => {
        if (record.id && (await trx(table).where({ id: record.id.toLowerCase() }).first())) return { conflict: `a ${record.register} mandate with id ${record.id} exists already` };
        if (record.sourceRecordId && (await trx(table).where({ source_record_id: record.sourceRecordId }).first())) {
          return { conflict: `a ${record.register} mandate with source_record_id ${JSON.stringify(record.sourceRecordId)} exists already` };
        }
        const parties = await resolveParties(trx, partiesOf(record));
        const id = (record.id ?? uuidv7()).toLowerCase();
        const { uuids, violations } = serviceUuids(record, catalog);
        if (record.register === 'legal' && MINOR_TYPES.has(record.type) && !parties.get(partyKey(record.represented))!.birthDate) {
          violations.push({ pointer: '/represented_birth_date', message: `${record.type} holds until the minor turns 18: give the birth date of ${record.represented.bsn}` });
        }
        if (violations.length) return { violations };
        const row = { ...rowOf({ ...record, id }, parties, epochSeconds()) } as Record<string, unknown>;
        const overlapping = trx(`${table} as m`)
          .where(`m.${agent}`, row[agent] as string)
          .where(`m.${principal}`, row[principal] as string)
          .where((q) => q.whereNull('m.valid_until').orWhere('m.valid_until', '>=', row.valid_from as string))
          .select('m.id');
        if (row.valid_until) overlapping.where('m.valid_from', '<=', row.valid_until as string);
        if (record.register === 'legal') overlapping.where('m.type', record.type);
        if (record.register === 'voluntary') overlapping.whereNot('m.status', 'revoked');
        for (const { id: other } of await overlapping) {
          if (record.register !== 'legal') {
            const { services } = TABLES[record.register];
            const theirs = (await trx(services!).where({ mandate_id: other }).orderBy('service_uuid').pluck('service_uuid')) as string[];
            const allOfThem = record.register === 'company' && (await trx(table).where({ id: other }).first()).all_services;
            const same = record.register === 'company' && uuids === null ? Boolean(allOfThem) : !allOfThem && JSON.stringify(theirs) === JSON.stringify(uuids);
            if (!same) continue;
          }
          return { conflict: `an identical ${record.register} mandate (${other}) overlaps this one in time` };
        }
        await trx(table).insert(row);
        const servicesTable = TABLES[record.register].services;
        if (servicesTable && uuids?.length) await trx(servicesTable).insert(uuids.map((uuid) => ({ mandate_id: id, service_uuid: uuid })));
        await appendAudit(trx, {
          event: `register.${record.register}_mandate.added`,
          at: Date.now(),
          agent_id: row[agent] as string,
          principal_id: row[principal] as string,
          client_id: actor,
          mandate_id: id,
          detail: JSON.stringify({ via: 'admin-api', ...(record.register === 'voluntary' && record.registeredBy ? { registered_by: record.registeredBy } : {}) }),
        });
        return { id };
      });
    },

    /** Ends a mandate from `endedOn` on (voluntary ones are revoked). False when there is no such mandate. */
    async end(register: Register, id: string, endedOn: IsoDate | null, actor: string, now = new Date()): Promise<boolean> {
      const { table, agent, principal } = TABLES[register];
      return db.transaction(async (trx) => {
        const row = await trx(table).where({ id }).first();
        if (!row) return false;
        const valid_until = lastDayWhenEnded(row.valid_until, endedOn ?? dutchDate(now));
        await trx(table)
          .where({ id })
          .update({ valid_until, ended_at: row.ended_at ?? epochSeconds(now.getTime()), ...(register === 'voluntary' ? { status: 'revoked' } : {}) });
        await appendAudit(trx, {
          event: `register.${register}_mandate.ended`,
          at: now.getTime(),
          agent_id: row[agent],
          principal_id: row[principal],
          client_id: actor,
          mandate_id: id,
          detail: JSON.stringify({ via: 'admin-api', valid_until }),
        });
        return true;
      });
    },
  };
}

export type RegisterStore = ReturnType<typeof createRegisterStore>;
