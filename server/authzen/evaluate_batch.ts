// POST /access/v1/evaluations — several evaluations at once (boxcarring): each item overrides the top-level subject,
// resource, action and context. options.evaluations_semantic: execute_all (default), deny_on_first_deny or
// permit_on_first_permit (stop after the first such result). An item that cannot be evaluated (an unknown service, a
// service of another provider, an invalid identifier) is a deny with context.error { status, message }, as the
// profile shows; the other items are decided. The whole call is ONE decision-log append.
import type { Context } from 'koa';
import type { LoggedDecision } from '../domain/repositories.ts';
import { InvalidRequest, NamensError } from '../errors.ts';
import { bodyOf } from '../http/validate_body.ts';
import type { CallerState } from './authenticate_caller.ts';
import { decisionJson, traceOf, type AuthzenDeps, type Entity, type RequestContext } from './context.ts';
import { evaluate, requestSummary, type Evaluation } from './evaluate_access.ts';

interface Batch {
  subject?: Entity;
  resource?: Entity;
  action?: Evaluation['action'];
  context?: RequestContext;
  evaluations: Array<Partial<Evaluation>>;
  options?: { evaluations_semantic?: 'execute_all' | 'deny_on_first_deny' | 'permit_on_first_permit' };
}

export function evaluateBatch(deps: AuthzenDeps) {
  return async function evaluateBatchAction(ctx: Context) {
    const { caller } = ctx.state as CallerState;
    const body = bodyOf<Batch>(ctx);
    const items = body.evaluations.map((item, i) => {
      const merged = { subject: item.subject ?? body.subject, resource: item.resource ?? body.resource, action: item.action ?? body.action, context: { ...body.context, ...item.context } };
      const missing = (['subject', 'resource', 'action'] as const).filter((key) => merged[key] === undefined);
      if (missing.length) throw new InvalidRequest(`/evaluations/${i} has no ${missing.join(', ')}, neither of its own nor at the top level`);
      return merged as Evaluation;
    });
    const semantic = body.options?.evaluations_semantic ?? 'execute_all';
    const results: unknown[] = [];
    const logged: LoggedDecision[] = [];
    for (const [i, item] of items.entries()) {
      let decided: boolean;
      try {
        const outcome = await evaluate(deps, caller, item, `/evaluations/${i}`);
        results.push(decisionJson(outcome.decision));
        logged.push(outcome.logged);
        decided = outcome.decision.decision;
      } catch (error) {
        if (!(error instanceof NamensError) || error.status >= 500) throw error;
        results.push({ decision: false, context: { error: { status: error.status, message: error.message } } });
        decided = false;
      }
      if ((semantic === 'deny_on_first_deny' && !decided) || (semantic === 'permit_on_first_permit' && decided)) break;
    }
    if (logged.length) {
      await deps.decisionLog.recordApiDecisions({
        requestType: 'access_evaluations',
        clientId: caller.clientId,
        at: deps.clock(),
        ...traceOf(ctx.get('traceparent'), body.context),
        request: { evaluations: items.slice(0, results.length).map(requestSummary), semantic },
        decisions: logged,
      });
    }
    ctx.body = { evaluations: results };
  };
}
