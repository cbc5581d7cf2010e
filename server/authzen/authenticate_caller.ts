// Bearer authentication of the decision API (AuthZEN): an access token that namens issued by client credentials for
// the decision API resource (<issuer>/access/v1), unexpired, carrying `namens:decisions`, of a client that still
// exists and still holds that scope (server/oidc/authenticate_client_caller.ts), and that belongs to service providers
// that may process BSNs (the API speaks BSNs). The caller is then limited to its providers' services (context.ts).
// None, unknown or expired: 401; otherwise 403.
import type { Context, Next } from 'koa';
import { clientMayReceiveBsn } from '../domain/bsn_policy.ts';
import { Forbidden } from '../errors.ts';
import { authenticateClientCaller, type CallerDeps } from '../oidc/authenticate_client_caller.ts';
import { decisionsApi } from '../oidc/decisions_resource.ts';

export interface Caller {
  clientId: string;
  /** The service providers the client belongs to: it may ask about their services only. */
  serviceProviderIds: string[];
}

export interface CallerState {
  caller: Caller;
}

const DECISION_API = { resource: decisionsApi, name: 'decision API', realm: 'namens-decisions', namesResource: true };

export function authenticateCaller(deps: CallerDeps) {
  return async function authenticateCallerMiddleware(ctx: Context, next: Next) {
    const client = await authenticateClientCaller(deps, DECISION_API, ctx.get('authorization'));
    if (!clientMayReceiveBsn(client.linkedProviders, client.metadata.may_receive_bsn === false)) {
      throw new Forbidden('the decision API identifies people by BSN: only clients of service providers that may process BSNs may use it', 'access_denied');
    }
    (ctx.state as CallerState).caller = { clientId: client.clientId, serviceProviderIds: client.serviceProviderIds };
    await next();
  };
}
