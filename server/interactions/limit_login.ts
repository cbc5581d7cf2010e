// The login's limit, in its route's pipeline: each posted username and password reserves a point of its username
// (as the login looks it up: trimmed, lower-cased) from this client address, before the password is checked. A wrong
// pair keeps the point; anything else gives it back. Spent: 429 before the password is checked, even the right one.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { formField } from '../http/parse_form.ts';
import { reservePoint } from '../http/reserve_point.ts';

export function limitLogin(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf: (ctx) => [`${(formField(ctx.request.body, 'username') ?? '').trim().slice(0, 64).toLowerCase()}|${ctx.ip}`],
    message: 'too many failed logins for this username; wait a few minutes before trying again',
    failed: (ctx) => ctx.status === 401,
  });
}

/**
 * Password spraying: wrong pairs from one client address, whatever the username, reserve a point of that address
 * before the pair's own limit is asked (RATE_LIMIT_LOGIN_ADDRESS, well above what one office behind one address needs).
 */
export function limitLoginFromAddress(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf: (ctx) => [ctx.ip],
    message: 'too many failed logins from this address; wait a few minutes before trying again',
    failed: (ctx) => ctx.status === 401,
  });
}
