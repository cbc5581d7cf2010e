// POST /access/v1/search/resource — every party the subject (the acting person) may act for at the action's service on
// context.time's day: the selection screen's list (oneself first, where the service allows it), each with its basis and
// validity. One decision-log append with a decision per party found (or one deny when there is none).
import type { Context } from 'koa';
import { partiesActedFor } from '../domain/decisions.ts';
import type { LoggedDecision } from '../domain/repositories.ts';
import { bodyOf } from '../http/validate_body.ts';
import type { CallerState } from './authenticate_caller.ts';
import { dayOf, entityTypeOf, partyJson, personOf, serviceOf, traceOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';
import { requestSummary } from './evaluate_access.ts';

interface ResourceSearch {
  subject: Entity;
  resource: { type: string };
  action: { name: string };
  context?: RequestContext;
}

export function searchResources(deps: AuthzenDeps) {
  return async function searchResourcesAction(ctx: Context) {
    const { caller } = ctx.state as CallerState;
    const body = bodyOf<ResourceSearch>(ctx);
    const service = await serviceOf(deps, caller, body.action.name);
    const agent = await personOf(deps, body.subject, '/subject');
    const at = dayOf(deps, body.context);
    // Only parties of the type asked for (persons by BSN, organisations by KvK number).
    const wanted = body.resource.type;
    const found = (agent ? await partiesActedFor(deps, agent, service, at) : []).filter(({ principal }) => entityTypeOf(principal) === wanted);
    const logged: LoggedDecision[] = found.length
      ? found.map(({ principal, mandate }) => ({ subjectId: agent!.id, resourceId: principal.id, serviceUuid: service.uuid, decision: true, rule: mandate.basis === 'self' ? 'acting_for_self' : 'mandate_holds', mandateId: mandate.mandateId }))
      : [{ subjectId: agent?.id ?? null, resourceId: null, serviceUuid: service.uuid, decision: false, rule: 'no_mandate', mandateId: null }];
    await deps.decisionLog.recordApiDecisions({
      requestType: 'resource_search',
      clientId: caller.clientId,
      at: deps.clock(),
      ...traceOf(ctx.get('traceparent'), body.context),
      request: requestSummary(body as never),
      decisions: logged,
    });
    ctx.body = { results: found.map(({ principal, mandate }) => partyJson(principal, mandate)) };
  };
}
