// What oidc-provider decided about the client of a request at an endpoint where clients authenticate (token,
// introspection, revocation, pushed authorization requests): registered on every Provider as its own middleware, it
// records on the raw request whether the client authentication failed (invalid_client), for the per-address limit
// that route_to_provider.ts reserved before, and counts the request against the client's own budget only once the
// client has authenticated (limit_token_requests.ts). Claiming a client id without its secret costs that client nothing.
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** oidc-provider's routes whose requests carry client authentication. */
const CLIENT_AUTHENTICATING = new Set(['token', 'introspection', 'revocation', 'pushed_authorization_request', 'backchannel_authentication', 'device_authorization']);

const failed = new WeakSet<IncomingMessage>();

/** Whether oidc-provider refused the client authentication of this request (set once its answer is made). */
export function clientAuthenticationFailed(req: IncomingMessage): boolean {
  return failed.has(req);
}

export interface AuthenticatedClient {
  clientId: string;
  /** The client's token_endpoint_auth_method (`none`: a public client, which anyone can name). */
  authMethod: string;
}

export function limitClientAuthentication(provider: Provider, onAuthenticated: (client: AuthenticatedClient, req: IncomingMessage) => Promise<void>): void {
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    // ctx.oidc exists only when one of oidc-provider's routes matched.
    const route = (ctx as { oidc?: KoaContextWithOIDC['oidc'] }).oidc?.route;
    if (!route || !CLIENT_AUTHENTICATING.has(route)) return;
    if ((ctx.body as { error?: unknown } | undefined)?.error === 'invalid_client') {
      failed.add(ctx.req);
      return;
    }
    const client = ctx.oidc.client;
    if (client) await onAuthenticated({ clientId: client.clientId, authMethod: String(client.clientAuthMethod) }, ctx.req);
  });
}
