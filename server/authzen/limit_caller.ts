// A back office's budget of decision API calls: RATE_LIMIT_TOKEN a minute per client (the budget its token requests
// have too), counted after it authenticated; over it, 429 with Retry-After.
import type { Context, Next } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from '../errors.ts';
import { secondsUntil } from '../http/reserve_point.ts';
import type { CallerState } from './authenticate_caller.ts';

export function limitCaller(limiter: RateLimiterAbstract) {
  return async function limitCallerMiddleware(ctx: Context, next: Next) {
    const { caller } = ctx.state as CallerState;
    try {
      await limiter.consume(`client:${caller.clientId.slice(0, 200)}`, 1);
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const seconds = secondsUntil(rejection as Parameters<typeof secondsUntil>[0]);
      throw new TooManyRequests(`too many decision API calls for client ${caller.clientId.slice(0, 200)}; retry after ${seconds} s`, seconds);
    }
    await next();
  };
}
