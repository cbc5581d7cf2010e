// The login's limits, in its route's pipeline, each reserving a point before the password is checked: a wrong pair
// keeps the point, anything else gives it back; spent: 429 before the password is checked, even the right one.
// - per username (as the login looks it up: trimmed, lower-cased) from this client address (RATE_LIMIT_LOGIN);
// - per client address, whatever the username: password spraying (RATE_LIMIT_LOGIN_ADDRESS, well above what one
//   office behind one address needs).
import type { Context } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { formField } from '../http/parse_form.ts';
import { reservePoint } from '../http/reserve_point.ts';

const wrongPair = (ctx: Context) => ctx.status === 401;

export function limitLogin(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf: (ctx) => [`${(formField(ctx.request.body, 'username') ?? '').trim().slice(0, 64).toLowerCase()}|${ctx.ip}`],
    message: 'too many failed logins for this username; wait a few minutes before trying again',
    failed: wrongPair,
  });
}

export function limitLoginFromAddress(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf: (ctx) => [ctx.ip],
    message: 'too many failed logins from this address; wait a few minutes before trying again',
    failed: wrongPair,
  });
}
