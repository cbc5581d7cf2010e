// Pages of a login step and answers with personal data are never cached.
import type { Context, Next } from 'koa';

export async function setNoStore(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  await next();
}
