// POST /interaction/:uid/select_mandate — the chosen option, checked again on the server against the logged-in
// person, the requested service and today's date. A choice that is not theirs, or no longer valid, is refused. On a
// login that waits for the choice (pending_login.ts) the login and the choice finish together, in one resume.
import type { Context } from 'koa';
import { formField } from '../http/parse_form.ts';
import { agentOf, finish, loadStep, type InteractionDeps } from './context.ts';
import { confirmChoice, saveGrant, selectionPage } from './choice.ts';
import { t } from '../../views/messages/index.ts';
import { pendingLogin } from './pending_login.ts';

export function submitSelectMandate(deps: InteractionDeps) {
  return async function submitSelectMandateAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    const waiting = pendingLogin(step);
    if (step.details.prompt.name !== 'select_mandate' && !waiting) return finish(ctx, step, {}, true);

    const accountId = waiting?.accountId ?? step.details.session?.accountId;
    const agent = await agentOf(step, deps, accountId);
    const posted = formField(ctx.request.body, 'mandate');
    const choice = posted ? await confirmChoice(deps, step, agent, posted) : undefined;
    if (!choice) {
      ctx.status = posted ? 403 : 400;
      ctx.type = 'html';
      ctx.body = await selectionPage(
        deps,
        step,
        agent,
        posted ? t().select.notValid : t().select.chooseOne,
      );
      return;
    }

    const login = waiting ? { login: waiting } : {};
    const selectMandate = { option: choice.option.id };
    if (step.firstParty) {
      // No consent screen for first-party apps: the choice goes straight into a grant of its own.
      const grantId = await saveGrant(deps, step, choice, accountId);
      return finish(ctx, step, { ...login, select_mandate: selectMandate, consent: { grantId } });
    }
    return finish(ctx, step, { ...login, select_mandate: selectMandate });
  };
}
