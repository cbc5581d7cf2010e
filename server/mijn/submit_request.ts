// POST /mijn/machtigingen/aanvragen — the agent asks a principal, named by BSN and birth date, for a voluntary
// mandate (the use case: requestMandate in server/domain/my_mandates.ts). A pair that does not match is answered
// alike whichever half was wrong (both fields emptied), and counts against the limit (limit_bsn_checks.ts).
import type { Context } from 'koa';
import { requestMandate } from '../domain/my_mandates.ts';
import { requestedPage } from '../../views/mijn_mandate_form.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';
import { limitBsnChecksOutcome } from './limit_bsn_checks.ts';
import { readMandateForm, renderMandateForm, voluntaryServices } from './mandate_form.ts';

export function submitRequest(deps: MijnDeps) {
  return async function submitRequestAction(ctx: Context) {
    const { person, csrf, today } = sessionOf(ctx);
    const form = readMandateForm(ctx.request.body, 'birth_date');
    const outcome = await requestMandate(deps, person, form, { today, now: deps.clock().getTime(), services: await voluntaryServices(deps) });
    if ('errors' in outcome) return renderMandateForm(ctx, deps, 'request', limitBsnChecksOutcome(ctx, form, outcome.errors), outcome.errors);
    page(ctx, requestedPage({ personName: person.name, csrf, mandateId: outcome.mandateId }), 201);
  };
}
