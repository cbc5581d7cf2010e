// The one error handler of namens' own routes: JSON for APIs, a page for browsers, never a stack trace. A body that
// is too large, malformed or of the wrong type (413, 400, 415) is answered like any other 4xx: same JSON or page, the
// security headers and request id set before, Cache-Control: no-store; what is left of the body is drained, so the
// connection can carry the next request.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { NamensError, ServiceUnavailable, TooManyRequests, Unauthorized, ValidationFailed } from '../errors.ts';
import { isDatabaseUnavailable } from '../persistence/database_unavailable.ts';
import { errorPage } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  type?: string;
}

/** oidc-provider's endpoints for apps rather than browsers (our middleware in front of them, e.g. rate limits, can fail). */
const APP_ENDPOINTS = new Set(['/token', '/token/introspection', '/token/revocation', '/me', '/request', '/jwks']);

function wantsJson(ctx: Context): boolean {
  const path = ctx.path.toLowerCase();
  return path.startsWith('/catalog/') || path.startsWith('/admin/') || path.startsWith('/access/') || APP_ENDPOINTS.has(ctx.path) || ctx.accepts('html', 'json') === 'json';
}

export function handleErrors(logger: Logger, onError?: (code: string) => void) {
  return async function handleErrorsMiddleware(ctx: Context, next: Next) {
    try {
      await next();
    } catch (thrown) {
      const caught = isDatabaseUnavailable(thrown) ? new ServiceUnavailable() : thrown;
      const error = caught as HttpErrorLike;
      let status: number;
      let code: string;
      let message: string;
      if (caught instanceof NamensError) {
        ({ status, code } = caught);
        message = caught.expose ? caught.message : 'internal error';
      } else if (typeof (error.status ?? error.statusCode) === 'number' && (error.status ?? error.statusCode)! < 500 && error.expose) {
        // http-errors from body parsing and routing (413, 415, 400 for malformed bodies).
        status = (error.status ?? error.statusCode)!;
        code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
        message = error.message ?? 'bad request';
      } else {
        status = 500;
        code = 'server_error';
        message = 'internal error';
      }
      if (status >= 500) logger.error({ err: thrown, path: ctx.path }, status === 503 ? 'database unavailable' : 'request failed');
      if (!ctx.req.complete && !ctx.req.destroyed) ctx.req.resume();
      ctx.status = status;
      ctx.set('Cache-Control', 'no-store');
      if (caught instanceof Unauthorized) ctx.set('WWW-Authenticate', caught.wwwAuthenticate);
      if (caught instanceof ServiceUnavailable) ctx.set('Retry-After', '5');
      if (caught instanceof TooManyRequests) ctx.set('Retry-After', String(caught.retryAfterSeconds));
      onError?.(code);
      if (wantsJson(ctx)) {
        ctx.body = { error: code, error_description: message, ...(caught instanceof ValidationFailed ? { violations: caught.violations } : {}) };
      } else {
        ctx.type = 'html';
        const m = t();
        ctx.body = errorPage({
          title: status >= 500 ? m.errors.somethingWrong : (m.errors.titles[code] ?? m.errors.notAllowed),
          message: status >= 500 ? m.errors.tryLater : status === 404 ? m.errors.notFound : m.errors.generic,
          code,
          ...(status < 500 ? { detail: message } : {}),
        });
      }
    }
  };
}
