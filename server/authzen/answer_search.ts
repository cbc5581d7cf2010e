// What both searches of the decision API (search_subjects.ts, search_resources.ts) do around their own question: the
// caller, the validated body, the service (the caller's own), the party the search starts from, the day; then one
// decision-log append with what the search decided, and { results }.
import type { Context } from 'koa';
import type { IsoDate } from '../domain/dates.ts';
import type { DecisionRequestType, LoggedDecision } from '../domain/repositories.ts';
import type { Service } from '../domain/services.ts';
import { bodyOf } from '../http/validate_body.ts';
import type { CallerState } from './authenticate_caller.ts';
import { dayOf, serviceOf, traceOf, type AuthzenDeps, type RequestContext } from './context.ts';
import { requestSummary } from './evaluate_access.ts';

export interface SearchBody {
  action: { name: string };
  context?: RequestContext;
}

export interface Search<B extends SearchBody, P> {
  requestType: Extract<DecisionRequestType, 'subject_search' | 'resource_search'>;
  /** The party the search starts from, as the body names it (undefined when namens does not know it). */
  startOf(deps: AuthzenDeps, body: B): Promise<P | undefined>;
  /** What is found for it at the service on the day: a logged decision per result (one deny when there is none). */
  find(deps: AuthzenDeps, search: { body: B; start: P | undefined; service: Service; at: IsoDate }): Promise<{ decisions: LoggedDecision[]; results: unknown[] }>;
}

export function answerSearch<B extends SearchBody, P>(deps: AuthzenDeps, search: Search<B, P>) {
  return async function answerSearchAction(ctx: Context) {
    const { caller } = ctx.state as CallerState;
    const body = bodyOf<B>(ctx);
    const service = await serviceOf(deps, caller, body.action.name);
    const start = await search.startOf(deps, body);
    const at = dayOf(deps, body.context);
    const { decisions, results } = await search.find(deps, { body, start, service, at });
    await deps.decisionLog.recordApiDecisions({
      requestType: search.requestType,
      clientId: caller.clientId,
      at: deps.clock(),
      ...traceOf(ctx.get('traceparent'), body.context),
      request: requestSummary(body as never),
      decisions,
    });
    ctx.body = { results };
  };
}
