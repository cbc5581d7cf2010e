// POST /access/v1/evaluation — one access evaluation: may the subject (the acting person, by BSN) act for the
// resource (the represented party, by BSN or KvK number) at the action (a service of the caller's own provider), on
// context.time's day (default today)? 200 with { decision, context } either way; one decision-log append.
import type { Context } from 'koa';
import { decideAccess, type Decision } from '../domain/decisions.ts';
import type { LoggedDecision } from '../domain/repositories.ts';
import { bodyOf } from '../http/validate_body.ts';
import type { CallerState, Caller } from './authenticate_caller.ts';
import { dayOf, decisionJson, partyOf, personOf, serviceOf, traceOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';

export interface Evaluation {
  subject: Entity;
  resource: Entity;
  action: { name: string; properties?: Record<string, unknown> };
  context?: RequestContext;
}

/** One evaluation, decided: the decision and what the log records of it (party ids, never a BSN). */
export async function evaluate(deps: AuthzenDeps, caller: Caller, evaluation: Evaluation, pointer = ''): Promise<{ decision: Decision; logged: LoggedDecision }> {
  const service = await serviceOf(deps, caller, evaluation.action.name);
  const [agent, principal] = await Promise.all([personOf(deps, evaluation.subject, `${pointer}/subject`), partyOf(deps, evaluation.resource, `${pointer}/resource`)]);
  const at = dayOf(deps, evaluation.context);
  const decision = await decideAccess(deps, { agent, principal, service, at, ...(evaluation.context?.acr ? { acr: evaluation.context.acr } : {}) });
  return {
    decision,
    logged: {
      subjectId: agent?.id ?? null,
      resourceId: principal?.id ?? null,
      serviceUuid: service.uuid,
      decision: decision.decision,
      rule: decision.rule,
      mandateId: decision.mandate?.mandateId ?? null,
    },
  };
}

/** What the log keeps of a request: its shape and service, without the identifiers (those are logged as party ids). */
export function requestSummary(evaluation: Partial<Evaluation>) {
  return {
    ...(evaluation.subject ? { subject: { type: evaluation.subject.type } } : {}),
    ...(evaluation.resource ? { resource: { type: evaluation.resource.type } } : {}),
    ...(evaluation.action ? { action: { name: evaluation.action.name } } : {}),
    ...(evaluation.context?.time ? { context: { time: evaluation.context.time } } : {}),
  };
}

export function evaluateAccess(deps: AuthzenDeps) {
  return async function evaluateAccessAction(ctx: Context) {
    const { caller } = ctx.state as CallerState;
    const body = bodyOf<Evaluation>(ctx);
    const { decision, logged } = await evaluate(deps, caller, body);
    await deps.decisionLog.recordApiDecisions({
      requestType: 'access_evaluation',
      clientId: caller.clientId,
      at: deps.clock(),
      ...traceOf(ctx.get('traceparent'), body.context),
      request: requestSummary(body),
      decisions: [logged],
    });
    ctx.body = decisionJson(decision);
  };
}
