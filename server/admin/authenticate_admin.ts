// Bearer authentication of the admin API: an access token that namens issued by client credentials for the admin
// API resource, unexpired, of a client that still exists and still holds the admin scope; the token must carry
// `namens:admin` (server/oidc/authenticate_client_caller.ts). None, unknown or expired: 401 with WWW-Authenticate; a
// valid token without the scope: 403.
import type { Context, Next } from 'koa';
import { authenticateClientCaller, type CallerDeps } from '../oidc/authenticate_client_caller.ts';
import { adminApi } from '../oidc/admin_resource.ts';

export interface AdminState {
  /** The client_id of the operator tooling making the request (recorded in the audit log). */
  adminClientId: string;
}

const ADMIN_API = { resource: adminApi, name: 'admin API', realm: 'namens-admin' };

export function authenticateAdmin(deps: CallerDeps) {
  return async function authenticateAdminMiddleware(ctx: Context, next: Next) {
    const client = await authenticateClientCaller(deps, ADMIN_API, ctx.get('authorization'));
    (ctx.state as AdminState).adminClientId = client.clientId;
    await next();
  };
}
