// A client's own budget of requests (RATE_LIMIT_TOKEN a minute) at the endpoints where it authenticates. Only a
// request that authenticated as the client counts (limit_client_authentication.ts calls `count`); before oidc-provider
// works on a request, `refuseWhenSpent` answers 429 when the client it names has spent its budget. A public client
// (no secret: anyone can name it) has a budget per client address, so naming it from elsewhere does not stop it.
import type { IncomingMessage } from 'node:http';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../errors.ts';
import { secondsUntil } from '../http/reserve_point.ts';
import type { AuthenticatedClient } from './limit_client_authentication.ts';

const addresses = new WeakMap<IncomingMessage, string>();

/** The client address of the request (as namens sees it: behind TRUSTED_PROXIES, the one the proxy appended). */
export function rememberAddress(req: IncomingMessage, address: string): void {
  addresses.set(req, address);
}

const keyOf = (clientId: string, publicAddress?: string) => (publicAddress === undefined ? `client:${clientId.slice(0, 200)}` : `public:${clientId.slice(0, 200)}|${publicAddress}`);

export function limitTokenRequests(limiter: RateLimiterAbstract) {
  return {
    async count(client: AuthenticatedClient, req: IncomingMessage): Promise<void> {
      const key = keyOf(client.clientId, client.authMethod === 'none' ? (addresses.get(req) ?? '') : undefined);
      try {
        await limiter.consume(key, 1);
      } catch (rejection) {
        if (rejection instanceof Error) throw rejection; // the store failed; over the budget is refused next time
      }
    },
    async refuseWhenSpent(clientId: string, address: string): Promise<void> {
      const results = await Promise.all([limiter.get(keyOf(clientId)), limiter.get(keyOf(clientId, address))]);
      const spent = results.filter((res): res is RateLimiterRes => res !== null && res.consumedPoints >= limiter.points);
      if (spent.length === 0) return;
      const seconds = Math.max(...spent.map(secondsUntil));
      throw new TooManyRequests(`too many requests for client ${clientId.slice(0, 200)}; retry after ${seconds} s`, seconds);
    },
  };
}

export type TokenRequestLimit = ReturnType<typeof limitTokenRequests>;
