// The three registers behind the mandate index, one source adapter each. Each answers one indexed query
// for any number of agents at once (agent_id IN (...) on an index led by the agent column), never a scan.
import type { IsoDate } from '../domain/dates.ts';
import type { MandateRegister } from '../domain/mandate_index.ts';
import type { Mandate, VoluntaryStatus } from '../domain/mandates.ts';
import type { LegalType } from '../domain/services.ts';
import type { Database } from './database.ts';
import { PARTY_COLUMNS, toParty, type PartyRow } from './party_repository.ts';

const principalColumns = PARTY_COLUMNS.map((column) => `p.${column} as p_${column}`);

function principalOf(row: Record<string, unknown>) {
  return toParty(Object.fromEntries(PARTY_COLUMNS.map((column) => [column, row[`p_${column}`]])) as unknown as PartyRow);
}

/** Voluntary mandates (DigiD Machtigen): listed services, pending until activated, revocable. */
export function createVoluntaryRegister(db: Database): MandateRegister {
  return {
    async findHeldBy(agentIds, service, at: IsoDate) {
      const rows = await db('voluntary_mandates as m')
        .join('voluntary_mandate_services as s', (on) => on.on('s.mandate_id', '=', 'm.id').andOnVal('s.service_uuid', '=', service.uuid))
        .join('parties as p', 'p.id', 'm.principal_id')
        .whereIn('m.agent_id', agentIds)
        .where('m.status', 'active')
        .where('m.valid_from', '<=', at)
        .where('m.valid_until', '>=', at)
        .select('m.id', 'm.agent_id', 'm.valid_from', 'm.valid_until', 'm.status', ...principalColumns);
      return rows.map(
        (row): Mandate => ({
          id: row.id,
          basis: 'voluntary',
          agentId: row.agent_id,
          principal: principalOf(row),
          legalType: null,
          professional: null,
          validFrom: row.valid_from,
          validUntil: row.valid_until,
          serviceUuids: [service.uuid],
          status: row.status as VoluntaryStatus,
        }),
      );
    },
  };
}

/** Legal representation (court and law): curatele, bewind, mentorschap, ouderlijk gezag, voogdij; by domain. */
export function createLegalRegister(db: Database): MandateRegister {
  return {
    async findHeldBy(agentIds, _service, at) {
      const rows = await db('legal_mandates as m')
        .join('parties as p', 'p.id', 'm.represented_id')
        .whereIn('m.representative_id', agentIds)
        .where('m.valid_from', '<=', at)
        .where((q) => q.whereNull('m.valid_until').orWhere('m.valid_until', '>=', at))
        .select('m.id', 'm.representative_id', 'm.type', 'm.professional', 'm.valid_from', 'm.valid_until', ...principalColumns);
      return rows.map(
        (row): Mandate => ({
          id: row.id,
          basis: 'legal',
          agentId: row.representative_id,
          principal: principalOf(row),
          legalType: row.type as LegalType,
          professional: Boolean(row.professional),
          validFrom: row.valid_from,
          validUntil: row.valid_until,
          serviceUuids: null,
          status: null,
        }),
      );
    },
  };
}

/** Company representation (chamber of commerce, eHerkenning): a person acts for an organisation, for all or listed services. */
export function createCompanyRegister(db: Database): MandateRegister {
  return {
    async findHeldBy(agentIds, service, at) {
      const rows = await db('company_mandates as m')
        .join('parties as p', 'p.id', 'm.organisation_id')
        .leftJoin('company_mandate_services as s', (on) => on.on('s.mandate_id', '=', 'm.id').andOnVal('s.service_uuid', '=', service.uuid))
        .whereIn('m.person_id', agentIds)
        .where('m.valid_from', '<=', at)
        .where((q) => q.whereNull('m.valid_until').orWhere('m.valid_until', '>=', at))
        .where((q) => q.where('m.all_services', true).orWhereNotNull('s.service_uuid'))
        .select('m.id', 'm.person_id', 'm.all_services', 'm.valid_from', 'm.valid_until', ...principalColumns);
      return rows.map(
        (row): Mandate => ({
          id: row.id,
          basis: 'company',
          agentId: row.person_id,
          principal: principalOf(row),
          legalType: null,
          professional: null,
          validFrom: row.valid_from,
          validUntil: row.valid_until,
          serviceUuids: row.all_services ? null : [service.uuid],
          status: null,
        }),
      );
    },
  };
}

export function createMandateRegisters(db: Database): MandateRegister[] {
  return [createVoluntaryRegister(db), createLegalRegister(db), createCompanyRegister(db)];
}
