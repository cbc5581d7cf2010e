// Rate limits, with 429 and Retry-After: failed logins per username and IP address, refused activation codes per
// person, and token requests per client. Matched by route here, so the actions themselves stay unaware of them.
import type { Context, Next } from 'koa';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../errors.ts';
import { formField, parseForm } from './parse_form.ts';

export interface RateLimiters {
  login: RateLimiterAbstract;
  activation: RateLimiterAbstract;
  token: RateLimiterAbstract;
}

const LOGIN = /^\/interaction\/[^/]+\/login$/;
const ACTIVATION = /^\/mijn\/machtigingen\/[^/]+\/activeren$/;
const MAX_TOKEN_BODY = 64 * 1024;

const secondsUntil = (res: RateLimiterRes | null) => Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));

async function refuseWhenSpent(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  const res = await limiter.get(key);
  if (res && res.consumedPoints >= limiter.points) throw new TooManyRequests(message, secondsUntil(res));
}

/** The client of a token request: from HTTP Basic authentication, or else the client_id form field. */
async function tokenClientOf(ctx: Context): Promise<string | undefined> {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(ctx.get('authorization'));
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      try {
        return decodeURIComponent(decoded.slice(0, colon));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  if (!ctx.is('application/x-www-form-urlencoded')) return undefined;
  // Read the form once and hand it to oidc-provider as req.body (it uses an already read body).
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_TOKEN_BODY) {
      ctx.throw(413, 'the request body is too large');
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  (ctx.req as unknown as { body: string }).body = raw;
  const ids = new URLSearchParams(raw).getAll('client_id');
  return ids.length === 1 ? ids[0] : undefined;
}

/** The party id of the person logged in at /mijn in this request (the session lives on the server), or undefined. */
export type MijnPersonOf = (ctx: Context) => Promise<string | undefined>;

export function limitRates(limiters: RateLimiters, mijnPersonOf: MijnPersonOf) {
  return async function limitRatesMiddleware(ctx: Context, next: Next) {
    if (ctx.method !== 'POST') return next();

    if (LOGIN.test(ctx.path)) {
      await parseForm(ctx, async () => {});
      const username = (formField(ctx.request.body, 'username') ?? '').trim().slice(0, 64).toLowerCase();
      const key = `${username}|${ctx.ip}`;
      await refuseWhenSpent(limiters.login, key, 'too many failed logins for this username; wait a few minutes before trying again');
      await next();
      if (ctx.status === 401) await limiters.login.penalty(key, 1);
      return;
    }

    if (ACTIVATION.test(ctx.path)) {
      const person = await mijnPersonOf(ctx);
      if (!person) return next();
      await refuseWhenSpent(limiters.activation, person, 'too many activation codes were refused; wait an hour before trying again');
      await next();
      if (ctx.status === 400) await limiters.activation.penalty(person, 1);
      return;
    }

    if (ctx.path === '/token') {
      const client = (await tokenClientOf(ctx))?.slice(0, 200);
      if (client) {
        try {
          await limiters.token.consume(client, 1);
        } catch (rejection) {
          if (rejection instanceof Error) throw rejection; // the store failed, not the limit
          const seconds = secondsUntil(rejection as RateLimiterRes);
          ctx.status = 429;
          ctx.set('Retry-After', String(seconds));
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { error: 'too_many_requests', error_description: `too many token requests for client ${client}; retry after ${seconds} s` };
          return;
        }
      }
    }
    return next();
  };
}
