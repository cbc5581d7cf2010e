// The last middleware: everything that is not namens' own route goes to oidc-provider (discovery, authorize, token,
// introspection, revocation, PAR, userinfo, jwks, logout). Every request that may authenticate a client (any method
// but GET, HEAD and OPTIONS, whatever its path) first reserves a point of its client address's budget of failed client
// authentications, given back unless oidc-provider answered invalid_client (limit_client_authentication.ts): so
// parallel guesses count, and a wrong secret from one address never costs another address or the client anything.
// Then a client that has spent its own budget is refused (limit_token_requests.ts) before oidc-provider works on it.
import type { Context } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { reservePoints } from '../http/reserve_point.ts';
import { clientAuthenticationFailed } from './limit_client_authentication.ts';
import { rememberAddress, type TokenRequestLimit } from './limit_token_requests.ts';
import { readClaimedClient } from './read_claimed_client.ts';

type Callback = (req: Context['req'], res: Context['res']) => Promise<void>;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** oidc-provider's paths of every login (authorize, its resumes, token, userinfo), which no namens route shares. */
export function isProviderHotPath(path: string): boolean {
  return path === '/token' || path === '/me' || path === '/auth' || path.startsWith('/auth/');
}

export interface ProviderLimits {
  /** Failed client authentications per client address. */
  clientAuthFailures: RateLimiterAbstract;
  tokenRequests: TokenRequestLimit;
}

export function routeToProvider(callback: () => Callback, limits: ProviderLimits) {
  return async function routeToProviderMiddleware(ctx: Context) {
    if (READS.has(ctx.method)) {
      await callback()(ctx.req, ctx.res);
      ctx.respond = false;
      return;
    }
    const held = await reservePoints(
      limits.clientAuthFailures,
      [ctx.ip],
      'too many failed client authentications from this address; wait a few minutes before trying again',
    );
    try {
      const claimed = await readClaimedClient(ctx);
      if (claimed) await limits.tokenRequests.refuseWhenSpent(claimed, ctx.ip);
      rememberAddress(ctx.req, ctx.ip);
      await callback()(ctx.req, ctx.res);
      ctx.respond = false;
    } finally {
      if (!clientAuthenticationFailed(ctx.req)) await held.refund();
    }
  };
}
