// Bearer authentication of the admin API: an access token that namens issued by client credentials for the admin
// API resource, unexpired, of a client that still exists and still holds the admin scope; the token must carry
// `namens:admin`. None, unknown or expired: 401 with WWW-Authenticate; a valid token without the scope: 403.
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { Forbidden, Unauthorized } from '../errors.ts';
import type { ClientRepository } from '../persistence/client_repository.ts';
import { ADMIN_SCOPE, adminResource, hasAdminScope } from '../oidc/admin_resource.ts';

export interface AdminState {
  /** The client_id of the operator tooling making the request (recorded in the audit log). */
  adminClientId: string;
}

const REALM = 'Bearer realm="namens-admin"';

export function authenticateAdmin({ provider, clients, issuer }: { provider: Provider; clients: ClientRepository; issuer: string }) {
  return async function authenticateAdminMiddleware(ctx: Context, next: Next) {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) {
      throw new Unauthorized(`the admin API needs a bearer access token: get one by client credentials with scope ${ADMIN_SCOPE}`, `${REALM}, scope="${ADMIN_SCOPE}"`);
    }
    const token = await provider.ClientCredentials.find(match[1]!);
    const client = token?.clientId && !token.isExpired && token.aud === adminResource(issuer) ? await clients.find(token.clientId) : undefined;
    if (!token || !client) {
      throw new Unauthorized('the access token is unknown, expired, or not for the admin API', `${REALM}, error="invalid_token"`);
    }
    if (!hasAdminScope(token.scope) || !hasAdminScope(client.metadata.scope)) {
      throw new Forbidden(`the access token lacks the ${ADMIN_SCOPE} scope: register the client with scope "${ADMIN_SCOPE}"`);
    }
    (ctx.state as AdminState).adminClientId = client.clientId;
    await next();
  };
}
