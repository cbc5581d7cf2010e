// Login at an upstream identity provider: the button on the login screen, and the callback the upstream returns to.
import Router from '@koa/router';
import { t } from '../../views/messages/index.ts';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { parseForm } from '../http/parse_form.ts';
import { errorPage } from '../../views/error.ts';
import { CALLBACK_PATH, type UpstreamDeps } from './context.ts';
import { finishUpstreamLogin } from './finish_upstream_login.ts';
import { startUpstreamLogin } from './start_upstream_login.ts';

async function noStore(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  await next();
}

async function sessionExpiredPage(ctx: Context, next: Next) {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = errorPage({
      title: t().errors.sessionExpiredTitle,
      message: t().errors.sessionExpired,
      code: 'session_not_found',
    });
  }
}

export function upstreamRouter(deps: UpstreamDeps): Router {
  const router = new Router();
  router.post('/interaction/:uid/upstream/:id', noStore, sessionExpiredPage, parseForm, startUpstreamLogin(deps));
  router.get(CALLBACK_PATH, noStore, finishUpstreamLogin(deps));
  return router;
}
