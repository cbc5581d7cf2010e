// POST /access/v1/search/subject — every person who may act for the resource (the represented party) at the action's
// service on context.time's day, through a mandate a register holds for it, each with its basis and validity. One
// decision-log append with a decision per representative found (or one deny when there is none).
import type { Context } from 'koa';
import { representativesOf } from '../domain/decisions.ts';
import type { LoggedDecision } from '../domain/repositories.ts';
import { bodyOf } from '../http/validate_body.ts';
import type { CallerState } from './authenticate_caller.ts';
import { dayOf, partyJson, partyOf, serviceOf, traceOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';
import { requestSummary } from './evaluate_access.ts';

interface SubjectSearch {
  subject: { type: string };
  resource: Entity;
  action: { name: string };
  context?: RequestContext;
}

export function searchSubjects(deps: AuthzenDeps) {
  return async function searchSubjectsAction(ctx: Context) {
    const { caller } = ctx.state as CallerState;
    const body = bodyOf<SubjectSearch>(ctx);
    const service = await serviceOf(deps, caller, body.action.name);
    const principal = await partyOf(deps, body.resource, '/resource');
    const at = dayOf(deps, body.context);
    const found = principal ? await representativesOf(deps, principal, service, at) : [];
    const logged: LoggedDecision[] = found.length
      ? found.map(({ agent, mandate }) => ({ subjectId: agent.id, resourceId: principal!.id, serviceUuid: service.uuid, decision: true, rule: 'mandate_holds', mandateId: mandate.mandateId }))
      : [{ subjectId: null, resourceId: principal?.id ?? null, serviceUuid: service.uuid, decision: false, rule: 'no_mandate', mandateId: null }];
    await deps.decisionLog.recordApiDecisions({
      requestType: 'subject_search',
      clientId: caller.clientId,
      at: deps.clock(),
      ...traceOf(ctx.get('traceparent'), body.context),
      request: requestSummary(body as never),
      decisions: logged,
    });
    ctx.body = { results: found.map(({ agent, mandate }) => partyJson(agent, mandate)) };
  };
}
