// The decision log, kept in the hash-chained audit log (audit_chain.ts): a call of the decision API is one appended
// row (`decision.evaluated` or `decision.searched`) holding every decision it made, and the parties it concerned are
// listed in decision_log_parties in the same transaction; a login's decisions ride on its `mandate.used` row. Reads map
// rows to the domain's views; they decide nothing.
import type { Knex } from 'knex';
import type { ApiDecisionRecord, RefusedChoice, DecisionLog, DecisionLogFilter, DecisionLogRow, DecisionPoint, DecisionRequestType, DecisionView, LoggedDecision, PartyRef } from '../domain/repositories.ts';
import { appendAuditWith, type AuditEntry } from './audit_chain.ts';
import { hotStatementsOf, type Database } from './database.ts';

export const DECISION_EVENTS = ['decision.evaluated', 'decision.searched', 'decision.refused', 'mandate.used'] as const;

const SEARCHES: readonly DecisionRequestType[] = ['subject_search', 'resource_search'];

interface Detail {
  request_type?: DecisionRequestType;
  trace_id?: string;
  decisions?: Array<Record<string, unknown>>;
}

export function createDecisionLog(db: Database): DecisionLog {
  const hot = hotStatementsOf(db);

  /** One row of the decision log, in a transaction of its own with the parties it concerned listed beside it. */
  const appendDecisionEntry = (entry: AuditEntry, parties: readonly string[]) =>
    hot.transaction(async (tx) => {
      const seq = await appendAuditWith(tx, hot.postgres, entry);
      for (const party of parties) await tx.run('INSERT INTO decision_log_parties (party_id, audit_seq) VALUES (?, ?)', [party, seq]);
    });

  async function recordApiDecisions(record: ApiDecisionRecord): Promise<void> {
    const { decisions } = record;
    const single = decisions.length === 1 ? decisions[0]! : undefined;
    const parties = [...new Set(decisions.flatMap((decision) => [decision.resourceId, decision.subjectId]).filter((id): id is string => id !== null))];
    const detail = {
      request_type: record.requestType,
      trace_id: record.traceId,
      span_id: record.spanId,
      request: record.request,
      response: { decisions: decisions.length, permits: decisions.filter((decision) => decision.decision).length },
      policies: [...new Set(decisions.map((decision) => decision.rule))],
      information: ['voluntary-register', 'legal-register', 'company-register'],
      decisions: decisions.map((decision) => ({
        subject: decision.subjectId,
        resource: decision.resourceId,
        service: decision.serviceUuid,
        decision: decision.decision,
        rule: decision.rule,
        mandate_id: decision.mandateId,
      })),
    };
    await appendDecisionEntry(
      {
        event: SEARCHES.includes(record.requestType) ? 'decision.searched' : 'decision.evaluated',
        at: record.at.getTime(),
        agent_id: single?.subjectId ?? null,
        principal_id: single?.resourceId ?? null,
        service_uuid: single?.serviceUuid ?? (new Set(decisions.map((decision) => decision.serviceUuid)).size === 1 ? decisions[0]!.serviceUuid : null),
        client_id: record.clientId,
        mandate_id: single?.mandateId ?? null,
        detail: JSON.stringify(detail),
      },
      parties,
    );
  }

  async function recordRefusal(refusal: RefusedChoice): Promise<void> {
    const at = refusal.at.getTime();
    // Its two parties are the row's own agent_id and principal_id, which the lists read: no decision_log_parties rows.
    await appendDecisionEntry(
      {
        event: 'decision.refused',
        at,
        agent_id: refusal.agentId,
        principal_id: refusal.principalId,
        service_uuid: refusal.serviceUuid,
        client_id: refusal.clientId,
        mandate_id: refusal.mandateId,
        detail: JSON.stringify({ request_type: 'token', policies: [refusal.rule], decisions: [{ point: 'token', at, decision: false, rule: refusal.rule }] }),
      },
      [],
    );
  }

  async function list(filter: DecisionLogFilter): Promise<DecisionLogRow[]> {
    const query = db('audit_log as a').whereIn('a.event', [...DECISION_EVENTS]);
    const byParty = (column: 'a.agent_id' | 'a.principal_id', partyId: string) => (q: Knex.QueryBuilder) =>
      q.where(column, partyId).orWhereIn('a.seq', db('decision_log_parties').where('party_id', partyId).select('audit_seq'));
    if (filter.subjectId) query.where(byParty('a.agent_id', filter.subjectId));
    if (filter.resourceId) query.where(byParty('a.principal_id', filter.resourceId));
    if (filter.clientId) query.where('a.client_id', filter.clientId);
    if (filter.from !== undefined) query.where('a.at', '>=', filter.from);
    if (filter.to !== undefined) query.where('a.at', '<=', filter.to);
    if (filter.before !== undefined) query.where('a.seq', '<', filter.before);
    const rows = (await query
      .leftJoin('clients as c', 'c.client_id', 'a.client_id')
      .orderBy('a.seq', 'desc')
      .limit(filter.limit)
      .select('a.seq', 'a.event', 'a.at', 'a.agent_id', 'a.principal_id', 'a.service_uuid', 'a.client_id', 'a.mandate_id', 'a.detail', 'c.metadata as client_metadata')) as Array<Record<string, unknown>>;

    const entries = rows.map((row) => {
      const detail = parseDetail(row.detail);
      return { row, detail, decisions: decisionsOf(row, detail) };
    });
    // Each row's decisions narrowed to the filter's parties (a batch may concern others too), then named: one read of
    // the parties and one of the services for the whole page.
    for (const entry of entries) {
      entry.decisions = entry.decisions.filter(
        (decision) => (!filter.subjectId || decision.subjectId === filter.subjectId) && (!filter.resourceId || decision.resourceId === filter.resourceId),
      );
    }
    const partyIds = [...new Set(entries.flatMap((entry) => entry.decisions.flatMap((decision) => [decision.subjectId, decision.resourceId])).filter((id): id is string => !!id))];
    const serviceUuids = [...new Set(entries.flatMap((entry) => entry.decisions.map((decision) => decision.serviceUuid)).filter((uuid): uuid is string => !!uuid))];
    const parties = new Map<string, PartyRef>();
    if (partyIds.length) {
      for (const party of (await db('parties').whereIn('id', partyIds).select('id', 'kind', 'bsn', 'kvk', 'name')) as Array<Record<string, string | null>>) {
        parties.set(party.id!, party.kind === 'person' ? { idType: 'BSN', id: party.bsn!, name: party.name! } : { idType: 'KvK', id: party.kvk!, name: party.name! });
      }
    }
    const services = new Map<string, { nl: string; en: string }>();
    if (serviceUuids.length) {
      for (const service of (await db('services').whereIn('uuid', serviceUuids).select('uuid', 'name_nl', 'name_en')) as Array<{ uuid: string; name_nl: string; name_en: string }>) {
        services.set(service.uuid, { nl: service.name_nl, en: service.name_en });
      }
    }
    return entries.map(({ row, detail, decisions }) => ({
      seq: Number(row.seq),
      at: Number(row.at),
      event: row.event as string,
      requestType: detail.request_type ?? null,
      clientId: (row.client_id as string | null) ?? null,
      clientName: clientNameOf(row.client_metadata) ?? ((row.client_id as string | null) ?? null),
      traceId: detail.trace_id ?? null,
      decisions: decisions.map(
        (decision): DecisionView => ({
          point: decision.point,
          at: decision.at,
          subject: decision.subjectId ? (parties.get(decision.subjectId) ?? null) : null,
          resource: decision.resourceId ? (parties.get(decision.resourceId) ?? null) : null,
          service: decision.serviceUuid ? { uuid: decision.serviceUuid, name: services.get(decision.serviceUuid) ?? { nl: decision.serviceUuid, en: decision.serviceUuid } } : null,
          decision: decision.decision,
          rule: decision.rule,
          mandateId: decision.mandateId,
        }),
      ),
    }));
  }

  return { recordApiDecisions, recordRefusal, list };
}

type RowDecision = LoggedDecision & { point: DecisionPoint; at: number };

function parseDetail(text: unknown): Detail {
  try {
    const parsed = JSON.parse(String(text ?? '{}')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Detail) : {};
  } catch {
    return {};
  }
}

/** The decisions a row carries: a login's (mandate.used: on its own columns) or an API call's (in its detail). */
function decisionsOf(row: Record<string, unknown>, detail: Detail): RowDecision[] {
  const at = Number(row.at);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  if (row.event === 'mandate.used' || row.event === 'decision.refused') {
    // Rows written before the decision log carry no decisions: their use passed the token's re-check.
    const listed = detail.decisions ?? [{ point: 'token', at, decision: true, rule: 'mandate_holds' }];
    return listed.map((decision) => ({
      point: decision.point === 'selection_screen' ? 'selection_screen' : 'token',
      at: typeof decision.at === 'number' ? decision.at : at,
      subjectId: text(row.agent_id),
      resourceId: text(row.principal_id),
      serviceUuid: text(row.service_uuid),
      decision: decision.decision === true,
      rule: text(decision.rule) ?? 'mandate_holds',
      mandateId: text(row.mandate_id),
    }));
  }
  return (detail.decisions ?? []).map((decision) => ({
    point: 'decision_api',
    at,
    subjectId: text(decision.subject),
    resourceId: text(decision.resource),
    serviceUuid: text(decision.service),
    decision: decision.decision === true,
    rule: text(decision.rule) ?? 'unknown',
    mandateId: text(decision.mandate_id),
  }));
}

function clientNameOf(metadata: unknown): string | undefined {
  try {
    const parsed = JSON.parse(String(metadata ?? '{}')) as { client_name?: unknown };
    return typeof parsed.client_name === 'string' ? parsed.client_name : undefined;
  } catch {
    return undefined;
  }
}
