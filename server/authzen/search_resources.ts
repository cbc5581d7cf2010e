// POST /access/v1/search/resource — every party the subject (the acting person) may act for at the action's service on
// context.time's day: the selection screen's list (oneself first, where the service allows it), each with its basis and
// validity. One decision-log append with a decision per party found (or one deny when there is none), by answer_search.ts.
import { partiesActedFor } from '../domain/decisions.ts';
import { answerSearch } from './answer_search.ts';
import { entityTypeOf, partyJson, personOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';

interface ResourceSearch {
  subject: Entity;
  resource: { type: string };
  action: { name: string };
  context?: RequestContext;
}

export function searchResources(deps: AuthzenDeps) {
  return answerSearch(deps, {
    requestType: 'resource_search',
    startOf: (deps, body: ResourceSearch) => personOf(deps, body.subject, '/subject'),
    async find(deps, { body, start: agent, service, at }) {
      // Only parties of the type asked for (persons by BSN, organisations by KvK number).
      const wanted = body.resource.type;
      const found = (agent ? await partiesActedFor(deps, agent, service, at) : []).filter(({ principal }) => entityTypeOf(principal) === wanted);
      return {
        decisions: found.length
          ? found.map(({ principal, mandate }) => ({ subjectId: agent!.id, resourceId: principal.id, serviceUuid: service.uuid, decision: true, rule: mandate.basis === 'self' ? 'acting_for_self' : 'mandate_holds', mandateId: mandate.mandateId }))
          : [{ subjectId: agent?.id ?? null, resourceId: null, serviceUuid: service.uuid, decision: false, rule: 'no_mandate', mandateId: null }],
        results: found.map(({ principal, mandate }) => partyJson(principal, mandate)),
      };
    },
  });
}
