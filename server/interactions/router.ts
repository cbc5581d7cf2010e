// The interaction routes, each a pipeline laid out in full. An interaction that has expired or belongs to
// another browser ends on a page that says to start again from the app (its parameters are gone by then).
import Router from '@koa/router';
import { parseForm } from '../http/parse_form.ts';
import { setNoStore } from '../http/set_no_store.ts';
import { showSessionExpired } from '../http/show_session_expired.ts';
import { abortInteraction } from './abort_interaction.ts';
import type { InteractionDeps } from './context.ts';
import { showInteraction } from './show_interaction.ts';
import { submitConsent } from './submit_consent.ts';
import { submitLogin } from './submit_login.ts';
import { submitSelectMandate } from './submit_select_mandate.ts';
import { switchUser } from './switch_user.ts';

export function interactionRouter(deps: InteractionDeps): Router {
  const router = new Router({ prefix: '/interaction/:uid' });
  router.use(setNoStore, showSessionExpired(deps.provider));
  router.get('/', showInteraction(deps));
  router.post('/login', parseForm, submitLogin(deps));
  router.post('/select_mandate', parseForm, submitSelectMandate(deps));
  router.post('/consent', parseForm, submitConsent(deps));
  router.post('/abort', parseForm, abortInteraction(deps));
  router.post('/switch_user', parseForm, switchUser(deps));
  return router;
}
