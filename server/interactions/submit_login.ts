// POST /interaction/:uid/login — a test user's username and password. A wrong pair shows the form again and
// never says whether the username exists (an unknown one is checked against a dummy hash, just as slowly). A login
// that the selection follows directly waits on the interaction for the choice (pending_login.ts).
import type { Context } from 'koa';
import { hashForUnknownUser } from '../domain/passwords.ts';
import { NamensError } from '../errors.ts';
import { formField } from '../http/parse_form.ts';
import { loginPage, TEST_LEVELS } from '../../views/login.ts';
import { finish, loadStep, upstreamButtonsFor, type InteractionDeps } from './context.ts';
import { serviceName } from './choice.ts';
import { t } from '../../views/messages/index.ts';
import { missingLoginFields } from './check_login_fields.ts';
import { selectionFollows, waitForSelection } from './pending_login.ts';

/** A test user claims a level of assurance (development only: test users are refused in production); substantial by default. */
export const DEFAULT_TEST_LEVEL = 'http://eidas.europa.eu/LoA/substantial';

export function submitLogin(deps: InteractionDeps) {
  return async function submitLoginAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    if (step.details.prompt.name !== 'login') return finish(ctx, step, {}, true);

    if (!deps.testUsers) throw new NamensError(503, 'login_unavailable', 'no login method is configured on this namens (TEST_USERS_ENABLED=false)');
    const username = (formField(ctx.request.body, 'username') ?? '').trim().slice(0, 64);
    const password = formField(ctx.request.body, 'password') ?? '';
    const chosen = formField(ctx.request.body, 'level');
    const level = TEST_LEVELS.some((known) => known.uri === chosen) ? chosen! : DEFAULT_TEST_LEVEL;
    const missing = missingLoginFields(username, password);
    const user = username ? await deps.testUsers.findByUsername(username.toLowerCase()) : undefined;
    const valid = await deps.verifyPassword(password, user?.passwordHash ?? (await hashForUnknownUser()));

    if (missing || !user || !valid) {
      ctx.status = missing ? 400 : 401;
      ctx.type = 'html';
      ctx.body = loginPage({
        uid: step.uid,
        csrf: step.csrf,
        clientName: step.clientName,
        serviceName: step.service && serviceName(step.service),
        username,
        level,
        upstreams: upstreamButtonsFor(step, deps),
        ...(missing ? { fieldErrors: missing } : { error: t().login.wrongPassword }),
      });
      return;
    }
    const login = { accountId: user.person.bsn, acr: level, amr: ['pwd'] };
    if (selectionFollows(step, level)) return waitForSelection(ctx, step, login);
    await finish(ctx, step, { login }, false);
  };
}
