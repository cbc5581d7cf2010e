// A limited action reserves its point before the work it limits, and gets it back when the work succeeded: parallel
// requests each hold a point while they run, so forty sent at once cannot all be checked before the first is counted.
// Over the limit: 429 too_many_requests with Retry-After (server/http/handle_errors.ts renders it, page or JSON).
import type { Context, Next } from 'koa';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../errors.ts';

export interface Held {
  /** Gives the points back (the work succeeded, or never ran). */
  refund(): Promise<void>;
}

export const secondsUntil = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Consumes one point of each key, or throws TooManyRequests (with the longest wait) when any is spent; the points
 * already taken for the other keys are given back then.
 */
export async function reservePoints(limiter: RateLimiterAbstract, keys: readonly string[], message: string): Promise<Held> {
  const taken: string[] = [];
  const refund = async () => {
    await Promise.all(taken.splice(0).map((key) => limiter.reward(key, 1)));
  };
  let wait = 0;
  for (const key of keys) {
    try {
      await limiter.consume(key, 1);
      taken.push(key);
    } catch (rejection) {
      if (rejection instanceof Error) {
        await refund();
        throw rejection; // the store failed, not the limit
      }
      wait = Math.max(wait, secondsUntil(rejection as RateLimiterRes));
    }
  }
  if (wait > 0) {
    await refund();
    throw new TooManyRequests(message, wait);
  }
  return { refund };
}

export interface PointOptions {
  limiter: RateLimiterAbstract;
  /** The keys this request counts against; none: not limited (the next middleware decides, e.g. no session). */
  keysOf(ctx: Context): string[] | Promise<string[]>;
  /** What a refused person or app reads. */
  message: string;
  /** Whether the work was refused, so the point stays spent (a wrong password, a refused code, a mismatch). */
  failed(ctx: Context): boolean;
}

/** Middleware for a route's pipeline: reserve before the action, refund unless it `failed`. */
export function reservePoint({ limiter, keysOf, message, failed }: PointOptions) {
  return async function reservePointMiddleware(ctx: Context, next: Next) {
    const keys = await keysOf(ctx);
    if (keys.length === 0) return next();
    const held = await reservePoints(limiter, keys, message);
    let keep = false;
    try {
      await next();
      keep = failed(ctx);
    } finally {
      if (!keep) await held.refund();
    }
  };
}
