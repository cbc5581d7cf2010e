// Security headers on every response; a strict Content-Security-Policy unless a route set its own.
import type { Context, Next } from 'koa';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Over https (directly or from a trusted proxy); false once the connection is gone (nothing is sent then anyway). */
const secure = (ctx: Context) => Boolean(ctx.req.socket) && ctx.secure;

export async function setSecurityHeaders(ctx: Context, next: Next) {
  // Set before the routes too: oidc-provider writes its responses itself (ctx.respond = false), on the same response.
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (secure(ctx)) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  await next();
  if (ctx.respond === false) return;
  if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Referrer-Policy', 'no-referrer');
  if (secure(ctx)) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
