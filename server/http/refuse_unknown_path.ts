// A path under namens' own prefixes that none of its routes serves gets namens' own 404 (a page with a way on for
// browsers, JSON for the APIs, from server/http/handle_errors.ts), instead of falling through to oidc-provider, which
// answers a bare text/plain "Not Found" (e.g. /mijn/machtigingen//intrekken, an empty mandate id).
import type { Context, Next } from 'koa';
import { NotFound } from '../errors.ts';

const OWN_PREFIXES = ['/mijn', '/interaction', '/admin', '/catalog', '/access'];

export async function refuseUnknownPath(ctx: Context, next: Next) {
  if (OWN_PREFIXES.some((prefix) => ctx.path === prefix || ctx.path.startsWith(`${prefix}/`))) throw new NotFound('there is no such page');
  await next();
}
