// A path under namens' own prefixes that none of its routes serves gets namens' own 404 (a page with a way on for
// browsers, JSON for the APIs, from server/http/handle_errors.ts), instead of falling through to oidc-provider, which
// answers a bare text/plain "Not Found" (e.g. /mijn/machtigingen//intrekken, an empty mandate id). The prefixes
// match in any letter case (/ACCESS/v1/evaluation, /Mijn): namens' routes themselves are case-sensitive.
import type { Context, Next } from 'koa';
import { NotFound } from '../errors.ts';

const OWN_PREFIXES = ['/mijn', '/interaction', '/admin', '/catalog', '/access'];

/** Whether `path` is under one of namens' own prefixes, in any letter case. */
function isOwnPath(path: string): boolean {
  const lower = path.toLowerCase();
  return OWN_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}

export async function refuseUnknownPath(ctx: Context, next: Next) {
  if (isOwnPath(ctx.path)) throw new NotFound('there is no such page');
  await next();
}
