// POST /access/v1/search/subject — every person who may act for the resource (the represented party) at the action's
// service on context.time's day, through a mandate a register holds for it, each with its basis and validity. One
// decision-log append with a decision per representative found (or one deny when there is none), by answer_search.ts.
import { representativesOf } from '../domain/decisions.ts';
import { answerSearch } from './answer_search.ts';
import { partyJson, partyOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';

interface SubjectSearch {
  subject: { type: string };
  resource: Entity;
  action: { name: string };
  context?: RequestContext;
}

export function searchSubjects(deps: AuthzenDeps) {
  return answerSearch(deps, {
    requestType: 'subject_search',
    startOf: (deps, body: SubjectSearch) => partyOf(deps, body.resource, '/resource'),
    async find(deps, { start: principal, service, at }) {
      const found = principal ? await representativesOf(deps, principal, service, at) : [];
      return {
        decisions: found.length
          ? found.map(({ agent, mandate }) => ({ subjectId: agent.id, resourceId: principal!.id, serviceUuid: service.uuid, decision: true, rule: 'mandate_holds', mandateId: mandate.mandateId }))
          : [{ subjectId: null, resourceId: principal?.id ?? null, serviceUuid: service.uuid, decision: false, rule: 'no_mandate', mandateId: null }],
        results: found.map(({ agent, mandate }) => partyJson(agent, mandate)),
      };
    },
  });
}
