// Register records as the admin API and imports take them in: the checks a JSON Schema cannot make (identifier
// check digits, date order, the five-year limit of voluntary mandates), and the translation of the BRP API's
// "gezag" into legal mandates. Pure functions; persistence writes what these return.
import type { IsoDate } from './dates.ts';
import { isBsn } from './identifiers.ts';
import type { LegalType } from './services.ts';
import { validityProblem, VOLUNTARY_MAX_YEARS } from './validity.ts';

export type Register = 'legal' | 'company' | 'voluntary';
export const REGISTERS: readonly Register[] = ['legal', 'company', 'voluntary'];

export interface Violation {
  pointer: string;
  message: string;
}

export type PartyRef =
  | { kind: 'person'; bsn: string; name: string | null; birthDate: IsoDate | null }
  | { kind: 'organisation'; kvk: string; rsin: string | null; name: string | null };

interface Common {
  /** Given by the caller (admin API), else generated. */
  id: string | null;
  sourceRecordId: string | null;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  /** When set, the mandate no longer holds from this day on. */
  endedOn: IsoDate | null;
}

export interface LegalRecord extends Common {
  register: 'legal';
  representative: PartyRef;
  represented: Extract<PartyRef, { kind: 'person' }>;
  type: LegalType;
  professional: boolean;
}

export interface CompanyRecord extends Common {
  register: 'company';
  person: Extract<PartyRef, { kind: 'person' }>;
  organisation: Extract<PartyRef, { kind: 'organisation' }>;
  /** Service UUIDs or URN ids; null: every service. */
  services: string[] | null;
}

export interface VoluntaryRecord extends Common {
  register: 'voluntary';
  principal: Extract<PartyRef, { kind: 'person' }>;
  agent: Extract<PartyRef, { kind: 'person' }>;
  services: string[];
  serviceSets: string[];
  status: 'pending' | 'active';
  registeredBy: string | null;
}

export type RegisterRecord = LegalRecord | CompanyRecord | VoluntaryRecord;

type Raw = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const person = (raw: Raw, prefix: string, birthDate: IsoDate | null = null) =>
  ({ kind: 'person', bsn: raw[`${prefix}_bsn`] as string, name: str(raw[`${prefix}_name`]), birthDate }) as const;

function common(raw: Raw): Common {
  return {
    id: str(raw.id),
    sourceRecordId: str(raw.source_record_id),
    validFrom: raw.valid_from as IsoDate,
    validUntil: str(raw.valid_until),
    endedOn: str(raw.ended_on),
  };
}

/** A schema-valid body or record (snake_case, as in server/validation/schemas.ts) as a register record. */
export function toRecord(register: Register, raw: Raw): RegisterRecord {
  if (register === 'legal') {
    const representative: PartyRef = str(raw.representative_kvk)
      ? { kind: 'organisation', kvk: raw.representative_kvk as string, rsin: null, name: str(raw.representative_name) }
      : person(raw, 'representative');
    return {
      register,
      ...common(raw),
      representative,
      represented: person(raw, 'represented', str(raw.represented_birth_date)),
      type: raw.type as LegalType,
      professional: raw.professional as boolean,
    };
  }
  if (register === 'company') {
    return {
      register,
      ...common(raw),
      person: person(raw, 'person'),
      organisation: { kind: 'organisation', kvk: raw.organisation_kvk as string, rsin: str(raw.organisation_rsin), name: str(raw.organisation_name) },
      services: Array.isArray(raw.services) ? (raw.services as string[]) : null,
    };
  }
  return {
    register,
    ...common(raw),
    principal: person(raw, 'principal'),
    agent: person(raw, 'agent'),
    services: (raw.services as string[] | undefined) ?? [],
    serviceSets: (raw.service_sets as string[] | undefined) ?? [],
    status: (raw.status as 'pending' | 'active' | undefined) ?? 'active',
    registeredBy: str(raw.registered_by),
  };
}

/** What a schema cannot check: check digits, date order, the five-year limit, acting for oneself. */
export function recordViolations(record: RegisterRecord): Violation[] {
  const violations: Violation[] = [];
  const checkBsn = (pointer: string, bsn: string) => {
    if (!isBsn(bsn)) violations.push({ pointer, message: `${bsn} is not a valid BSN (fails the eleven-test)` });
  };
  const problem = validityProblem(record, record.register === 'voluntary');
  if (problem === 'ends_before_start') violations.push({ pointer: '/valid_until', message: 'must not be before valid_from (a mandate of one day starts and ends on the same day)' });
  if (problem === 'too_long') violations.push({ pointer: '/valid_until', message: `a voluntary mandate lasts at most ${VOLUNTARY_MAX_YEARS} years after valid_from` });
  if (record.register === 'legal') {
    if (record.representative.kind === 'person') checkBsn('/representative_bsn', record.representative.bsn);
    checkBsn('/represented_bsn', record.represented.bsn);
    if (record.representative.kind === 'person' && record.representative.bsn === record.represented.bsn) {
      violations.push({ pointer: '/represented_bsn', message: 'a person cannot represent themselves' });
    }
  } else if (record.register === 'company') {
    checkBsn('/person_bsn', record.person.bsn);
    if (record.organisation.rsin !== null && !isBsn(record.organisation.rsin)) {
      violations.push({ pointer: '/organisation_rsin', message: `${record.organisation.rsin} is not a valid RSIN (fails the eleven-test)` });
    }
  } else {
    checkBsn('/principal_bsn', record.principal.bsn);
    checkBsn('/agent_bsn', record.agent.bsn);
    if (record.principal.bsn === record.agent.bsn) violations.push({ pointer: '/agent_bsn', message: 'a person cannot mandate themselves' });
  }
  return violations;
}


// ---- BRP API gezag -------------------------------------------------------------------------------------------------

interface BrpPerson {
  burgerservicenummer?: string;
  naam?: { volledigeNaam?: string };
  geboorte?: { datum?: { datum?: string } };
}

interface BrpGezag {
  type: string;
  minderjarige?: BrpPerson;
  ouders?: BrpPerson[];
  ouder?: BrpPerson;
  derden?: Array<BrpPerson & { type?: string }>;
  derde?: BrpPerson & { type?: string };
}

export interface BrpTranslation {
  records: LegalRecord[];
  /** Minors whose gezag this document states in full: their earlier BRP mandates not in `records` have ended. */
  minors: string[];
  violations: Violation[];
}

/** The BRP gezag types namens translates, and the legal type each holder gets. */
const GEZAG_TYPES: Record<string, Array<{ holders: (gezag: BrpGezag) => Array<BrpPerson | undefined>; type: LegalType; pointer: string }>> = {
  GezamenlijkOuderlijkGezag: [{ holders: (g) => g.ouders ?? [], type: 'ouderlijk_gezag', pointer: 'ouders' }],
  EenhoofdigOuderlijkGezag: [{ holders: (g) => [g.ouder], type: 'ouderlijk_gezag', pointer: 'ouder' }],
  GezamenlijkGezag: [
    { holders: (g) => [g.ouder], type: 'ouderlijk_gezag', pointer: 'ouder' },
    { holders: (g) => [g.derde], type: 'voogdij', pointer: 'derde' },
  ],
  Voogdij: [{ holders: (g) => g.derden ?? [], type: 'voogdij', pointer: 'derden' }],
};
/** Gezag types that state there is no holder (for now): the minor's earlier BRP mandates end. */
const NO_HOLDER_TYPES = new Set(['TijdelijkGeenGezag', 'GezagNietTeBepalen']);

export const brpSourceRecordId = (minorBsn: string, holderBsn: string) => `brp-gezag:${minorBsn}:${holderBsn}`;

/**
 * One person of a BRP gezag response as legal mandates: each holder of gezag over a minor becomes a representative
 * (ouderlijk_gezag for parents, voogdij for guardians), valid from the minor's birth date (or `today` when the BRP
 * does not say) and open-ended: the age rule ends it at 18.
 */
export function translateBrpPerson(person: { gezag?: BrpGezag[] }, today: IsoDate, pointerPrefix = ''): BrpTranslation {
  const records: LegalRecord[] = [];
  const minors = new Set<string>();
  const violations: Violation[] = [];
  (person.gezag ?? []).forEach((gezag, g) => {
    const at = `${pointerPrefix}/gezag/${g}`;
    const minor = gezag.minderjarige;
    const minorBsn = minor?.burgerservicenummer;
    if (NO_HOLDER_TYPES.has(gezag.type)) {
      if (minorBsn && isBsn(minorBsn)) minors.add(minorBsn);
      return;
    }
    const rules = GEZAG_TYPES[gezag.type];
    if (!rules) {
      violations.push({ pointer: `${at}/type`, message: `gezag type ${JSON.stringify(gezag.type)} is not one namens translates (${[...Object.keys(GEZAG_TYPES), ...NO_HOLDER_TYPES].join(', ')})` });
      return;
    }
    if (!minorBsn || !isBsn(minorBsn)) {
      violations.push({ pointer: `${at}/minderjarige/burgerservicenummer`, message: 'needs the minor’s valid BSN' });
      return;
    }
    minors.add(minorBsn);
    const birthDate = minor?.geboorte?.datum?.datum ?? null;
    for (const rule of rules) {
      rule.holders(gezag).forEach((holder, h) => {
        const pointer = `${at}/${rule.pointer}${rule.pointer.endsWith('s') ? `/${h}` : ''}/burgerservicenummer`;
        const holderBsn = holder?.burgerservicenummer;
        if (!holderBsn) {
          violations.push({ pointer, message: 'a holder of gezag without a BSN (an institution or a person outside the BRP) cannot act in namens' });
          return;
        }
        if (!isBsn(holderBsn)) {
          violations.push({ pointer, message: `${holderBsn} is not a valid BSN (fails the eleven-test)` });
          return;
        }
        records.push({
          register: 'legal',
          id: null,
          sourceRecordId: brpSourceRecordId(minorBsn, holderBsn),
          representative: { kind: 'person', bsn: holderBsn, name: holder?.naam?.volledigeNaam ?? null, birthDate: null },
          represented: { kind: 'person', bsn: minorBsn, name: minor?.naam?.volledigeNaam ?? null, birthDate },
          type: rule.type,
          professional: false,
          validFrom: birthDate ?? today,
          validUntil: null,
          endedOn: null,
        });
      });
    }
  });
  return { records, minors: [...minors], violations };
}
