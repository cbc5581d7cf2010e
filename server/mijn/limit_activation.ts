// The activation's limit, in its route's pipeline (after the session): each typed code reserves a point of the person
// before it is compared; a refused code keeps it, an activation gives it back. Spent: 429, even for the right code.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { reservePoint } from '../http/reserve_point.ts';
import { sessionOf } from './context.ts';

export function limitActivation(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf: (ctx) => [sessionOf(ctx).person.id],
    message: 'too many activation codes were refused; wait an hour before trying again',
    failed: (ctx) => ctx.status === 400,
  });
}
