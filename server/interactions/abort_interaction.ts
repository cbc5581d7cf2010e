// POST /interaction/:uid/abort — the person cancels, or holds nothing usable: access_denied goes back to the app.
import type { Context } from 'koa';
import { formField } from '../http/parse_form.ts';
import { finish, loadStep, type InteractionDeps } from './context.ts';

const DESCRIPTIONS: Record<string, string> = {
  no_mandate: 'the user holds no mandate for this service and may not use it for themselves',
};

export function abortInteraction(deps: InteractionDeps) {
  return async function abortInteractionAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    const reason = formField(ctx.request.body, 'reason') ?? '';
    await finish(
      ctx,
      step,
      { error: 'access_denied', error_description: DESCRIPTIONS[reason] ?? 'the user cancelled the login' },
      false,
    );
  };
}
