// POST /mijn/machtigingen/:id/activeren — the agent activates a pending mandate with the principal's code. Every
// refusal gets the same page and status (wrong code, expired, used, an id that is not a pending mandate of this
// person, or locked after five wrong tries), so the answer never tells whether the code or the mandate was wrong.
import type { Context } from 'koa';
import { formField } from '../http/parse_form.ts';
import { activationRefusedPage } from '../../views/mijn_mandate.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';
import { t } from '../../views/messages/index.ts';


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function activateMandate(deps: MijnDeps) {
  return async function activateMandateAction(ctx: Context) {
    const { person, csrf } = sessionOf(ctx);
    const typed = (formField(ctx.request.body, 'code') ?? '').slice(0, 64);
    const id = String(ctx.params.id ?? '').toLowerCase();
    const outcome = typed && UUID.test(id) ? await deps.myMandates.activate({ mandateId: id, by: person.id, at: deps.clock().getTime() }, typed) : 'refused';
    if (outcome === 'activated') {
      ctx.status = 303;
      ctx.redirect(`/mijn/machtigingen/${id}?gedaan=geactiveerd`);
      return;
    }
    const action = `/mijn/machtigingen/${UUID.test(id) ? id : 'onbekend'}/activeren`;
    page(ctx, activationRefusedPage({ personName: person.name, csrf, action, error: t().mijn.activationRefused }), 400);
  };
}
