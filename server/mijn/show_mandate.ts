// GET /mijn/machtigingen/:id — one mandate, only for its principal or agent (anyone else: 404). The principal also
// sees every recorded use of it; each party sees the actions open to them.
import { t } from '../../views/messages/index.ts';
import type { Context } from 'koa';
import { mayActivate, mayAnswerRequest, mayRevoke, shownStatus, type MandateRecord } from '../domain/my_mandates.ts';
import { mandatePage } from '../../views/mijn_mandate.ts';
import { mandateInPath, page, sessionOf, type MijnDeps } from './context.ts';

export async function renderMandate(
  ctx: Context,
  deps: MijnDeps,
  mandate: MandateRecord,
  extra: { activationError?: string; notice?: string } = {},
  status = 200,
) {
  const { person, csrf, today } = sessionOf(ctx);
  const isPrincipal = mandate.principal.id === person.id;
  page(
    ctx,
    mandatePage({
      personName: person.name,
      csrf,
      mandate,
      status: shownStatus(mandate, today),
      isPrincipal,
      uses: isPrincipal ? await deps.myMandates.usesOf(person.id, mandate.id) : [],
      mayRevoke: mayRevoke(mandate, person, today),
      mayAnswer: mayAnswerRequest(mandate, person, today),
      mayActivate: mayActivate(mandate, person, today),
      ...extra,
    }),
    status,
  );
}

export function showMandate(deps: MijnDeps) {
  return async function showMandateAction(ctx: Context) {
    const mandate = await mandateInPath(ctx, deps);
    // The notice after a change (Post/Redirect/Get): a fixed text per action from the catalog, never text from the URL.
    const done = typeof ctx.query.gedaan === 'string' ? t().mijn.notices[ctx.query.gedaan] : undefined;
    await renderMandate(ctx, deps, mandate, done ? { notice: done } : {});
  };
}
