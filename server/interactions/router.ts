// The interaction routes, each a pipeline laid out in full. An interaction that has expired or belongs to
// another browser ends on a page that says to start again from the app (its parameters are gone by then).
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { parseForm } from '../http/parse_form.ts';
import { errorPage } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';
import { abortInteraction } from './abort_interaction.ts';
import type { InteractionDeps } from './context.ts';
import { showInteraction } from './show_interaction.ts';
import { submitConsent } from './submit_consent.ts';
import { submitLogin } from './submit_login.ts';
import { submitSelectMandate } from './submit_select_mandate.ts';

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

export function interactionRouter(deps: InteractionDeps): Router {
  const router = new Router({ prefix: '/interaction/:uid' });
  router.use(noStore, sessionExpiredPage);
  router.get('/', showInteraction(deps));
  router.post('/login', parseForm, submitLogin(deps));
  router.post('/select_mandate', parseForm, submitSelectMandate(deps));
  router.post('/consent', parseForm, submitConsent(deps));
  router.post('/abort', parseForm, abortInteraction(deps));
  return router;
}
