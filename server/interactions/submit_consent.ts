// POST /interaction/:uid/consent — the person agrees to share; the grant is made (with the choice, when one was made).
import type { Context } from 'koa';
import { formField } from '../http/parse_form.ts';
import { agentOf, finish, loadStep, type InteractionDeps } from './context.ts';
import { confirmChoice, saveGrant } from './choice.ts';

export function submitConsent(deps: InteractionDeps) {
  return async function submitConsentAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    if (step.details.prompt.name !== 'consent') return finish(ctx, step, {}, true);

    const chosen = step.details.lastSubmission?.select_mandate as { option?: string } | undefined;
    let choice;
    if (chosen?.option) {
      choice = await confirmChoice(deps, step, await agentOf(step, deps), chosen.option);
      if (!choice) {
        return finish(ctx, step, { error: 'access_denied', error_description: 'the chosen mandate is no longer valid' }, false);
      }
    }
    const grantId = await saveGrant(deps, step, choice);
    await finish(ctx, step, { consent: { grantId } });
  };
}
