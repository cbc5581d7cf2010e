// The register use cases: add one mandate (admin API), import a batch of records (imports over HTTP and on the command
// line), end one (admin API, BRP gezag documents). Every rule is applied here, over a RegisterWriter that persistence
// implements inside one transaction: persistence finds, creates and writes what these functions decide.
import { dutchDate, type IsoDate } from './dates.ts';
import { duplicatesOf, type MandateTerms } from './duplicates.ts';
import { needsBirthDate } from './minors.ts';
import { recordViolations, REGISTERS, type PartyRef, type Register, type RegisterRecord, type Violation } from './register_records.ts';
import { lastDayWhenEnded } from './validity.ts';

/** A party as the registers know it: its id, and (persons) the birth date on file. */
export interface KnownParty {
  id: string;
  birthDate: IsoDate | null;
}

export const partyKey = (ref: PartyRef): string => (ref.kind === 'person' ? `p:${ref.bsn}` : `o:${ref.kvk}`);

/** The catalog for the length of a change or an import: service and service-set references (UUID or URN id). */
export interface CatalogLookup {
  service(ref: string): { uuid: string; withdrawn: boolean } | undefined;
  serviceSet(ref: string): { services: string[]; withdrawn: boolean } | undefined;
}

/** A record with its parties and services resolved and its end applied: what persistence writes, column for column. */
export interface ResolvedRecord {
  record: RegisterRecord;
  /** The id given (admin API) or null: persistence makes one. */
  id: string | null;
  agentId: string;
  principalId: string;
  /** Listed services; null for legal mandates and for company mandates for every service. */
  serviceUuids: string[] | null;
  validUntil: IsoDate | null;
  ended: boolean;
}

export interface RegisterAuditEntry {
  event: string;
  at: number;
  agentId: string | null;
  principalId: string | null;
  actor: string;
  mandateId: string | null;
  detail: Record<string, unknown>;
}

/** One transaction on the registers (persistence implements it; the domain owns the shape). */
export interface RegisterWriter {
  /** Finds parties by BSN or KvK number and creates the ones not yet known (keyed by partyKey). */
  resolveParties(refs: readonly PartyRef[]): Promise<Map<string, KnownParty>>;
  /** Every mandate of `register` between these agent → principal pairs, ended ones included. */
  termsBetween(register: Register, pairs: ReadonlyArray<{ agentId: string; principalId: string }>): Promise<MandateTerms[]>;
  /** The mandate with this id, if any. */
  findTerms(register: Register, id: string): Promise<MandateTerms | undefined>;
  /** Whether a mandate with this id, or this source record id, is in the register. */
  taken(register: Register, key: { id?: string; sourceRecordId?: string }): Promise<boolean>;
  /** Inserts one record; returns its id. */
  insert(resolved: ResolvedRecord): Promise<string>;
  /** Inserts or updates by source record id (an ended mandate stays ended at its first moment). */
  upsert(register: Register, resolved: readonly ResolvedRecord[]): Promise<void>;
  /** Sets the last day and the end (voluntary: revoked) of a mandate. */
  markEnded(register: Register, id: string, validUntil: IsoDate): Promise<void>;
  /** The BRP-translated legal mandates over these minors that have not ended. */
  openBrpMandatesOver(minorBsns: readonly string[]): Promise<Array<{ id: string; sourceRecordId: string; validUntil: IsoDate | null }>>;
  audit(entry: RegisterAuditEntry): Promise<void>;
}

export interface RegisterStore {
  /** Runs `work` in one transaction; a thrown error rolls every write of it back. */
  transaction<T>(work: (writer: RegisterWriter) => Promise<T>): Promise<T>;
}

const partiesOf = (record: RegisterRecord): [agent: PartyRef, principal: PartyRef] =>
  record.register === 'legal'
    ? [record.representative, record.represented]
    : record.register === 'company'
      ? [record.person, record.organisation]
      : [record.agent, record.principal];

/** Service references of a record as UUIDs; a withdrawn service may not be part of a mandate that still holds. */
function resolveServices(record: RegisterRecord, catalog: CatalogLookup): { uuids: string[] | null; violations: Violation[] } {
  if (record.register === 'legal') return { uuids: null, violations: [] };
  const violations: Violation[] = [];
  const uuids = new Set<string>();
  const current = record.endedOn === null;
  (record.services ?? []).forEach((ref, i) => {
    const service = catalog.service(ref);
    if (!service) violations.push({ pointer: `/services/${i}`, message: `unknown service ${JSON.stringify(ref)}` });
    else if (service.withdrawn && current) violations.push({ pointer: `/services/${i}`, message: `service ${JSON.stringify(ref)} has been withdrawn` });
    else uuids.add(service.uuid);
  });
  if (record.register === 'voluntary') {
    record.serviceSets.forEach((ref, i) => {
      const set = catalog.serviceSet(ref);
      if (!set) violations.push({ pointer: `/service_sets/${i}`, message: `unknown service set ${JSON.stringify(ref)}` });
      else if (set.withdrawn && current) violations.push({ pointer: `/service_sets/${i}`, message: `service set ${JSON.stringify(ref)} has been withdrawn` });
      else for (const uuid of set.services) uuids.add(uuid);
    });
  }
  if (record.register === 'company' && record.services === null) return { uuids: null, violations };
  return { uuids: [...uuids].sort(), violations };
}

const termsOf = (resolved: ResolvedRecord): MandateTerms => ({
  id: resolved.id,
  sourceRecordId: resolved.record.sourceRecordId,
  register: resolved.record.register,
  agentId: resolved.agentId,
  principalId: resolved.principalId,
  legalType: resolved.record.register === 'legal' ? resolved.record.type : null,
  serviceUuids: resolved.serviceUuids,
  validFrom: resolved.record.validFrom,
  validUntil: resolved.validUntil,
  ended: resolved.ended,
});

/**
 * A record against the registers: its services (known, not withdrawn), the birth date a mandate over minors needs,
 * and no twin among `existing`. The record's own checks (recordViolations) come first, before any query.
 */
function resolve(record: RegisterRecord, parties: Map<string, KnownParty>, catalog: CatalogLookup): { resolved: ResolvedRecord; violations: Violation[] } {
  const [agent, principal] = partiesOf(record);
  const { uuids, violations } = resolveServices(record, catalog);
  if (record.register === 'legal' && needsBirthDate(record.type) && !parties.get(partyKey(record.represented))!.birthDate) {
    violations.push({ pointer: '/represented_birth_date', message: `${record.type} holds until the minor turns 18: give the birth date of ${record.represented.bsn}` });
  }
  const ended = record.endedOn !== null;
  return {
    resolved: {
      record,
      id: record.id?.toLowerCase() ?? null,
      agentId: parties.get(partyKey(agent))!.id,
      principalId: parties.get(partyKey(principal))!.id,
      serviceUuids: uuids,
      validUntil: ended ? lastDayWhenEnded(record.validUntil, record.endedOn!) : record.validUntil,
      ended,
    },
    violations,
  };
}

function duplicateViolation(register: Register, twin: MandateTerms): Violation {
  return { pointer: '', message: `an identical ${register} mandate (${twin.id ?? twin.sourceRecordId}) overlaps this one in time` };
}

/** Thrown inside the transaction so that nothing of a refused change stays (not even a party it created). */
class Refused extends Error {
  constructor(readonly outcome: { conflict: string } | { violations: Violation[] }) {
    super('refused');
  }
}

export type AddOutcome = { id: string } | { conflict: string } | { violations: Violation[] };

/** Which entry point made a change, for the audit log. */
export type Via = 'admin-api' | 'cli';

/**
 * Adds one mandate (admin API, command line): the record's own checks first, then, in one transaction, a conflict for
 * a taken id or source record id or a twin, and the violations the registers show (services, birth date).
 */
export async function addMandate(store: RegisterStore, record: RegisterRecord, catalog: CatalogLookup, actor: string, now: Date, via: Via = 'admin-api'): Promise<AddOutcome> {
  const ownViolations = recordViolations(record);
  if (ownViolations.length) return { violations: ownViolations };
  try {
    return await store.transaction(async (writer) => {
      const { register } = record;
      // A mandate id names one mandate across the registers (grants and tokens carry it without its register).
      for (const other of record.id ? REGISTERS : []) {
        if (await writer.taken(other, { id: record.id!.toLowerCase() })) throw new Refused({ conflict: `a ${other} mandate with id ${record.id} exists already` });
      }
      if (record.sourceRecordId && (await writer.taken(register, { sourceRecordId: record.sourceRecordId }))) {
        throw new Refused({ conflict: `a ${register} mandate with source_record_id ${JSON.stringify(record.sourceRecordId)} exists already` });
      }
      const { resolved, violations } = resolve(record, await writer.resolveParties(partiesOf(record)), catalog);
      if (violations.length) throw new Refused({ violations });
      const [twin] = duplicatesOf(termsOf(resolved), await writer.termsBetween(register, [resolved]));
      if (twin) throw new Refused({ conflict: duplicateViolation(register, twin).message });
      const id = await writer.insert(resolved);
      await writer.audit({
        event: `register.${register}_mandate.added`,
        at: now.getTime(),
        agentId: resolved.agentId,
        principalId: resolved.principalId,
        actor,
        mandateId: id,
        detail: { via, ...(record.register === 'voluntary' && record.registeredBy ? { registered_by: record.registeredBy } : {}) },
      });
      return { id };
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

export interface BatchProblem {
  index: number;
  violations: Violation[];
}

/**
 * Imports a batch of one register's records inside the import's transaction: each against the catalog, the birth-date
 * rule and the twins already in the register or earlier in the import (a later record with the same source record id
 * replaces an earlier one). Writes the valid ones; returns the others with why.
 */
export async function importBatch(
  writer: RegisterWriter,
  register: Register,
  batch: ReadonlyArray<{ index: number; record: RegisterRecord }>,
  catalog: CatalogLookup,
): Promise<BatchProblem[]> {
  const parties = await writer.resolveParties(batch.flatMap(({ record }) => partiesOf(record)));
  const candidates = batch.map(({ index, record }) => ({ index, ...resolve(record, parties, catalog) }));
  // Twins share agent and principal: the register's mandates and the accepted records, by pair.
  const pairOf = (terms: { agentId: string; principalId: string }) => `${terms.agentId} ${terms.principalId}`;
  const byPair = new Map<string, Array<{ key: string | null; terms: MandateTerms }>>();
  const file = (key: string | null, terms: MandateTerms) => byPair.set(pairOf(terms), [...(byPair.get(pairOf(terms)) ?? []), { key, terms }]);
  for (const terms of await writer.termsBetween(register, candidates.map((candidate) => candidate.resolved))) file(null, terms);
  const problems: BatchProblem[] = [];
  const accepted = new Map<string, ResolvedRecord>();
  for (const { index, resolved, violations } of candidates) {
    const terms = termsOf(resolved);
    // A later record with the same source record id replaces the earlier one: it is no twin of it.
    const key = resolved.record.sourceRecordId ?? `line:${index}`;
    const others = (byPair.get(pairOf(terms)) ?? []).filter((other) => other.key !== key).map((other) => other.terms);
    const [twin] = violations.length ? [] : duplicatesOf(terms, others);
    if (twin) violations.push(duplicateViolation(register, twin));
    if (violations.length) {
      problems.push({ index, violations });
      continue;
    }
    const earlier = accepted.get(key);
    if (earlier) byPair.set(pairOf(earlier), (byPair.get(pairOf(earlier)) ?? []).filter((other) => other.key !== key));
    accepted.delete(key);
    accepted.set(key, resolved);
    file(key, terms);
  }
  await writer.upsert(register, [...accepted.values()]);
  return problems;
}

/** Ends a mandate from `endedOn` (default: today) on; voluntary ones are revoked. False when there is no such mandate. */
export async function endMandate(store: RegisterStore, register: Register, id: string, endedOn: IsoDate | null, actor: string, now: Date, via: Via = 'admin-api'): Promise<boolean> {
  return store.transaction(async (writer) => {
    const terms = await writer.findTerms(register, id);
    if (!terms) return false;
    const validUntil = lastDayWhenEnded(terms.validUntil, endedOn ?? dutchDate(now));
    await writer.markEnded(register, id, validUntil);
    await writer.audit({ event: `register.${register}_mandate.ended`, at: now.getTime(), agentId: terms.agentId, principalId: terms.principalId, actor, mandateId: id, detail: { via, valid_until: validUntil } });
    return true;
  });
}

/** A BRP document states a minor's gezag in full: their earlier BRP mandates it no longer lists end on `today`. */
export async function endUnlistedBrpMandates(writer: RegisterWriter, minorBsns: readonly string[], keep: ReadonlySet<string>, today: IsoDate): Promise<void> {
  if (!minorBsns.length) return;
  for (const mandate of await writer.openBrpMandatesOver(minorBsns)) {
    if (!keep.has(mandate.sourceRecordId)) await writer.markEnded('legal', mandate.id, lastDayWhenEnded(mandate.validUntil, today));
  }
}
