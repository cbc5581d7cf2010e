// POST /mijn/machtigingen/:id/goedkeuren — the principal approves an agent's request: the mandate is active at once.
import type { Context } from 'koa';
import { mayAnswerRequest } from '../domain/my_mandates.ts';
import { NamensError } from '../errors.ts';
import { mandateInPath, sessionOf, type MijnDeps } from './context.ts';

export const NOT_OPEN = 'deze aanvraag is al beantwoord, ingetrokken of verlopen';

export function approveRequest(deps: MijnDeps) {
  return async function approveRequestAction(ctx: Context) {
    const { person, today } = sessionOf(ctx);
    const mandate = await mandateInPath(ctx, deps);
    const ok = mayAnswerRequest(mandate, person, today) && (await deps.myMandates.approve({ mandateId: mandate.id, by: person.id, at: deps.clock().getTime() }));
    if (!ok) throw new NamensError(409, 'not_open', NOT_OPEN);
    ctx.status = 303;
    ctx.redirect(`/mijn/machtigingen/${mandate.id}?gedaan=goedgekeurd`);
  };
}
