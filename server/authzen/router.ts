// The decision API (AuthZEN Authorization API 1.0, NL GOV profile) at /access/v1, for service providers' back
// offices, laid out as one table of routes: each route's pipeline is authenticate → limit → validate body → action.
// The PDP metadata document is public. The OpenAPI paths (openapi_paths.ts) come from the same table.
import type Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createRouter } from '../routing/create_router.ts';
import { validateBody } from '../http/validate_body.ts';
import { DECISIONS_API_PATH } from '../oidc/decisions_resource.ts';
import type { SchemaName } from '../validation/schemas.ts';
import { authenticateCaller } from './authenticate_caller.ts';
import type { AuthzenDeps } from './context.ts';
import { evaluateAccess } from './evaluate_access.ts';
import { evaluateBatch } from './evaluate_batch.ts';
import { limitCaller } from './limit_caller.ts';
import { searchResources } from './search_resources.ts';
import { searchSubjects } from './search_subjects.ts';
import { metadataPath, showMetadata } from './show_metadata.ts';

export interface AuthzenRoute {
  path: string;
  summary: string;
  body: SchemaName;
  action: (deps: AuthzenDeps) => Middleware;
}

export const AUTHZEN_ROUTES: AuthzenRoute[] = [
  { path: '/evaluation', summary: 'Access evaluation: may the subject (acting person) act for the resource (represented party) at the action (service)?', body: 'AccessEvaluation', action: evaluateAccess },
  { path: '/evaluations', summary: 'Access evaluations: several at once (one decision-log entry)', body: 'AccessEvaluations', action: evaluateBatch },
  { path: '/search/subject', summary: 'Subject search: every person who may act for the resource at the service', body: 'SubjectSearch', action: searchSubjects },
  { path: '/search/resource', summary: 'Resource search: every party the subject may act for at the service, with basis and validity', body: 'ResourceSearch', action: searchResources },
];

/** The profile's request identifier: an X-Request-ID sent is sent back. */
async function echoRequestId(ctx: Context, next: Next) {
  const id = ctx.get('x-request-id');
  if (id && id.length <= 200) ctx.set('X-Request-ID', id);
  ctx.set('Cache-Control', 'no-store');
  await next();
}

export function authzenRouter(deps: AuthzenDeps, limiter: RateLimiterAbstract): Router {
  const router = createRouter();
  router.get(metadataPath(deps.issuer), showMetadata(deps.issuer));
  const authenticate = authenticateCaller(deps);
  const limit = limitCaller(limiter);
  for (const route of AUTHZEN_ROUTES) {
    router.post(`${DECISIONS_API_PATH}${route.path}`, echoRequestId, authenticate, limit, validateBody(route.body), route.action(deps));
  }
  return router;
}
