// POST /interaction/:uid/switch_user — "Niet u? Uitloggen" on the screens that reuse a login (selection, consent, no
// mandate): ends this browser's namens session (oidc-provider's Session, so every app's login in it) and sends the
// browser back into the same authorization request, which now finds nobody logged in and shows a fresh login screen.
// The request itself stays as the app sent it (also after PAR or a signed request object): the interaction is kept,
// without the ended session and without the choices made so far.
import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import { formField } from '../http/parse_form.ts';
import { loadStep, type InteractionDeps } from './context.ts';

export function switchUser(deps: InteractionDeps) {
  return async function switchUserAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    const interaction = step.details;
    const sessionId = interaction.session?.cookie;
    if (sessionId) await (await deps.provider.Session.find(sessionId))?.destroy();
    interaction.session = undefined;
    interaction.result = undefined;
    interaction.lastSubmission = undefined;
    const ttl = interaction.exp - Math.floor(Date.now() / 1000);
    if (ttl <= 0) throw new errors.SessionNotFound('interaction expired');
    await interaction.save(ttl);
    ctx.status = 303;
    ctx.redirect(interaction.returnTo);
  };
}
