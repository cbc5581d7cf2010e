// POST /mijn/machtigingen/:id/weigeren — the principal declines an agent's request; it is kept, as declined.
import type { Context } from 'koa';
import { mayAnswerRequest } from '../domain/my_mandates.ts';
import { NamensError } from '../errors.ts';
import { mandateInPath, sessionOf, type MijnDeps } from './context.ts';
import { NOT_OPEN } from './approve_request.ts';

export function declineRequest(deps: MijnDeps) {
  return async function declineRequestAction(ctx: Context) {
    const { person, today } = sessionOf(ctx);
    const mandate = await mandateInPath(ctx, deps);
    const ok = mayAnswerRequest(mandate, person, today) && (await deps.myMandates.decline({ mandateId: mandate.id, by: person.id, at: deps.clock().getTime() }));
    if (!ok) throw new NamensError(409, 'not_open', NOT_OPEN);
    ctx.status = 303;
    ctx.redirect(`/mijn/machtigingen/${mandate.id}?gedaan=geweigerd`);
  };
}
