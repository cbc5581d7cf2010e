// GET /mijn/machtigingen/:id/intrekken — asks before revoking: the revoke button on a mandate's page leads here, and
// only the form on this page (POST, CSRF token) revokes. Without JavaScript, like every page of /mijn.
import type { Context } from 'koa';
import { mayRevoke, shownStatus } from '../domain/my_mandates.ts';
import { revokeConfirmPage } from '../../views/mijn_mandate.ts';
import { mandateInPath, page, sessionOf, type MijnDeps } from './context.ts';
import { notRevocable } from './revoke_mandate.ts';

export function confirmRevoke(deps: MijnDeps) {
  return async function confirmRevokeAction(ctx: Context) {
    const { person, csrf, today } = sessionOf(ctx);
    const mandate = await mandateInPath(ctx, deps);
    if (!mayRevoke(mandate, person, today)) throw notRevocable(mandate.basis);
    const withdrawRequest = shownStatus(mandate, today) === 'requested' && mandate.principal.id !== person.id;
    page(ctx, revokeConfirmPage({ personName: person.name, csrf, mandate, withdrawRequest }));
  };
}
