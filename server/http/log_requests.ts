// One structured log line per request, with a request id that is also returned in X-Request-Id. Only the method,
// the path (never the query string: it can carry codes, hints and identifiers), the status and the duration are
// logged; never headers, cookies, bodies, account ids or tokens.
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

/** An incoming X-Request-Id (from a proxy) is kept when it is short and plain; otherwise a fresh one is made. */
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function logRequests(logger: Logger) {
  return async function logRequestsMiddleware(ctx: Context, next: Next) {
    const incoming = ctx.get('x-request-id');
    const id = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // oidc-provider writes its responses itself (ctx.respond = false): its status is on the raw response.
      const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      logger.info({ req_id: id, method: ctx.method, path: ctx.path, status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
