// Mijn machtigingen (/mijn): people see, grant, request, activate, approve and revoke mandates themselves, and see
// each use. Logged in through namens itself (the first-party client namens-mijn). Each route is a pipeline in full,
// its limits in it; the router is strict (server/routing/create_router.ts): each action has exactly one path.
import type Router from '@koa/router';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createRouter } from '../routing/create_router.ts';
import { parseForm } from '../http/parse_form.ts';
import { activateMandate } from './activate_mandate.ts';
import { approveRequest } from './approve_request.ts';
import { confirmRevoke } from './confirm_revoke.ts';
import { noStore, requireSession, verifyCsrf, type MijnDeps } from './context.ts';
import { declineRequest } from './decline_request.ts';
import { finishLogin } from './finish_login.ts';
import { limitActivation } from './limit_activation.ts';
import { limitBsnChecks } from './limit_bsn_checks.ts';
import { logOut } from './log_out.ts';
import { showMandateForm } from './mandate_form.ts';
import { revokeMandate } from './revoke_mandate.ts';
import { showMandate } from './show_mandate.ts';
import { showChecks } from './show_checks.ts';
import { showOverview } from './show_overview.ts';
import { showContact } from './show_contact.ts';
import { submitContact } from './submit_contact.ts';
import { startLogin } from './start_login.ts';
import { submitGrant } from './submit_grant.ts';
import { submitRequest } from './submit_request.ts';

export interface MijnLimits {
  /** Refused activation codes per person. */
  activation: RateLimiterAbstract;
  /** Mismatched BSN checks per person and per BSN (grant and request forms together). */
  bsnChecks: RateLimiterAbstract;
}

export function mijnRouter(deps: MijnDeps, limits: MijnLimits): Router {
  const router = createRouter();
  const session = requireSession(deps);
  const csrf = verifyCsrf(deps);
  const bsnChecks = limitBsnChecks(limits.bsnChecks);
  router.use(noStore);
  router.get('/mijn', showOverview(deps));
  router.get('/mijn/login', startLogin(deps));
  router.get('/mijn/callback', finishLogin(deps));
  router.post('/mijn/logout', parseForm, session, csrf, logOut(deps));
  router.get('/mijn/gecontroleerd', session, showChecks(deps));
  router.get('/mijn/machtigingen/nieuw', session, showMandateForm(deps, 'grant'));
  router.post('/mijn/machtigingen/nieuw', parseForm, session, csrf, bsnChecks, submitGrant(deps));
  router.get('/mijn/machtigingen/aanvragen', session, showMandateForm(deps, 'request'));
  router.post('/mijn/machtigingen/aanvragen', parseForm, session, csrf, bsnChecks, submitRequest(deps));
  router.get('/mijn/e-mail', session, showContact(deps));
  router.post('/mijn/e-mail', parseForm, session, csrf, submitContact(deps));
  router.get('/mijn/machtigingen/:id', session, showMandate(deps));
  router.get('/mijn/machtigingen/:id/intrekken', session, confirmRevoke(deps));
  router.post('/mijn/machtigingen/:id/intrekken', parseForm, session, csrf, revokeMandate(deps));
  router.post('/mijn/machtigingen/:id/activeren', parseForm, session, csrf, limitActivation(limits.activation), activateMandate(deps));
  router.post('/mijn/machtigingen/:id/goedkeuren', parseForm, session, csrf, approveRequest(deps));
  router.post('/mijn/machtigingen/:id/weigeren', parseForm, session, csrf, declineRequest(deps));
  return router;
}
