// GET /admin/api/decisions — the decision log for operators: every decision (the selection screen's and the token
// endpoint's at a login, the decision API's), newest first, filtered by subject (acting person), resource (represented
// party), client and time, paged by `after` (the `next` of the previous page).
import type { Context } from 'koa';
import type { DecisionRegisters } from '../domain/decisions.ts';
import type { DecisionLog, DecisionLogFilter, DecisionLogRow, PartyRef } from '../domain/repositories.ts';
import { InvalidRequest } from '../errors.ts';

export interface DecisionListDeps {
  decisionLog: DecisionLog;
  registers: DecisionRegisters;
}

const PARTY_NUMBER = /^([0-9]{8}|[0-9]{9})$/;

/** A party's id for a BSN or KvK number; null when namens does not know it (the list is then empty). */
async function partyIdOf(registers: DecisionRegisters, name: string, value: string | undefined): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (!PARTY_NUMBER.test(value)) throw new InvalidRequest(`${name} must be a BSN (9 digits) or a KvK number (8 digits)`);
  const party = await registers.findParty(value.length === 9 ? 'BSN' : 'KvK', value);
  return party?.id ?? null;
}

function moment(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(value) || Number.isNaN(at)) throw new InvalidRequest(`${name} must be an RFC 3339 date-time or a date (YYYY-MM-DD)`);
  return at;
}

const party = (ref: PartyRef | null) => ref && { type: ref.idType, id: ref.id, name: ref.name };

function rowJson(row: DecisionLogRow) {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    event: row.event,
    request_type: row.requestType,
    client_id: row.clientId,
    client_name: row.clientName,
    trace_id: row.traceId,
    decisions: row.decisions.map((decision) => ({
      point: decision.point,
      at: new Date(decision.at).toISOString(),
      subject: party(decision.subject),
      resource: party(decision.resource),
      service: decision.service,
      decision: decision.decision,
      rule: decision.rule,
      mandate_id: decision.mandateId,
    })),
  };
}

export const listDecisions = ({ decisionLog, registers }: DecisionListDeps) => async (ctx: Context) => {
  const { subject, resource, client, from, to, limit = '100', after } = ctx.query as Record<string, string | undefined>;
  for (const [name, value] of Object.entries({ subject, resource, client, from, to, limit, after })) {
    if (Array.isArray(value)) throw new InvalidRequest(`${name} may be given once`);
  }
  if (!/^[0-9]{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) throw new InvalidRequest('limit must be an integer from 1 to 1000');
  if (after !== undefined && !/^[1-9][0-9]{0,15}$/.test(after)) throw new InvalidRequest('after must be the `next` of the previous page');
  if (client !== undefined && (client.length === 0 || client.length > 255)) throw new InvalidRequest('client must be a client_id');
  const [subjectId, resourceId] = await Promise.all([partyIdOf(registers, 'subject', subject), partyIdOf(registers, 'resource', resource)]);
  if (subjectId === null || resourceId === null) {
    ctx.body = { decisions: [], next: null };
    return;
  }
  const filter: DecisionLogFilter = {
    limit: Number(limit),
    ...(subjectId ? { subjectId } : {}),
    ...(resourceId ? { resourceId } : {}),
    ...(client ? { clientId: client } : {}),
    ...(from ? { from: moment('from', from) } : {}),
    ...(to ? { to: moment('to', to) } : {}),
    ...(after ? { before: Number(after) } : {}),
  };
  const rows = await decisionLog.list(filter);
  // A row that concerned the party only in the other role (Anna acting herself, filtered as a resource) has no decision
  // left after narrowing: it is not shown, but still counts for the page.
  ctx.body = { decisions: rows.filter((row) => row.decisions.length > 0).map(rowJson), next: rows.length === Number(limit) ? String(rows[rows.length - 1]!.seq) : null };
};
