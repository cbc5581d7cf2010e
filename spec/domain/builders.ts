// Hand-built domain objects for the domain specs: sensible defaults, override what a test is about.
import type { Mandate } from '../../server/domain/mandates.ts';
import type { Organisation, Person } from '../../server/domain/parties.ts';
import type { Service } from '../../server/domain/services.ts';

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export function person(overrides: Partial<Person> = {}): Person {
  return { kind: 'person', id: nextId('person'), bsn: '999993653', name: 'Jan Jansen', birthDate: '1970-01-01', ...overrides };
}

export function organisation(overrides: Partial<Organisation> = {}): Organisation {
  return { kind: 'organisation', id: nextId('organisation'), kvk: '12345678', rsin: null, name: 'Bewindvoering Noord B.V.', ...overrides };
}

export function service(overrides: Partial<Service> = {}): Service {
  return {
    uuid: '8cf8687b-0f5e-56ab-971d-bc04f8f4e39a',
    id: 'urn:namens:service:bijzondere-bijstand',
    name: { nl: 'Bijzondere bijstand aanvragen', en: 'Apply for special assistance' },
    description: { nl: 'Een vergoeding aanvragen voor bijzondere kosten.', en: 'Apply for a contribution to exceptional costs.' },
    providerId: 'gemeente',
    domains: ['financial'],
    loa: 'http://eidas.europa.eu/LoA/substantial',
    bases: ['voluntary', 'legal', 'company'],
    legalTypes: null,
    selfAllowed: true,
    maxMinorAge: null,
    upl: 'Bijzondere bijstand',
    eherkenningServiceUuid: null,
    withdrawnAt: null,
    ...overrides,
  };
}

const agentOf = (overrides: Partial<Mandate>) => overrides.agentId ?? nextId('agent');

/** A legal mandate (bewind, professional, 2025–2027) unless overridden. */
export function legalMandate(overrides: Partial<Mandate> = {}): Mandate {
  return {
    id: nextId('legal'),
    basis: 'legal',
    agentId: agentOf(overrides),
    principal: person({ name: 'Anna de Vries', bsn: '999990019', birthDate: '1950-05-05' }),
    legalType: 'bewind',
    professional: true,
    validFrom: '2025-01-01',
    validUntil: '2027-12-31',
    serviceUuids: null,
    status: null,
    ...overrides,
  };
}

/** An active voluntary mandate for every service unless overridden. */
export function voluntaryMandate(overrides: Partial<Mandate> = {}): Mandate {
  return {
    id: nextId('voluntary'),
    basis: 'voluntary',
    agentId: agentOf(overrides),
    principal: person({ name: 'Anna de Vries', bsn: '999990019', birthDate: '1950-05-05' }),
    legalType: null,
    professional: null,
    validFrom: '2025-01-01',
    validUntil: '2027-12-31',
    serviceUuids: null,
    status: 'active',
    ...overrides,
  };
}

/** A company mandate for an organisation, every service, open-ended, unless overridden. */
export function companyMandate(overrides: Partial<Mandate> = {}): Mandate {
  return {
    id: nextId('company'),
    basis: 'company',
    agentId: agentOf(overrides),
    principal: organisation(),
    legalType: null,
    professional: null,
    validFrom: '2020-01-01',
    validUntil: null,
    serviceUuids: null,
    status: null,
    ...overrides,
  };
}
