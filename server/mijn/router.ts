// Mijn machtigingen (/mijn): people see, grant, request, activate, approve and revoke mandates themselves, and see
// each use. Logged in through namens itself (the first-party client namens-mijn). Each route is a pipeline in full.
import Router from '@koa/router';
import { parseForm } from '../http/parse_form.ts';
import { activateMandate } from './activate_mandate.ts';
import { approveRequest } from './approve_request.ts';
import { confirmRevoke } from './confirm_revoke.ts';
import { noStore, requireSession, verifyCsrf, type MijnDeps } from './context.ts';
import { declineRequest } from './decline_request.ts';
import { finishLogin } from './finish_login.ts';
import { logOut } from './log_out.ts';
import { showMandateForm } from './mandate_form.ts';
import { revokeMandate } from './revoke_mandate.ts';
import { showMandate } from './show_mandate.ts';
import { showOverview } from './show_overview.ts';
import { startLogin } from './start_login.ts';
import { submitGrant } from './submit_grant.ts';
import { submitRequest } from './submit_request.ts';

export function mijnRouter(deps: MijnDeps): Router {
  const router = new Router({ prefix: '/mijn' });
  const session = requireSession(deps);
  const csrf = verifyCsrf(deps);
  router.use(noStore);
  router.get('/', showOverview(deps));
  router.get('/login', startLogin(deps));
  router.get('/callback', finishLogin(deps));
  router.post('/logout', parseForm, session, csrf, logOut(deps));
  router.get('/machtigingen/nieuw', session, showMandateForm(deps, 'grant'));
  router.post('/machtigingen/nieuw', parseForm, session, csrf, submitGrant(deps));
  router.get('/machtigingen/aanvragen', session, showMandateForm(deps, 'request'));
  router.post('/machtigingen/aanvragen', parseForm, session, csrf, submitRequest(deps));
  router.get('/machtigingen/:id', session, showMandate(deps));
  router.get('/machtigingen/:id/intrekken', session, confirmRevoke(deps));
  router.post('/machtigingen/:id/intrekken', parseForm, session, csrf, revokeMandate(deps));
  router.post('/machtigingen/:id/activeren', parseForm, session, csrf, activateMandate(deps));
  router.post('/machtigingen/:id/goedkeuren', parseForm, session, csrf, approveRequest(deps));
  router.post('/machtigingen/:id/weigeren', parseForm, session, csrf, declineRequest(deps));
  return router;
}
