// My mandates: a person's mandates of every register (as principal or as agent), the voluntary register's own
// changes (grant, request, approve, decline, activate, revoke), each in one transaction with its audit entry,
// and the recorded uses of a mandate. Every query starts from an indexed column: the person, or the mandate id.
import type { Knex } from 'knex';
import {
  decideActivation,
  type Change,
  type MandateRecord,
  type MyMandatesRepository,
  type NewVoluntaryMandate,
  STATUS_CHANGES,
  type StatusChange,
  type StoredVoluntaryStatus,
} from '../domain/my_mandates.ts';
import type { Party, Person } from '../domain/parties.ts';
import type { LegalType, Service } from '../domain/services.ts';
import { toService } from './catalog_repository.ts';
import { isPostgres, type Database } from './database.ts';
import { appendAudit } from './audit_chain.ts';
import { createRegisterWriter } from './register_store.ts';
import { PARTY_COLUMNS, toParty, type PartyRow } from './party_repository.ts';

type Row = Record<string, unknown>;
type Filter = { personId: string; id?: string };


async function audit(trx: Knex.Transaction, event: string, at: number, mandate: { principal_id: string; agent_id: string; id: string }, detail: Record<string, unknown>) {
  await appendAudit(trx, {
    event,
    at,
    agent_id: mandate.agent_id,
    principal_id: mandate.principal_id,
    mandate_id: mandate.id,
    detail: JSON.stringify(detail),
  });
}

export function createMyMandatesRepository(db: Database): MyMandatesRepository {
  const forUpdate = <T extends Knex.QueryBuilder>(query: T): T => (isPostgres(db) ? (query.forUpdate() as T) : query);

  /** Rows of one register where the person is on either side, as two indexed lookups. */
  async function rowsOf(table: string, sides: [string, string], { personId, id }: Filter): Promise<Row[]> {
    const [left, right] = sides;
    const one = (column: string) => {
      const query = db(table).where(column, personId);
      return id === undefined ? query : query.where('id', id);
    };
    const [a, b] = await Promise.all([one(left), one(right)]);
    const seen = new Set<string>();
    return [...a, ...b].filter((row: Row) => !seen.has(row.id as string) && seen.add(row.id as string));
  }

  async function servicesOf(table: string, ids: string[]): Promise<Map<string, Service[]>> {
    const byMandate = new Map<string, Service[]>();
    if (!ids.length) return byMandate;
    const rows = await db(`${table} as ms`).join('services as s', 's.uuid', 'ms.service_uuid').whereIn('ms.mandate_id', ids).select('ms.mandate_id', 's.*');
    for (const row of rows) {
      const list = byMandate.get(row.mandate_id) ?? [];
      list.push(toService(row));
      byMandate.set(row.mandate_id, list);
    }
    for (const list of byMandate.values()) list.sort((a, b) => a.name.nl.localeCompare(b.name.nl, 'nl'));
    return byMandate;
  }

  async function load(filter: Filter): Promise<MandateRecord[]> {
    const [voluntary, legal, company] = await Promise.all([
      rowsOf('voluntary_mandates', ['principal_id', 'agent_id'], filter),
      rowsOf('legal_mandates', ['represented_id', 'representative_id'], filter),
      rowsOf('company_mandates', ['organisation_id', 'person_id'], filter),
    ]);
    const partyIds = [
      ...voluntary.flatMap((r) => [r.principal_id, r.agent_id]),
      ...legal.flatMap((r) => [r.represented_id, r.representative_id]),
      ...company.flatMap((r) => [r.organisation_id, r.person_id]),
    ] as string[];
    const [parties, voluntaryServices, companyServices] = await Promise.all([
      partyIds.length ? db('parties').select(PARTY_COLUMNS).whereIn('id', [...new Set(partyIds)]) : Promise.resolve([]),
      servicesOf('voluntary_mandate_services', voluntary.map((r) => r.id as string)),
      servicesOf('company_mandate_services', company.map((r) => r.id as string)),
    ]);
    const party = new Map<string, Party>((parties as PartyRow[]).map((row) => [row.id, toParty(row)]));
    const ended = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    return [
      ...voluntary.map(
        (r): MandateRecord => ({
          id: r.id as string,
          basis: 'voluntary',
          principal: party.get(r.principal_id as string)!,
          agent: party.get(r.agent_id as string)!,
          legalType: null,
          professional: null,
          validFrom: r.valid_from as string,
          validUntil: r.valid_until as string,
          services: voluntaryServices.get(r.id as string) ?? [],
          allServices: false,
          status: r.status as StoredVoluntaryStatus,
          endedAt: ended(r.ended_at),
        }),
      ),
      ...legal.map(
        (r): MandateRecord => ({
          id: r.id as string,
          basis: 'legal',
          principal: party.get(r.represented_id as string)!,
          agent: party.get(r.representative_id as string)!,
          legalType: r.type as LegalType,
          professional: Boolean(r.professional),
          validFrom: r.valid_from as string,
          validUntil: (r.valid_until as string | null) ?? null,
          services: [],
          allServices: false,
          status: null,
          endedAt: ended(r.ended_at),
        }),
      ),
      ...company.map(
        (r): MandateRecord => ({
          id: r.id as string,
          basis: 'company',
          principal: party.get(r.organisation_id as string)!,
          agent: party.get(r.person_id as string)!,
          legalType: null,
          professional: null,
          validFrom: r.valid_from as string,
          validUntil: (r.valid_until as string | null) ?? null,
          services: companyServices.get(r.id as string) ?? [],
          allServices: Boolean(r.all_services),
          status: null,
          endedAt: ended(r.ended_at),
        }),
      ),
    ];
  }

  /** Applies a status change of the domain's (STATUS_CHANGES) in one conditional update, with its audit entry, in one transaction. */
  async function change({ mandateId, by, at }: Change, rule: StatusChange): Promise<boolean> {
    return db.transaction(async (trx) => {
      const query = () => {
        const q = trx('voluntary_mandates').where('id', mandateId).whereIn('status', [...rule.from]);
        if (rule.by === 'principal') return q.where('principal_id', by);
        if (rule.by === 'agent') return q.where('agent_id', by);
        return q.where((w) => w.where('principal_id', by).orWhere('agent_id', by));
      };
      const mandate = await forUpdate(query().first());
      if (!mandate) return false;
      // ended_at is in epoch seconds, as every register's created_at and ended_at.
      const changed = await query().update({ status: rule.to, ...(rule.ends ? { ended_at: Math.floor(at / 1000) } : {}) });
      if (changed !== 1) return false;
      await audit(trx, rule.event, at, mandate, { by, from: mandate.status, to: rule.to });
      return true;
    });
  }

  return {
    async findPerson(id) {
      const row = (await db('parties').select(PARTY_COLUMNS).where({ id, kind: 'person' }).first()) as PartyRow | undefined;
      return row && (toParty(row) as Person);
    },
    listFor: (personId) => load({ personId }),
    async findFor(personId, id) {
      return (await load({ personId, id }))[0];
    },
    async create(mandate: NewVoluntaryMandate, coveredBy) {
      return db.transaction(async (trx) => {
        // One grant or request per principal at a time (PostgreSQL): the duplicate check below cannot race.
        await forUpdate(trx('parties').where('id', mandate.principalId).first('id'));
        const covered = coveredBy(await createRegisterWriter(trx).termsBetween('voluntary', [{ agentId: mandate.agentId, principalId: mandate.principalId }]));
        if (covered.length) return { covered };
        await trx('voluntary_mandates').insert({
          id: mandate.id,
          principal_id: mandate.principalId,
          agent_id: mandate.agentId,
          valid_from: mandate.validFrom,
          valid_until: mandate.validUntil,
          status: mandate.status,
          source_record_id: null,
          created_at: Math.floor(mandate.at / 1000),
          ended_at: null,
        });
        await trx('voluntary_mandate_services').insert(mandate.serviceUuids.map((uuid) => ({ mandate_id: mandate.id, service_uuid: uuid })));
        if (mandate.activation) {
          await trx('voluntary_mandate_activations').insert({
            mandate_id: mandate.id,
            code_hash: mandate.activation.codeHash,
            expires_at: mandate.activation.expiresAt,
            used_at: null,
            failed_attempts: 0,
            locked_until: null,
            created_at: mandate.at,
          });
        }
        await audit(
          trx,
          mandate.status === 'pending' ? 'mandate.granted' : 'mandate.requested',
          mandate.at,
          { id: mandate.id, principal_id: mandate.principalId, agent_id: mandate.agentId },
          { by: mandate.by, services: mandate.serviceUuids, valid_from: mandate.validFrom, valid_until: mandate.validUntil },
        );
        return { covered: [] };
      });
    },

    revoke: (c) => change(c, STATUS_CHANGES.revoke),
    approve: (c) => change(c, STATUS_CHANGES.approve),
    decline: (c) => change(c, STATUS_CHANGES.decline),

    async activate({ mandateId, by, at }, typedCode) {
      return db.transaction(async (trx) => {
        const mandate = await trx('voluntary_mandates').where({ id: mandateId, agent_id: by, status: 'pending' }).first();
        const activation = mandate && (await forUpdate(trx('voluntary_mandate_activations').where('mandate_id', mandateId).first()));
        if (!mandate || !activation) return 'refused';
        const decision = decideActivation(
          {
            codeHash: activation.code_hash,
            expiresAt: Number(activation.expires_at),
            usedAt: activation.used_at === null ? null : Number(activation.used_at),
            failedAttempts: Number(activation.failed_attempts),
            lockedUntil: activation.locked_until === null ? null : Number(activation.locked_until),
          },
          typedCode,
          at,
        );
        if (decision.outcome === 'activate') {
          const changed = await trx('voluntary_mandates').where({ id: mandateId, status: 'pending' }).update({ status: 'active' });
          if (changed !== 1) return 'refused';
          await trx('voluntary_mandate_activations').where('mandate_id', mandateId).update({ used_at: at, failed_attempts: 0, locked_until: null });
          await audit(trx, 'mandate.activated', at, mandate, { by, from: 'pending', to: 'active' });
          return 'activated';
        }
        if (decision.counted) {
          await trx('voluntary_mandate_activations')
            .where('mandate_id', mandateId)
            .update({ failed_attempts: decision.failedAttempts, locked_until: decision.lockedUntil });
          await audit(trx, 'mandate.activation_failed', at, mandate, { by, failed_attempts: decision.failedAttempts, locked: decision.lockedUntil !== null });
        }
        return 'refused';
      });
    },

    async usesOf(principalId, mandateId) {
      const rows = await db('audit_log as a')
        .leftJoin('parties as p', 'p.id', 'a.agent_id')
        .leftJoin('clients as c', 'c.client_id', 'a.client_id')
        .leftJoin('services as s', 's.uuid', 'a.service_uuid')
        .where('a.principal_id', principalId)
        .where('a.event', 'mandate.used')
        .where((q) => q.where('a.mandate_id', mandateId).orWhere('a.mandate_id', 'like', `%.${mandateId}`))
        .orderBy([{ column: 'a.at', order: 'desc' }, { column: 'a.seq', order: 'desc' }])
        .select('a.at', 'a.client_id', 'p.name as agent_name', 'c.metadata as client_metadata', 's.name_nl as service_name');
      return rows.map((row: Row) => {
        let clientName = row.client_id as string;
        try {
          const metadata = JSON.parse(String(row.client_metadata ?? '{}')) as { client_name?: unknown };
          if (typeof metadata.client_name === 'string') clientName = metadata.client_name;
        } catch {
          // A client whose metadata cannot be read is shown by its id.
        }
        return {
          at: Number(row.at),
          agentName: (row.agent_name as string | null) ?? 'onbekend',
          clientName,
          serviceName: (row.service_name as string | null) ?? 'onbekende dienst',
        };
      });
    },
  };
}
