// The interaction routes, each a pipeline laid out in full (the login with its limit). An interaction that has
// expired or belongs to another browser ends on a page that says to start again from the app (its parameters are
// gone by then). The router is strict (server/routing/create_router.ts): each action has exactly one path.
import type Router from '@koa/router';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createRouter } from '../routing/create_router.ts';
import { parseForm } from '../http/parse_form.ts';
import { setNoStore } from '../http/set_no_store.ts';
import { showSessionExpired } from '../http/show_session_expired.ts';
import { abortInteraction } from './abort_interaction.ts';
import type { InteractionDeps } from './context.ts';
import { limitLogin, limitLoginFromAddress } from './limit_login.ts';
import { forgetPendingLoginUnlessLoggedIn } from './pending_login.ts';
import { showInteraction } from './show_interaction.ts';
import { submitConsent } from './submit_consent.ts';
import { submitLogin } from './submit_login.ts';
import { submitSelectMandate } from './submit_select_mandate.ts';
import { switchUser } from './switch_user.ts';

export interface InteractionLimits {
  /** Failed logins per username and client address. */
  login: RateLimiterAbstract;
  /** Failed logins per client address, any username. */
  loginFromAddress: RateLimiterAbstract;
}

export function interactionRouter(deps: InteractionDeps, limits: InteractionLimits): Router {
  const router = createRouter();
  const at = (action: string) => `/interaction/:uid${action}`;
  router.use(setNoStore, showSessionExpired(() => deps.provider));
  router.get(at(''), showInteraction(deps));
  router.post(at('/login'), parseForm, forgetPendingLoginUnlessLoggedIn(deps), limitLoginFromAddress(limits.loginFromAddress), limitLogin(limits.login), submitLogin(deps));
  router.post(at('/select_mandate'), parseForm, submitSelectMandate(deps));
  router.post(at('/consent'), parseForm, submitConsent(deps));
  router.post(at('/abort'), parseForm, abortInteraction(deps));
  router.post(at('/switch_user'), parseForm, switchUser(deps));
  return router;
}
