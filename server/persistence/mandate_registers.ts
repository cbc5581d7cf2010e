// The three registers behind the mandate index, read as one: voluntary mandates (DigiD Machtigen: listed services,
// pending until activated, revocable), legal representation (court and law, by domain) and company representation
// (chamber of commerce, eHerkenning: all or listed services). Each lookup is ONE statement, a UNION ALL over the three
// tables, each part an indexed lookup: by agent (agent_id IN (...) on an index led by the agent column) for the
// options at the selection screen, by primary key for the re-check of a choice. It narrows by status and days where
// that is an index range; the rules themselves are the domain's (server/domain/mandates.ts).
import type { IsoDate } from '../domain/dates.ts';
import type { MandateRegister } from '../domain/mandate_index.ts';
import type { DecisionRegisters } from '../domain/decisions.ts';
import type { Mandate, VoluntaryStatus } from '../domain/mandates.ts';
import type { Basis, LegalType, Service } from '../domain/services.ts';
import { hotStatementsOf, type Database } from './database.ts';
import type { Param } from './hot_statements.ts';
import { PARTY_COLUMNS, toParty, type PartyRow } from './party_repository.ts';

const PRINCIPAL = PARTY_COLUMNS.map((column) => `p.${column} AS p_${column}`).join(', ');
const list = (values: readonly unknown[]) => values.map(() => '?').join(', ');

type Lookup =
  | { by: 'agent'; agentIds: readonly string[]; at: IsoDate }
  | { by: 'id'; ids: readonly string[] }
  | { by: 'principal'; principalIds: readonly string[]; at: IsoDate }
  | { by: 'between'; agentId: string; principalId: string };

const AGENT = PARTY_COLUMNS.map((column) => `a.${column} AS a_${column}`).join(', ');

/** The statement and its bindings: the three registers' rows in one shape (basis, agent, principal, terms). */
function statement(lookup: Lookup, service: Service): { sql: string; bindings: Param[] } {
  const current = lookup.by === 'agent' || lookup.by === 'principal';
  const withAgent = lookup.by === 'principal';
  const bindings: Param[] = [];
  const where = (agentColumn: string, principalColumn: string): string => {
    switch (lookup.by) {
      case 'agent':
        bindings.push(...lookup.agentIds);
        return `m.${agentColumn} IN (${list(lookup.agentIds)})`;
      case 'id':
        bindings.push(...lookup.ids);
        return `m.id IN (${list(lookup.ids)})`;
      case 'principal':
        bindings.push(...lookup.principalIds);
        return `m.${principalColumn} IN (${list(lookup.principalIds)})`;
      case 'between':
        bindings.push(lookup.agentId, lookup.principalId);
        return `m.${agentColumn} = ? AND m.${principalColumn} = ?`;
    }
  };
  const part = (basis: Basis, agentColumn: string, principalColumn: string, columns: string, from: string, currentFilter: string, values: Param[]) => {
    bindings.push(...values);
    const condition = where(agentColumn, principalColumn);
    if (current) bindings.push((lookup as { at: IsoDate }).at, (lookup as { at: IsoDate }).at);
    return `SELECT '${basis}' AS basis, m.id, m.${agentColumn} AS agent_id, m.valid_from, m.valid_until, ${columns}, ${PRINCIPAL}${withAgent ? `, ${AGENT}` : ''} ${from}` +
      `${withAgent ? ` JOIN parties a ON a.id = m.${agentColumn}` : ''} WHERE ${condition}${current ? currentFilter : ''}`;
  };
  const voluntary = part(
    'voluntary',
    'agent_id',
    'principal_id',
    'NULL AS type, NULL AS professional, m.status, CASE WHEN s.service_uuid IS NULL THEN 0 ELSE 1 END AS covers, 0 AS all_services',
    `FROM voluntary_mandates m LEFT JOIN voluntary_mandate_services s ON s.mandate_id = m.id AND s.service_uuid = ? JOIN parties p ON p.id = m.principal_id`,
    ` AND m.status = 'active' AND m.valid_from <= ? AND m.valid_until >= ? AND s.service_uuid IS NOT NULL`,
    [service.uuid],
  );
  const legal = part(
    'legal',
    'representative_id',
    'represented_id',
    'm.type, CASE WHEN m.professional THEN 1 ELSE 0 END AS professional, NULL AS status, 1 AS covers, 0 AS all_services',
    'FROM legal_mandates m JOIN parties p ON p.id = m.represented_id',
    ' AND m.valid_from <= ? AND (m.valid_until IS NULL OR m.valid_until >= ?)',
    [],
  );
  const company = part(
    'company',
    'person_id',
    'organisation_id',
    'NULL AS type, NULL AS professional, NULL AS status, CASE WHEN s.service_uuid IS NULL THEN 0 ELSE 1 END AS covers, CASE WHEN m.all_services THEN 1 ELSE 0 END AS all_services',
    `FROM company_mandates m LEFT JOIN company_mandate_services s ON s.mandate_id = m.id AND s.service_uuid = ? JOIN parties p ON p.id = m.organisation_id`,
    ' AND m.valid_from <= ? AND (m.valid_until IS NULL OR m.valid_until >= ?)',
    [service.uuid],
  );
  return { sql: `${voluntary} UNION ALL ${legal} UNION ALL ${company}`, bindings };
}

function toMandate(row: Record<string, unknown>, service: Service): Mandate {
  const basis = row.basis as Basis;
  const principal = toParty(Object.fromEntries(PARTY_COLUMNS.map((column) => [column, row[`p_${column}`]])) as unknown as PartyRow);
  const covers = Number(row.covers) === 1;
  return {
    id: row.id as string,
    basis,
    agentId: row.agent_id as string,
    principal,
    legalType: basis === 'legal' ? (row.type as LegalType) : null,
    professional: basis === 'legal' ? Number(row.professional) === 1 : null,
    validFrom: row.valid_from as string,
    validUntil: (row.valid_until as string | null) ?? null,
    // Whether it covers the service asked about is all the rules need of the list.
    serviceUuids: basis === 'legal' || (basis === 'company' && Number(row.all_services) === 1) ? null : covers ? [service.uuid] : [],
    status: basis === 'voluntary' ? (row.status as VoluntaryStatus) : null,
  };
}

function isEmpty(lookup: Lookup): boolean {
  if (lookup.by === 'agent') return lookup.agentIds.length === 0;
  if (lookup.by === 'id') return lookup.ids.length === 0;
  if (lookup.by === 'principal') return lookup.principalIds.length === 0;
  return false;
}

async function run(hot: ReturnType<typeof hotStatementsOf>, lookup: Lookup, service: Service): Promise<Array<Record<string, unknown>>> {
  if (isEmpty(lookup)) return [];
  const { sql, bindings } = statement(lookup, service);
  return hot.all(sql, bindings);
}

export function createMandateRegister(db: Database): MandateRegister {
  const hot = hotStatementsOf(db);
  const mandates = async (lookup: Lookup, service: Service) => (await run(hot, lookup, service)).map((row) => toMandate(row, service));
  return {
    findHeldBy: (agentIds, service, at) => mandates({ by: 'agent', agentIds, at }, service),
    findByIds: (ids, service) => mandates({ by: 'id', ids }, service),
  };
}

/** The lookups of the decision API (server/domain/decisions.ts): by principal, and between two parties in any state. */
export function createDecisionRegisters(db: Database): DecisionRegisters {
  const hot = hotStatementsOf(db);
  return {
    async findBetween(agentId, principalId, service) {
      return (await run(hot, { by: 'between', agentId, principalId }, service)).map((row) => toMandate(row, service));
    },
    async findHeldFor(principalIds, service, at) {
      return (await run(hot, { by: 'principal', principalIds, at }, service)).map((row) => ({
        mandate: toMandate(row, service),
        agent: toParty(Object.fromEntries(PARTY_COLUMNS.map((column) => [column, row[`a_${column}`]])) as unknown as PartyRow),
      }));
    },
    async findParty(kind, identifier) {
      const [row] = await hot.all(`SELECT ${PARTY_COLUMNS.join(', ')} FROM parties WHERE ${kind === 'BSN' ? 'bsn' : 'kvk'} = ?`, [identifier]);
      return row ? toParty(row as unknown as PartyRow) : undefined;
    },
  };
}

/** The registers of the mandate index: the three tables, read as one. */
export function createMandateRegisters(db: Database): MandateRegister[] {
  return [createMandateRegister(db)];
}
