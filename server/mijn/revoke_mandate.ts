// POST /mijn/machtigingen/:id/intrekken — the principal or the agent ends a voluntary mandate at once (a request
// too). It disappears from the selection screen, and a login in flight gets no tokens (find_account re-checks).
import type { Context } from 'koa';
import { mayRevoke } from '../domain/my_mandates.ts';
import { NamensError } from '../errors.ts';
import { mandateInPath, sessionOf, type MijnDeps } from './context.ts';

export function revokeMandate(deps: MijnDeps) {
  return async function revokeMandateAction(ctx: Context) {
    const { person, today } = sessionOf(ctx);
    const mandate = await mandateInPath(ctx, deps);
    if (!mayRevoke(mandate, person, today)) throw notRevocable(mandate.basis);
    const done = await deps.myMandates.revoke({ mandateId: mandate.id, by: person.id, at: deps.clock().getTime() });
    if (!done) throw notRevocable(mandate.basis);
    ctx.status = 303;
    ctx.redirect(`/mijn/machtigingen/${mandate.id}?gedaan=ingetrokken`);
  };
}

export function notRevocable(basis: string): NamensError {
  return new NamensError(
    409,
    'not_revocable',
    basis === 'voluntary'
      ? 'deze machtiging is al beëindigd of verlopen en kan niet meer worden ingetrokken'
      : 'een wettelijke vertegenwoordiging of een vertegenwoordiging van een organisatie kan alleen via haar register worden beëindigd',
  );
}
