// POST /interaction/:uid/login — a test user's username and password. A wrong pair shows the form again and
// never says whether the username exists (an unknown one is checked against a dummy hash, just as slowly).
import type { Context } from 'koa';
import { hashForUnknownUser } from '../domain/passwords.ts';
import { NamensError } from '../errors.ts';
import { formField } from '../http/parse_form.ts';
import { loginPage } from '../../views/login.ts';
import { finish, loadStep, type InteractionDeps } from './context.ts';

/** What a test-user login proves: a password, so eIDAS substantial in development terms. */
const TEST_USER_LOA = 'http://eidas.europa.eu/LoA/substantial';

export function submitLogin(deps: InteractionDeps) {
  return async function submitLoginAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    if (step.details.prompt.name !== 'login') return finish(ctx, deps, {}, true);

    if (!deps.testUsers) throw new NamensError(503, 'login_unavailable', 'no login method is configured on this namens (TEST_USERS_ENABLED=false)');
    const username = (formField(ctx.request.body, 'username') ?? '').trim().slice(0, 64);
    const password = formField(ctx.request.body, 'password') ?? '';
    const user = username ? await deps.testUsers.findByUsername(username.toLowerCase()) : undefined;
    const valid = await deps.verifyPassword(password, user?.passwordHash ?? (await hashForUnknownUser()));

    if (!user || !valid) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = loginPage({
        uid: step.uid,
        csrf: step.csrf,
        clientName: step.clientName,
        serviceName: step.service?.name.nl,
        username,
        error: 'De combinatie van gebruikersnaam en wachtwoord is onjuist. Controleer wat u hebt ingevuld en probeer het opnieuw.',
      });
      return;
    }
    await finish(ctx, deps, { login: { accountId: user.person.bsn, acr: TEST_USER_LOA, amr: ['pwd'] } }, false);
  };
}
