// Bearer authentication of the decision API (AuthZEN): an access token that namens issued by client credentials for
// the decision API resource (<issuer>/access/v1), unexpired, carrying `namens:decisions`, of a client that still
// exists, still holds that scope, and belongs to service providers that may process BSNs (the API speaks BSNs). The
// caller is then limited to its providers' services (context.ts). None, unknown or expired: 401; otherwise 403.
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { clientMayReceiveBsn } from '../domain/bsn_policy.ts';
import { Forbidden, Unauthorized } from '../errors.ts';
import type { ClientRepository } from '../persistence/client_repository.ts';
import { DECISIONS_SCOPE, decisionsResource, hasDecisionsScope } from '../oidc/decisions_resource.ts';

export interface Caller {
  clientId: string;
  /** The service providers the client belongs to: it may ask about their services only. */
  serviceProviderIds: string[];
}

export interface CallerState {
  caller: Caller;
}

const REALM = 'Bearer realm="namens-decisions"';

export function authenticateCaller({ provider, clients, issuer }: { provider: Provider; clients: ClientRepository; issuer: string }) {
  return async function authenticateCallerMiddleware(ctx: Context, next: Next) {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) {
      throw new Unauthorized(`the decision API needs a bearer access token: get one by client credentials with scope ${DECISIONS_SCOPE} and resource ${decisionsResource(issuer)}`, `${REALM}, scope="${DECISIONS_SCOPE}"`);
    }
    const token = await provider.ClientCredentials.find(match[1]!);
    const client = token?.clientId && !token.isExpired && token.aud === decisionsResource(issuer) ? await clients.find(token.clientId) : undefined;
    if (!token || !client) {
      throw new Unauthorized('the access token is unknown, expired, or not for the decision API', `${REALM}, error="invalid_token"`);
    }
    if (!hasDecisionsScope(token.scope) || !hasDecisionsScope(client.metadata.scope)) {
      throw new Forbidden(`the access token lacks the ${DECISIONS_SCOPE} scope: register the client with scope "${DECISIONS_SCOPE}"`);
    }
    if (!clientMayReceiveBsn(client.linkedProviders, client.metadata.may_receive_bsn === false)) {
      throw new Forbidden('the decision API identifies people by BSN: only clients of service providers that may process BSNs may use it', 'access_denied');
    }
    (ctx.state as CallerState).caller = { clientId: client.clientId, serviceProviderIds: client.serviceProviderIds };
    await next();
  };
}
