// Login at an upstream identity provider: the button on the login screen, and the callback the upstream returns to.
import type Router from '@koa/router';
import { createRouter } from '../routing/create_router.ts';
import { parseForm } from '../http/parse_form.ts';
import { setNoStore } from '../http/set_no_store.ts';
import { showSessionExpired } from '../http/show_session_expired.ts';
import { CALLBACK_PATH, type UpstreamDeps } from './context.ts';
import { finishUpstreamLogin } from './finish_upstream_login.ts';
import { startUpstreamLogin } from './start_upstream_login.ts';

export function upstreamRouter(deps: UpstreamDeps): Router {
  const router = createRouter();
  router.post('/interaction/:uid/upstream/:id', setNoStore, showSessionExpired(() => deps.provider), parseForm, startUpstreamLogin(deps));
  router.get(CALLBACK_PATH, setNoStore, finishUpstreamLogin(deps));
  return router;
}
